//! `capplan check`: project growth and fail (exit 1) when a layer crosses the fail threshold
//! inside the horizon, or when the date to order a higher limit has already passed.

mod baseline;
mod render;

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use serde::{Deserialize, Serialize};

use crate::cmd::args::StackArgs;
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

/// A layer that fails the check, or (with `fail: false`) crosses its warning threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub layer: String,
    /// The line of the layer in the stack file.
    pub line: usize,
    /// `fail` (crosses the fail threshold inside the horizon), `overdue` (its act-by date has
    /// passed), `order_due` (its ceiling is past the horizon but the order is due inside it),
    /// `warn` (crosses its warning threshold inside the horizon).
    pub kind: String,
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
    let crate::cmd::compute::Loaded { stack, report, .. } =
        load_and_compute(&args.stack.file()?, &args.stack.overrides(), true)?;
    let mut all_inputs = inputs(&args.stack, Some(&stack));
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
        only_regressions(&mut verdict, args.margin / 100.0);
    }
    let text = render::render(&verdict, CheckFormat::resolve(args.format), &stack);
    sink.write(text.as_bytes())?;
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        render::append_step_summary(std::path::Path::new(&path), &verdict)?;
    }
    if verdict.pass {
        Ok(())
    } else if matches!(sink, Sink::Stdout) {
        // The verdict is already on standard output: once is enough.
        Err(Error::CheckFailed(String::new()))
    } else {
        Err(Error::CheckFailed(verdict.summary))
    }
}

/// `--fail-on worse`: a failing layer fails the check only if it got worse than the baseline
/// (utilisation up by more than `margin`, or its ceiling sooner, or new).
fn only_regressions(v: &mut Verdict, margin: f64) {
    let Some(b) = &v.baseline else {
        return;
    };
    for f in v.findings.iter_mut().filter(|f| f.fail) {
        let worse = b.layers.iter().find(|l| l.name == f.layer).is_none_or(|l| {
            l.utilization_delta.is_none_or(|d| d > margin) || l.months_gained.is_some_and(|g| g < 0)
        });
        if !worse {
            f.fail = false;
            f.message.push_str(": no worse than the baseline");
        }
    }
    if v.findings.iter().all(|f| !f.fail) && !v.pass {
        v.pass = true;
        v.summary = format!(
            "PASS (no layer worse than {}): {}",
            b.path,
            v.summary.trim_start_matches("FAIL: ")
        );
    }
}

/// Applies the fail threshold to every layer's projection. One rule for dates: an act-by date
/// counts the lead time back from the first day of the month a layer reaches its ceiling (when
/// calls start to fail), whatever `--fail-at` says; it is overdue from the day after.
pub fn judge(
    stack: &Stack,
    report: Report,
    fail_at: FailAt,
    today: i64,
    baseline: Option<BaselineDiff>,
) -> Verdict {
    let p = report.projection.as_ref().expect("check always projects");
    let mut findings = Vec::new();
    for lp in &p.layers {
        // Joined by name, never by position in two lists.
        let Some(layer) = stack.layers.iter().find(|l| l.name == lp.name) else {
            continue;
        };
        findings.extend(finding(lp, layer, p, fail_at, today));
    }
    findings.sort_by_key(|f| (!f.fail, f.month_index, f.line));
    let summary = summary(&findings, p, fail_at);
    Verdict {
        pass: findings.iter().all(|f| !f.fail),
        summary,
        fail_at: fail_at.describe(),
        today: iso_date(today),
        findings,
        baseline,
        report,
    }
}

/// What check says of one layer: a failure, an overdue order, an order due inside the horizon,
/// a warning, or nothing.
fn finding(
    lp: &crate::projection::LayerProjection,
    layer: &crate::stack::Layer,
    p: &crate::projection::Projection,
    fail_at: FailAt,
    today: i64,
) -> Option<Finding> {
    let start = Month::parse(&p.start).expect("the projection's own start month");
    let last_day = start.plus(i64::from(p.horizon_months) + 1).first_day() - 1;
    let inside = |c: &crate::projection::Crossing| c.month_index <= p.horizon_months;
    let ceiling = lp.crossing(1.0, start);
    let act_by = ceiling.as_ref().map(|c| lp.act_by_day(c, start));
    let overdue = act_by.is_some_and(|d| today > d);
    let due_inside = act_by.is_some_and(|d| d <= last_day);
    let crossing = lp
        .crossing(fail_at.threshold(layer.warn_at), start)
        .filter(inside);
    let warn = lp.crossing(layer.warn_at, start).filter(inside);
    let (kind, fail, c) = match (crossing, overdue, due_inside, warn) {
        (Some(c), ..) => ("fail", true, c),
        (None, true, ..) => (
            "overdue",
            true,
            ceiling.clone().expect("an act-by has a crossing"),
        ),
        (None, false, true, _) => (
            "order_due",
            fail_at == FailAt::Order,
            ceiling.clone().expect("an act-by has a crossing"),
        ),
        (None, false, false, Some(w)) => ("warn", false, w),
        (None, false, false, None) => return None,
    };
    let lead = lp
        .lead_time
        .map_or(String::new(), |t| format!(" (lead time {})", t.describe()));
    let order = match (act_by, &ceiling) {
        (Some(d), Some(cc)) if overdue => format!(
            "; the order for its ceiling in {} was due by {}{lead}: overdue",
            cc.month,
            iso_date(d)
        ),
        (Some(d), Some(cc)) if cc.month == c.month => {
            format!("; order a higher limit by {}{lead}", iso_date(d))
        }
        (Some(d), Some(cc)) => format!(
            "; order a higher limit by {}{lead} (ceiling in {})",
            iso_date(d),
            cc.month
        ),
        _ => format!(
            "; its ceiling is not reached by {}",
            p.months[p.months.len() - 1]
        ),
    };
    let message = match kind {
        "warn" => format!(
            "layer `{}` reaches {} (warn at {}) in {}{order}",
            lp.name,
            percent(c.utilization),
            percent(layer.warn_at),
            c.month
        ),
        "order_due" => format!(
            "layer `{}` reaches its ceiling in {}, past the {}-month horizon, but the order is due inside it{order}",
            lp.name, c.month, p.horizon_months
        ),
        _ => format!(
            "layer `{}` reaches {} of its ceiling in {} (fail at {}){order}",
            lp.name,
            percent(c.utilization),
            c.month,
            fail_at.describe()
        ),
    };
    Some(Finding {
        layer: lp.name.clone(),
        line: lp.line,
        kind: kind.to_string(),
        fail,
        threshold: fail_at.threshold(layer.warn_at),
        month: c.month.clone(),
        month_index: c.month_index,
        utilization: c.utilization,
        act_by: act_by.map(iso_date).unwrap_or_default(),
        act_by_passed: overdue,
        message,
    })
}

/// The verdict's one line: the first failure, or a pass with the highest layer at the horizon
/// and the earliest order due inside it.
fn summary(findings: &[Finding], p: &crate::projection::Projection, fail_at: FailAt) -> String {
    let start = Month::parse(&p.start).expect("the projection's own start month");
    let failing: Vec<&Finding> = findings.iter().filter(|f| f.fail).collect();
    let end = start.plus(i64::from(p.horizon_months));
    match failing.first() {
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
            let top = crate::load::binding_index(p.layers.iter().map(|l| l.utilization[h]));
            let highest = format!(
                "; the highest in {end} is `{}` at {}",
                p.layers[top].name,
                percent(p.layers[top].utilization[h])
            );
            let due = findings
                .iter()
                .filter(|f| f.kind == "order_due")
                .min_by(|a, b| a.act_by.cmp(&b.act_by))
                .map(|f| {
                    format!(
                        "; but an order is due inside the horizon: `{}` by {} (its ceiling is in {})",
                        f.layer, f.act_by, f.month
                    )
                })
                .unwrap_or_default();
            format!(
                "PASS: no layer reaches its fail threshold ({}) from {} to {end}{highest}{due}",
                fail_at.describe(),
                p.start
            )
        }
    }
}
