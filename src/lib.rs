//! capplan: how many calls a voice stack carries at once, which layer refuses the next call first,
//! and when growth gets there.

pub mod arrivals;
pub mod chart;
pub mod cli;
pub mod cmd;
pub mod compute;
pub mod erlang;
pub mod error;
pub mod growth;
pub mod handle_time;
pub mod month;
pub mod observe;
pub mod output;
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

use clap::Parser;

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
        cli::Command::Observe(args) => cmd::observe::run(args),
        cli::Command::Init(args) => cmd::init::run(args),
        cli::Command::Presets(args) => cmd::presets::run(args),
        cli::Command::Schema => cmd::meta::schema(),
        cli::Command::Completions(args) => cmd::meta::completions(args),
        cli::Command::Man => cmd::meta::man(),
    }
}
