//! The command line, as clap derive types: the top of the tree, naming each command's own
//! arguments (in `cmd/`). Values are parsed into checked numbers there, so nothing downstream
//! sees a raw string.

use clap::{Parser, Subcommand};

pub use crate::cmd::args::{AsOf, OutputArgs, StackArgs, parse_date};
pub use crate::cmd::compute::ComputeArgs;
pub use crate::io::output::ColorChoice;
pub use crate::render::Format;

#[derive(Debug, Parser)]
#[command(
    name = "capplan",
    version,
    about = "How many calls your voice stack carries at once, which layer refuses the next call first, and when growth gets there."
)]
pub struct Cli {
    /// When to colour the table: auto colours on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Per-layer ceiling, design peak, utilisation and headroom; names the binding layer.
    #[command(
        after_help = "Examples:\n  capplan compute examples/voice-agent/stack.toml\n  capplan compute stack.toml --blocking 1% -f json -o report.json\n  capplan compute stack.toml --arrivals inbound=forecast.csv --quantile 90"
    )]
    Compute(ComputeArgs),
    /// Project growth and exit 1 when a layer crosses its fail threshold inside the horizon.
    #[command(
        after_help = "Examples:\n  capplan check stack.toml --growth 12% --fail-at warn\n  capplan check stack.toml --baseline main.json -f markdown"
    )]
    Check(crate::cmd::check::CheckArgs),
    /// The upgrade plan and its costs month by month: a finance CSV, with an optional SVG chart.
    #[command(after_help = "Examples:\n  capplan report stack.toml -o plan.csv --chart plan.svg")]
    Report(crate::cmd::report::ReportArgs),
    /// Forecast arrivals for the weeks ahead from a dated history, with quantiles; or backtest.
    #[command(
        after_help = "Examples:\n  capplan forecast history.csv --horizon 8w --quantile 50,90 -o forecast.csv\n  capplan forecast history.csv --backtest 4w"
    )]
    Forecast(crate::cmd::forecast::ForecastArgs),
    /// Simulate the stack call by call: the calls each layer refuses per day, per load level.
    #[command(
        after_help = "Examples:\n  capplan simulate stack.toml --load 80%,100%,120%,150% --days 30\n  capplan simulate stack.toml --replay calls.csv"
    )]
    Simulate(crate::cmd::simulate::SimulateArgs),
    /// The exact concurrency curve and peak from call-detail records, and arrivals for compute.
    #[command(
        after_help = "Examples:\n  capplan observe calls.csv --interval 15m --arrivals-out arrivals.csv\n  capplan observe calls.parquet --workload direction\n  capplan observe --sql spark --table cdr.calls --start started_at --end ended_at --interval 15m"
    )]
    Observe(crate::cmd::observe::ObserveArgs),
    /// Write a commented stack file and an arrivals profile to start from.
    #[command(after_help = "Examples:\n  capplan init stack.toml --platform vapi --llm llm-100")]
    Init(crate::cmd::init::InitArgs),
    /// List the provider presets, or show one with its source and as-of date.
    #[command(
        after_help = "Examples:\n  capplan presets\n  capplan presets vapi\n  capplan presets -f json"
    )]
    Presets(crate::cmd::presets::PresetsArgs),
    /// Print the JSON Schema of the stack file, for editors.
    #[command(after_help = "Examples:\n  capplan schema > capplan.schema.json")]
    Schema,
    /// Print shell completions.
    #[command(
        after_help = "Examples:\n  capplan completions bash > ~/.local/share/bash-completion/completions/capplan"
    )]
    Completions(crate::cmd::meta::CompletionsArgs),
    /// Print the man page (roff), or one page per command into a folder.
    #[command(after_help = "Examples:\n  capplan man > capplan.1\n  capplan man --out-dir man/")]
    Man(crate::cmd::meta::ManArgs),
    /// Teletraffic calculators: Erlang B, Extended Erlang B, Engset, Erlang C and Erlang A.
    #[command(
        after_help = "Examples:\n  capplan erlang b --traffic 10 --lines 12\n  capplan erlang agents --calls 100 --per 30m --aht 180s --service-level 80% --target 20s"
    )]
    Erlang(crate::cmd::erlang::ErlangArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::path::PathBuf;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_become_checked_values() {
        let cli = Cli::try_parse_from([
            "capplan",
            "compute",
            "s.toml",
            "--arrivals",
            "inbound=in.csv",
            "--interval",
            "15m",
            "--peak-multiplier",
            "3",
            "--warn-at",
            "80%",
            "-f",
            "json",
            "-o",
            "out.json",
        ])
        .unwrap();
        let Command::Compute(c) = cli.command else {
            panic!("compute parses as compute")
        };
        let a = &c.stack;
        assert_eq!(
            a.input.arrivals,
            vec![("inbound".to_string(), PathBuf::from("in.csv"))]
        );
        assert_eq!(a.input.interval, Some(900.0));
        assert_eq!(a.peak_multiplier, Some(3.0));
        assert_eq!(a.warn_at, Some(0.8));
        assert_eq!(c.output.format, Format::Json);
        assert_eq!(c.output.output, PathBuf::from("out.json"));
    }

    #[test]
    fn bad_flags_are_refused() {
        for args in [
            vec!["capplan", "compute", "s.toml", "--arrivals", "in.csv"],
            vec!["capplan", "compute", "s.toml", "--interval", "15"],
            vec!["capplan", "compute", "s.toml", "--peak-multiplier", "0.5"],
            vec!["capplan", "compute", "s.toml", "--warn-at", "175%"],
            vec!["capplan", "compute", "s.toml", "--format", "xml"],
        ] {
            assert!(Cli::try_parse_from(&args).is_err(), "{args:?}");
        }
    }
}
