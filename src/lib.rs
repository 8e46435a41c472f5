//! capplan: how many calls a voice stack carries at once, which layer refuses the next call first,
//! and when growth gets there.
//!
//! # Where things live
//!
//! Modules import downwards only (a test, `structure::no_import_circles`, checks it):
//! the command line, then the commands, then the engines, then the model and values.
//!
//! | layer | module | holds |
//! |---|---|---|
//! | command line | [`cli`] | the clap definition: one subcommand per command |
//! | commands | [`cmd`] | one module per subcommand (`cmd::compute`, `cmd::report`, ...): read, compute, render, write; shared flags in [`cmd::args`] |
//! | pipeline | [`pipeline`] | the first step commands share: stack, timeline, report, projection |
//! | engines | [`compute`] | the report every renderer reads: the headroom figures with the sentences under them ([`render::words`]) |
//! | | [`headroom`] | the figures of that report, numbers only: every limit judged at its worst moment, the binding layer, the numbers of its hand-checkable sum ([`headroom::Arithmetic`]) |
//! | | [`load`] | a layer's load and each limit's ceiling at a traffic scale: **where the ceiling of a pool (any layer) is computed** ([`load::layer_load`]) |
//! | | [`timeline`] | arrivals on one grid, and calls in progress (M_t/G/inf, in `timeline::occupancy`) |
//! | | [`projection`], [`growth`] | month by month under growth; crossings and act-by dates |
//! | | [`plan`] | the upgrade plan and its costs |
//! | | [`simulate`] | the stack call by call (its event queue, a calendar of time buckets, in `simulate::calendar`; admission at a layer in `simulate::engine::admission`; the one-pass route most new calls take in `simulate::engine::fast`) |
//! | | [`observe`] | the exact peak from call records: CSV ([`observe::read`]), Parquet (`observe::parquet`), and the same computation as one SQL query per dialect ([`observe::sql`]) |
//! | | [`forecast`] | arrivals for the weeks ahead, with quantiles and a backtest |
//! | | [`erlang`] | teletraffic formulas |
//! | rendering | [`render`] (compute; [`render::words`]: the binding limit's sum and the Erlang B sizing in words; [`render::grid`]: **the one table policy** every terminal table follows, [`render::text`]: the width to fit and prose wrapped to it, [`render::markdown::table`]: the one markdown table), `cmd::report::render` (**where the CSV of `report` is written**), `cmd::check::render`, `cmd::simulate::render` (and its one-sentence `cmd::simulate::headline`), `cmd::observe::render`, [`chart`] | every string a person reads |
//! | model | [`stack`] | the stack file checked into workloads, layers and limits: **where a new layer kind is added** ([`stack::kind`]: its keys, unit, what happens when full, what a refused caller meets; its limits' formula in `stack::formulas`, checked into members in `stack::limits`) |
//! | inputs | [`arrivals`], [`handle_time`], [`timefmt`] | the arrivals CSV, handle-time shapes, timestamps |
//! | values | [`units`], [`month`], [`suggest`], [`error`], [`output`] | durations, shares, months, "did you mean", the one error type, where output goes and colour |

pub mod arrivals;
pub mod chart;
pub mod cli;
pub mod cmd;
pub mod compute;
pub mod erlang;
pub mod error;
pub mod forecast;
pub mod growth;
pub mod handle_time;
pub mod headroom;
pub mod input;
pub mod load;
pub mod month;
pub mod observe;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod presets;
pub mod projection;
pub mod render;
pub mod simulate;
pub mod stack;
pub mod suggest;
pub mod timefmt;
pub mod timeline;
pub mod units;

use clap::{CommandFactory, Parser};

pub use error::{Error, Result};

/// Parses the command line and runs the command. Exit codes are decided by the caller.
pub fn run() -> Result<()> {
    let cli = cli::Cli::parse();
    match &cli.command {
        cli::Command::Compute(args) => cmd::compute::run(args, cli.color),
        cli::Command::Erlang(args) => cmd::erlang::run(args),
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::Report(args) => cmd::report::run(args),
        cli::Command::Simulate(args) => cmd::simulate::run(args, cli.color),
        cli::Command::Forecast(args) => cmd::forecast::run(args),
        cli::Command::Observe(args) => cmd::observe::run(args),
        cli::Command::Init(args) => cmd::init::run(args),
        cli::Command::Presets(args) => cmd::presets::run(args),
        cli::Command::Schema => cmd::meta::schema(),
        cli::Command::Completions(args) => cmd::meta::completions(args, cli::Cli::command()),
        cli::Command::Man(args) => cmd::meta::man(args, cli::Cli::command()),
    }
}
