//! `capplan check`: project growth and fail (exit 1) when a layer crosses the fail threshold
//! inside the horizon, or when the date to order a higher limit has already passed.

pub mod baseline;
mod render;
mod verdict;

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::{Deserialize, Serialize};

use crate::cmd::args::inputs;
use crate::cmd::args::{BlockingArg, StackArgs};
use crate::engine::headroom::Report;
use crate::engine::pipeline::load_and_compute;
use crate::io::output::Sink;
use crate::values::error::{Outcome, Result};
use crate::values::month::today;
use crate::values::units::{parse_fraction, percent};
pub use baseline::BaselineDiff;
pub use verdict::judge;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub stack: StackArgs,
    #[command(flatten)]
    pub blocking: BlockingArg,
    /// Fail at: `ceiling` (100%), `warn` (each layer's warn_at), a share ("90%"), or `order` (the
    /// ceiling, or an order for a higher limit due inside the horizon).
    #[arg(long, value_name = "LEVEL", default_value = "ceiling", value_parser = parse_fail_at)]
    pub fail_at: FailAt,
    /// Output format; `github` prints workflow annotations that point at the layer's line (the
    /// default when GITHUB_ACTIONS=true), `junit` a JUnit XML report for other CI systems.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<CheckFormat>,
    /// Where to write the verdict; `-` is standard output.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// A saved JSON report (`compute -f json` or `check -f json`) to compare with.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// `any` (default): fail on any failing layer. `worse`: with --baseline, fail only on a
    /// failing layer that got worse than the baseline by more than --margin or reaches its
    /// ceiling sooner, so a stack already over its threshold does not turn every change red.
    #[arg(long, value_enum, default_value_t = FailOn::Any, requires_if("worse", "baseline"))]
    pub fail_on: FailOn,
    /// With --fail-on worse: the utilisation rise, in points, that counts as worse ("1" = 1 point).
    #[arg(long, value_name = "POINTS", default_value_t = 1.0)]
    pub margin: f64,
    /// The date act-by dates are compared with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub today: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Any,
    Worse,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FailAt {
    Ceiling,
    Warn,
    Share(f64),
    /// Fail as soon as an order for a higher limit is due inside the horizon.
    Order,
}

impl FailAt {
    fn threshold(self, warn_at: f64) -> f64 {
        match self {
            FailAt::Ceiling | FailAt::Order => 1.0,
            FailAt::Warn => warn_at,
            FailAt::Share(s) => s,
        }
    }

    fn describe(self) -> String {
        match self {
            FailAt::Ceiling => "ceiling".into(),
            FailAt::Order => "order".into(),
            FailAt::Warn => "warn".into(),
            FailAt::Share(s) => percent(s),
        }
    }
}

fn parse_fail_at(s: &str) -> Result<FailAt, String> {
    match s {
        "ceiling" => Ok(FailAt::Ceiling),
        "order" => Ok(FailAt::Order),
        "warn" => Ok(FailAt::Warn),
        _ => match parse_fraction(s) {
            Ok(v) if v > 0.0 => Ok(FailAt::Share(v)),
            _ => Err(format!(
                "expected `ceiling`, `warn`, `order` or a share such as \"90%\", found `{s}`"
            )),
        },
    }
}

fn parse_day(s: &str) -> Result<i64, String> {
    crate::cmd::args::parse_date(s)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Table,
    Json,
    Markdown,
    Github,
    Junit,
}

impl CheckFormat {
    /// The format asked for; else GitHub annotations inside GitHub Actions; else a table.
    pub fn resolve(asked: Option<CheckFormat>) -> CheckFormat {
        asked.unwrap_or_else(|| {
            if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
                CheckFormat::Github
            } else {
                CheckFormat::Table
            }
        })
    }
}

/// The JSON contract of `capplan check`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    pub pass: bool,
    pub summary: String,
    pub fail_at: String,
    pub today: String,
    pub findings: Vec<Finding>,
    pub baseline: Option<BaselineDiff>,
    pub report: Report,
}

/// What a finding says of its layer, written in JSON as `fail`, `overdue`, `order_due`, `warn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// It crosses the fail threshold inside the horizon.
    Fail,
    /// Its act-by date has passed.
    Overdue,
    /// Its ceiling is past the horizon but the order is due inside it.
    OrderDue,
    /// It crosses its warning threshold inside the horizon.
    Warn,
}

impl FindingKind {
    /// The name JSON and JUnit carry.
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::Fail => "fail",
            FindingKind::Overdue => "overdue",
            FindingKind::OrderDue => "order_due",
            FindingKind::Warn => "warn",
        }
    }
}

/// A layer that fails the check, or (with `fail: false`) crosses its warning threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub layer: String,
    /// The line of the layer in the stack file.
    pub line: usize,
    pub kind: FindingKind,
    pub fail: bool,
    pub threshold: f64,
    pub month: String,
    pub month_index: u32,
    pub utilization: f64,
    pub act_by: String,
    pub act_by_passed: bool,
    /// With `--fail-on worse`: it crosses the fail threshold but no worse than the baseline,
    /// so it does not fail the check.
    #[serde(default)]
    pub no_worse: bool,
    pub message: String,
}

pub fn run(args: &CheckArgs) -> Result<Outcome> {
    Sink::new(
        &args.output,
        &inputs(&args.stack.input, args.stack.projection.as_ref(), None),
    )?;
    let crate::engine::pipeline::Loaded { stack, report, .. } = load_and_compute(
        &args.stack.file()?,
        &args.stack.overrides(Some(&args.blocking)),
        true,
    )?;
    let mut all_inputs = inputs(
        &args.stack.input,
        args.stack.projection.as_ref(),
        Some(&stack),
    );
    all_inputs.extend(args.baseline.clone());
    let sink = Sink::new(&args.output, &all_inputs)?;
    let baseline = match &args.baseline {
        Some(path) => Some(baseline::compare(path, &report)?),
        None => None,
    };
    let mut verdict = judge(
        &stack,
        report,
        args.fail_at,
        args.today
            .or(args.stack.as_of.and_then(|a| a.day))
            .unwrap_or_else(today),
        baseline,
    );
    if args.fail_on == FailOn::Worse {
        only_regressions(&mut verdict, args.margin / 100.0, args.fail_at);
    }
    let text = render::render(&verdict, CheckFormat::resolve(args.format), &stack);
    sink.write(text.as_bytes())?;
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        render::append_step_summary(std::path::Path::new(&path), &verdict)?;
    }
    Ok(if verdict.pass {
        Outcome::Passed
    } else {
        // On standard output the verdict is already in front of the reader: once is enough.
        let on_stdout = matches!(sink, Sink::Stdout);
        Outcome::CheckFailed {
            unseen: (!on_stdout).then_some(verdict.summary),
        }
    })
}

/// `--fail-on worse`: a failing layer fails the check only if it got worse than the baseline
/// (utilisation up by more than `margin`, or its ceiling sooner, or new).
fn only_regressions(v: &mut Verdict, margin: f64, fail_at: FailAt) {
    let Some(b) = &v.baseline else {
        return;
    };
    let mut known = 0;
    let diffs: std::collections::HashMap<&str, &baseline::LayerDiff> =
        b.layers.iter().map(|l| (l.name.as_str(), l)).collect();
    for f in v.findings.iter_mut().filter(|f| f.fail) {
        let worse = diffs.get(f.layer.as_str()).is_none_or(|l| {
            l.utilization_delta.is_none_or(|d| d > margin) || l.months_gained.is_some_and(|g| g < 0)
        });
        if !worse {
            f.fail = false;
            f.no_worse = true;
            f.message.push_str(": no worse than the baseline");
            known += 1;
        }
    }
    if v.findings.iter().all(|f| !f.fail) && !v.pass {
        v.pass = true;
        // The findings are still in order of urgency: the first is the one to read.
        let first = &v.findings[0].message;
        let layers = if known == 1 {
            "layer reaches"
        } else {
            "layers reach"
        };
        v.summary = format!(
            "PASS (no layer worse than {}): {known} {layers} the fail threshold ({}) as in the baseline; the most urgent: {first}",
            b.path, v.fail_at
        );
    } else if known > 0 {
        // Count only what still fails, as the table shows it.
        let p = v.report.projection.as_ref().expect("check always projects");
        v.summary = verdict::summary(&v.findings, p, fail_at);
    }
}
