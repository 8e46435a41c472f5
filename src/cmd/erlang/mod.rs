//! `capplan erlang ...`: the teletraffic calculators, one subcommand per model.

mod answer;
mod args;
mod sizing;

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::engine::erlang;
use crate::io::output::Sink;
use crate::values::error::{Error, Result};
use answer::{Answer, Unit};
pub use args::{Model, Traffic};
use sizing::{
    abandonment, agents_for, engset, extended, lines_for, queue_answer, traffic_for, unstable_note,
};

#[derive(Debug, Args)]
pub struct ErlangArgs {
    #[command(subcommand)]
    pub model: Model,
    /// Output format: CSV has one row per figure (model, side, quantity, value, unit).
    #[arg(long, short = 'f', value_enum, default_value_t = AnswerFormat::Table, global = true)]
    pub format: AnswerFormat,
    /// Where to write the answer; `-` is standard output. Files are replaced atomically.
    #[arg(
        long,
        short = 'o',
        value_name = "FILE",
        default_value = "-",
        global = true
    )]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnswerFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

pub fn run(args: &ErlangArgs) -> Result<()> {
    let sink = Sink::new(&args.output, &[])?;
    let answer = calculate(&args.model)?;
    let text = match args.format {
        AnswerFormat::Table => answer.table(),
        AnswerFormat::Json => answer.json(),
        AnswerFormat::Csv => {
            // CSV carries figures only; a note (an unstable queue) still reaches the reader.
            for n in &answer.notes {
                eprintln!("capplan: note: {n}");
            }
            answer.csv()
        }
        AnswerFormat::Markdown => answer.markdown(),
    };
    sink.write(text.as_bytes())
}

/// Parses `erlang` arguments (without `capplan erlang`) and answers them as JSON: the route the
/// fuzz target and the tests take through the same checks as the command line.
pub fn answer_for(args: &[String]) -> Result<String> {
    use clap::Parser;
    #[derive(Parser)]
    struct Wrap {
        #[command(subcommand)]
        model: Model,
    }
    let all = std::iter::once("erlang".to_string()).chain(args.iter().cloned());
    let w = Wrap::try_parse_from(all).map_err(|e| Error::Usage(e.to_string()))?;
    Ok(calculate(&w.model)?.json())
}

/// Traffic and lines divided by the peakedness must stay within what the recursion walks.
fn fits(traffic: f64, lines: f64, z: f64) -> Result<()> {
    if erlang::hayward_fits(traffic, lines, z) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--peakedness {z}: the traffic and lines divided by it run past {} (Hayward sizes them as Erlang B of A/Z on C/Z); give a larger peakedness",
        erlang::MAX_ERLANGS
    )))
}

/// With a peakedness other than 1, the answer says it is Hayward's and shows Z.
pub(super) fn hayward_note(ans: Answer, z: f64) -> Answer {
    if z == 1.0 {
        return ans;
    }
    ans.input("peakedness", z, Unit::Ratio).note(format!(
        "Hayward's approximation: traffic of peakedness {z} (variance / mean of the calls in progress) blocks as Poisson traffic A/Z offered to C/Z lines, with the continuous Erlang B."
    ))
}

fn calculate(model: &Model) -> Result<Answer> {
    use Unit::*;
    Ok(match model {
        Model::B {
            traffic,
            aht,
            lines,
            peakedness,
        } => {
            let a = traffic.erlangs(*aht)?;
            fits(a, *lines, *peakedness)?;
            let b = erlang::hayward_b(a, *lines, *peakedness);
            let ans = Answer::new("Erlang B")
                .input("traffic_erlangs", a, Erlangs)
                .input("lines", *lines, Lines)
                .result("blocking", b, Share)
                .result("carried_erlangs", a * (1.0 - b), Erlangs)
                .result("lost_erlangs", a * b, Erlangs);
            hayward_note(ans, *peakedness)
        }
        Model::Lines {
            traffic,
            aht,
            blocking,
            fractional,
            peakedness,
        } => {
            let a = traffic.erlangs(*aht)?;
            fits(a, 0.0, *peakedness)?;
            lines_for(a, *blocking, *fractional, *peakedness)
        }
        Model::Traffic {
            lines,
            blocking,
            aht,
        } => traffic_for(*lines, *blocking, *aht)?,
        Model::ExtendedB {
            traffic,
            aht,
            recall,
            lines,
            blocking,
        } => extended(traffic.erlangs(*aht)?, *recall, *lines, *blocking)?,
        Model::Engset {
            sources,
            lines,
            per_idle_source,
            traffic,
        } => engset(*sources, *lines, *per_idle_source, *traffic)?,
        Model::C {
            traffic,
            aht,
            agents,
            target,
        } => {
            let a = traffic.erlangs(Some(*aht))?;
            let s = erlang::erlang_c_stats(a, *agents, *aht, *target);
            let ans =
                queue_answer("Erlang C", a, *aht, *target, s).input("agents", *agents, Agents);
            if s.stable {
                ans
            } else {
                ans.note(unstable_note(a, *agents))
            }
        }
        Model::Agents {
            traffic,
            aht,
            service_level,
            target,
            max_occupancy,
            shrinkage,
        } => agents_for(
            traffic.erlangs(Some(*aht))?,
            *aht,
            *target,
            [*service_level, *max_occupancy, *shrinkage],
        ),
        Model::A {
            traffic,
            aht,
            agents,
            patience,
            target,
        } => abandonment(
            traffic.erlangs(Some(*aht))?,
            *agents,
            *aht,
            *patience,
            *target,
        )?,
    })
}
