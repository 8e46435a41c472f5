//! `capplan check`: project growth and fail (exit 1) when a layer crosses the fail threshold
//! inside the horizon, or when the date to order a higher limit has already passed.

mod baseline;
mod render;

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::{Deserialize, Serialize};

use crate::cli::StackArgs;
use crate::cmd::compute::{inputs, load_and_compute};
use crate::compute::Report;
use crate::error::{Error, Result};
use crate::month::{Month, iso_date, today};
use crate::output::Sink;
use crate::stack::Stack;
use crate::units::{parse_fraction, percent};
pub use baseline::BaselineDiff;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub stack: StackArgs,
    /// Fail at: `ceiling` (100%), `warn` (each layer's warn_at) or a share ("90%").
    #[arg(long, value_name = "LEVEL", default_value = "ceiling", value_parser = parse_fail_at)]
    pub fail_at: FailAt,
    /// Output format; `github` prints workflow annotations that point at the layer's line.
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
    /// Where to write the verdict; `-` is standard output.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    /// A saved JSON report (`compute -f json` or `check -f json`) to compare with.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// The date act-by dates are compared with (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub today: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FailAt {
    Ceiling,
    Warn,
    Share(f64),
}

impl FailAt {
    fn threshold(self, warn_at: f64) -> f64 {
        match self {
            FailAt::Ceiling => 1.0,
            FailAt::Warn => warn_at,
            FailAt::Share(s) => s,
        }
    }

    fn describe(self) -> String {
        match self {
            FailAt::Ceiling => "ceiling".into(),
            FailAt::Warn => "warn".into(),
            FailAt::Share(s) => percent(s),
        }
    }
}

fn parse_fail_at(s: &str) -> Result<FailAt, String> {
    match s {
        "ceiling" => Ok(FailAt::Ceiling),
        "warn" => Ok(FailAt::Warn),
        _ => match parse_fraction(s) {
            Ok(v) if v > 0.0 => Ok(FailAt::Share(v)),
            _ => Err(format!(
                "expected `ceiling`, `warn` or a share such as \"90%\", found `{s}`"
            )),
        },
    }
}

fn parse_day(s: &str) -> Result<i64, String> {
    match crate::timefmt::parse_timestamp(&format!("{} 00:00", s.trim())) {
        Ok((crate::timefmt::TimeKind::Local, ms)) => Ok(ms.div_euclid(86_400_000)),
        _ => Err(format!("expected a date such as 2026-11-23, found `{s}`")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Table,
    Json,
    Markdown,
    Github,
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

/// A layer that fails the check, or (with `fail: false`) crosses its warning threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub layer: String,
    /// The line of the layer in the stack file.
    pub line: usize,
    pub fail: bool,
    pub threshold: f64,
    pub month: String,
    pub month_index: u32,
    pub utilization: f64,
    pub act_by: String,
    pub act_by_passed: bool,
    pub message: String,
}

pub fn run(args: &CheckArgs) -> Result<()> {
    Sink::new(&args.output, &inputs(&args.stack, None))?;
    let (stack, report) = load_and_compute(&args.stack.stack, &args.stack.overrides(), true)?;
    let mut all_inputs = inputs(&args.stack, Some(&stack));
    all_inputs.extend(args.baseline.clone());
    let sink = Sink::new(&args.output, &all_inputs)?;
    let baseline = match &args.baseline {
        Some(path) => Some(baseline::compare(path, &report)?),
        None => None,
    };
    let verdict = judge(
        &stack,
        report,
        args.fail_at,
        args.today.unwrap_or_else(today),
        baseline,
    );
    let text = render::render(&verdict, args.format, &stack);
    sink.write(text.as_bytes())?;
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        render::append_step_summary(std::path::Path::new(&path), &verdict)?;
    }
    if verdict.pass {
        Ok(())
    } else {
        Err(Error::CheckFailed(verdict.summary))
    }
}

/// Applies the fail threshold to every layer's projection.
pub fn judge(
    stack: &Stack,
    report: Report,
    fail_at: FailAt,
    today: i64,
    baseline: Option<BaselineDiff>,
) -> Verdict {
    let p = report.projection.as_ref().expect("check always projects");
    let start = Month::parse(&p.start).expect("the projection's own start month");
    let mut findings = Vec::new();
    for (lp, layer) in p.layers.iter().zip(&stack.layers) {
        let th = fail_at.threshold(layer.warn_at);
        let Some(c) = lp.crossing(th, start) else {
            continue;
        };
        let act_by = lp.act_by_day(&c, start);
        let inside = c.month_index <= p.horizon_months;
        let passed = act_by <= today;
        let lead = lp
            .lead_time_days
            .map_or(String::new(), |d| format!(" (lead time {} days)", d));
        let message = format!(
            "layer `{}` reaches {} of its ceiling in {} (fail at {}); order a higher limit by {}{lead}",
            lp.name,
            percent(c.utilization),
            c.month,
            fail_at.describe(),
            iso_date(act_by)
        );
        findings.push(Finding {
            layer: lp.name.clone(),
            line: lp.line,
            fail: inside || passed,
            threshold: th,
            month: c.month.clone(),
            month_index: c.month_index,
            utilization: c.utilization,
            act_by: iso_date(act_by),
            act_by_passed: passed,
            message: if !inside && passed {
                format!("{message}: that date has passed, though the crossing is past the {}-month horizon", p.horizon_months)
            } else {
                message
            },
        });
    }
    // Warning-threshold crossings inside the horizon, for layers that do not fail.
    for (lp, layer) in p.layers.iter().zip(&stack.layers) {
        if findings.iter().any(|f| f.layer == lp.name) {
            continue;
        }
        if let Some(c) = lp
            .crossing(layer.warn_at, start)
            .filter(|c| c.month_index <= p.horizon_months)
        {
            findings.push(Finding {
                layer: lp.name.clone(),
                line: lp.line,
                fail: false,
                threshold: layer.warn_at,
                month: c.month.clone(),
                month_index: c.month_index,
                utilization: c.utilization,
                act_by: String::new(),
                act_by_passed: false,
                message: format!(
                    "layer `{}` reaches {} (warn at {}) in {}",
                    lp.name,
                    percent(c.utilization),
                    percent(layer.warn_at),
                    c.month
                ),
            });
        }
    }
    findings.sort_by_key(|f| (!f.fail, f.month_index, f.line));
    let failing: Vec<&Finding> = findings.iter().filter(|f| f.fail).collect();
    let end = start.plus(i64::from(p.horizon_months));
    let summary = match failing.first() {
        Some(f) => {
            let more = if failing.len() > 1 {
                format!(" ({} layers fail)", failing.len())
            } else {
                String::new()
            };
            format!("FAIL: {}{more}", f.message)
        }
        None => {
            let h = p.horizon_months as usize;
            let top = crate::compute::binding_index(p.layers.iter().map(|l| l.utilization[h]));
            let highest = format!(
                "; the highest in {end} is `{}` at {}",
                p.layers[top].name,
                percent(p.layers[top].utilization[h])
            );
            format!(
                "PASS: no layer reaches its fail threshold ({}) from {} to {end}{highest}",
                fail_at.describe(),
                p.start
            )
        }
    };
    Verdict {
        pass: failing.is_empty(),
        summary,
        fail_at: fail_at.describe(),
        today: iso_date(today),
        findings,
        baseline,
        report,
    }
}
