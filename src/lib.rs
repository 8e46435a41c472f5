//! capplan: how many calls a voice stack carries at once, which layer refuses the next call first,
//! and when growth gets there.
//!
//! # Where things live
//!
//! `src/` is grouped by layer, and the folder a file is in says what it may import: its own
//! layer and those below it, never one above (`tests/it/structure.rs` checks the ranks, that no
//! command imports another, and that no modules of a layer import each other in a circle).
//!
//! | rank | layer | holds | add here |
//! |---|---|---|---|
//! | 0 | [`values`] | durations and shares ([`values::units`]), months, timestamps, "did you mean", the one error type ([`values::error`]), where an input's bytes come from ([`values::input`]) | a new unit or value syntax |
//! | 1 | [`model`] | the stack file checked into workloads, layers and limits ([`model::stack`]), provider presets, handle-time shapes | **a layer kind**: `model::stack::kind` (its keys, unit, what happens when full), its limits' formula in `model::stack::formulas` |
//! | 2 | [`io`] | the arrivals CSV, the growth CSV, call records in CSV and Parquet ([`io::records`]), where a report goes ([`io::output`]: stdout or a file replaced atomically, the colour policy) | **a record format**: a reader in `io::records` |
//! | 3 | [`engine`] | timeline and calls in progress, a layer's load and ceilings ([`engine::load`]), the headroom report with its sentences ([`engine::headroom`]), projection, plan, the commands' shared first step ([`engine::pipeline`]), simulate, observe, a stack next to its records ([`engine::hindsight`]), forecast, erlang | a computation: a result struct, no strings for a terminal |
//! | 4 | [`render`] | every table and chart a person reads: [`render::grid`] (the one table policy), [`render::text`] (width and prose wrapping), markdown, CSV, [`render::chart`], and [`render::Format`] | **an output format**: a variant of `render::Format` and its arm |
//! | 5 | [`cmd`] | one module per subcommand: read, call an engine, render, write; the flags commands share in [`cmd::args`] | **a command**: `cmd/NAME.rs` with its `Args` and `run` |
//! | 6 | [`cli`] | the clap definition naming each command's arguments | the command's line in `cli::Command` |
//!
//! `cli` sits above `cmd` because it names each command's arguments; the flags two commands
//! share are therefore in `cmd::args`, the one module of `cmd` every command may import.

pub mod cli;
pub mod cmd;
pub mod engine;
pub mod io;
pub mod model;
pub mod render;
pub mod values;

use clap::{CommandFactory, Parser};

pub use values::error::{Error, Outcome, Result};

/// Parses the command line and runs the command. Exit codes are decided by the caller.
pub fn run() -> Result<Outcome> {
    let cli = cli::Cli::parse();
    // Only `check` has an outcome besides passing; every other command passes or errs.
    let ran = match &cli.command {
        cli::Command::Compute(args) => cmd::compute::run(args, cli.color),
        cli::Command::Erlang(args) => cmd::erlang::run(args),
        cli::Command::Check(args) => return cmd::check::run(args),
        cli::Command::Report(args) => cmd::report::run(args),
        cli::Command::Simulate(args) => cmd::simulate::run(args, cli.color),
        cli::Command::Forecast(args) => cmd::forecast::run(args),
        cli::Command::Observe(args) => cmd::observe::run(args),
        cli::Command::Init(args) => cmd::init::run(args),
        cli::Command::Presets(args) => cmd::presets::run(args),
        cli::Command::Schema => cmd::meta::schema(),
        cli::Command::Completions(args) => cmd::meta::completions(args, cli::Cli::command()),
        cli::Command::Man(args) => cmd::meta::man(args, cli::Cli::command()),
    };
    ran.map(|()| Outcome::Passed)
}
