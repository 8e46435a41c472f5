//! `observe --stack`: the stack put next to the records of the same period (see
//! `engine::hindsight`), and a saved plan beside them with `--plan`; rendered as a table per
//! layer, JSON (the observation with a `hindsight` object), CSV or markdown.

use std::path::Path;

use serde::Serialize;

use crate::engine::headroom::{Report, compute};
use crate::engine::hindsight::{Hindsight, Plan, Seen, assess};
use crate::engine::observe::{Observation, Options, observe_calls};
use crate::engine::simulate::{Options as SimOptions, SimReport, records_of, simulate};
use crate::engine::timeline::Timeline;
use crate::model::stack::{self, Overrides};
use crate::render::csv_text;
use crate::render::grid::Grid;
use crate::values::error::{Error, Result};
use crate::values::units::trim_float;

/// Reads the records, replays them through the stack and compares; `plan` is a saved report.
pub(super) fn run(
    file: &Path,
    stack_path: &Path,
    plan_path: Option<&Path>,
    opts: Options,
) -> Result<(Observation, Hindsight)> {
    let interval_ms = opts.interval_ms;
    let overrides = Overrides {
        interval_s: Some(interval_ms as f64 / 1000.0),
        ..Overrides::default()
    };
    let stack = stack::load(stack_path, &overrides)?;
    let plan = plan_path.map(read_plan).transpose()?;
    let seen = observe_calls(file, opts)?;
    let (records, series) = records_of(&seen, &stack, file, interval_ms)?;
    let tl = Timeline::build(&stack, &series)?;
    let label = stack_path.display().to_string();
    let report = compute(&stack, &tl, &label);
    let sim = SimOptions {
        loads: vec![1.0],
        days: 1,
        seed: 1,
        per_interval: false,
    };
    let file_label = Some(file.display().to_string());
    let replay = simulate(
        &stack,
        &tl,
        &sim,
        Some(&records),
        &label,
        file_label,
        &|| {},
    );
    let obs = seen.observation;
    let refused_in_records = obs.refusals.iter().map(|r| r.calls).sum();
    let inputs = Seen {
        stack: &stack,
        records: &records,
        interval_ms,
        report: &report,
        replay: &replay,
        peakedness: obs.peakedness.as_ref().map(|p| p.z),
        refused_in_records,
        span_s: obs.span_s,
    };
    let name = plan_path.map(|p| p.display().to_string());
    let h = assess(&inputs, name.as_deref().zip(plan.as_ref()));
    Ok((obs, h))
}

/// A saved `compute -f json` or `simulate -f json` report.
fn read_plan(path: &Path) -> Result<Plan> {
    let text = crate::values::input::read_to_string(path)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::file(path, format!("is not JSON: {e}")))?;
    let wrong = |e: serde_json::Error| Error::file(path, format!("--plan: {e}"));
    if value.get("levels").is_some() {
        return serde_json::from_value::<SimReport>(value)
            .map(Plan::Simulate)
            .map_err(wrong);
    }
    if value.get("binding_layer").is_some() {
        return serde_json::from_value::<Report>(value)
            .map(Plan::Compute)
            .map_err(wrong);
    }
    Err(Error::file(
        path,
        "--plan: expected a report saved with `capplan compute -f json` or `capplan simulate -f json`",
    ))
}

/// The JSON: the observation's fields with the comparison beside them.
#[derive(Serialize)]
pub(super) struct WithHindsight<'a> {
    #[serde(flatten)]
    pub observation: &'a Observation,
    pub hindsight: &'a Hindsight,
}

fn calls(v: f64) -> String {
    trim_float(v, 1)
}

fn opt(v: Option<f64>) -> String {
    v.map_or("-".to_string(), calls)
}

/// One row per layer: its ceiling and the records' peak, then each prediction of refusals.
pub(super) fn grid(h: &Hindsight) -> Grid {
    let mut head = vec![
        "layer",
        "ceiling_calls",
        "observed_peak",
        "design_peak",
        "replay_refused",
        "erlang_b_refused",
        "hayward_refused",
    ];
    if h.plan.is_some() {
        head.push("plan");
    }
    let mut t = Grid::new(head);
    for l in &h.layers {
        let mut row = vec![
            l.name.clone(),
            opt(l.ceiling_calls),
            l.observed_peak_calls.to_string(),
            calls(l.design_peak_calls),
            format!(
                "{} of {}",
                calls(l.replay_refused_calls),
                calls(l.replay_offered_calls)
            ),
            opt(l.erlang_b_refused_calls),
            opt(l.hayward_refused_calls),
        ];
        if h.plan.is_some() {
            row.push(match (l.plan_design_peak_calls, l.plan_refused_calls) {
                (Some(p), _) => format!("peak {}", calls(p)),
                (_, Some(r)) => format!("{} refused", calls(r)),
                _ => "-".into(),
            });
        }
        t.row(row);
    }
    t
}

/// What each figure rests on, said under the table.
pub(super) fn notes(h: &Hindsight) -> Vec<String> {
    let mut out = vec![format!(
        "Over {} of records: observed_peak is the exact peak of the calls each layer carried; design_peak is compute's on these records' arrivals with the stack's peak multiplier; replay_refused is what the stack would have refused of these very calls (their own timing and durations, exact); erlang_b_refused is Erlang B per interval on the records' own load (Poisson arrivals); hayward_refused is the same with the records' peakedness Z = {} (B(A/Z, C/Z)){}.",
        crate::values::units::format_duration(h.span_s.round()),
        trim_float(h.peakedness, 2),
        if h.peakedness_measured {
            ""
        } else {
            ", taken as 1: too few intervals to measure it"
        }
    )];
    if h.refused_in_records > 0 {
        out.push(format!(
            "The records themselves show {} refused call(s) (see the refusals above).",
            h.refused_in_records
        ));
    }
    if let Some(p) = &h.plan {
        out.push(format!(
            "plan: {p}, made beforehand: its design peak (a compute report) or its refusals over the same days (a simulate report)."
        ));
    }
    out
}

pub(super) fn csv(h: &Hindsight) -> String {
    let header = [
        "layer",
        "ceiling_calls",
        "observed_peak_calls",
        "observed_peak_at",
        "design_peak_calls",
        "replay_offered_calls",
        "replay_refused_calls",
        "erlang_b_refused_calls",
        "hayward_refused_calls",
        "plan_design_peak_calls",
        "plan_refused_calls",
    ];
    let num = |v: Option<f64>| v.map_or(String::new(), crate::values::units::csv_number);
    let rows = h.layers.iter().map(|l| {
        vec![
            l.name.clone(),
            num(l.ceiling_calls),
            l.observed_peak_calls.to_string(),
            l.observed_peak_at.clone(),
            num(Some(l.design_peak_calls)),
            num(Some(l.replay_offered_calls)),
            num(Some(l.replay_refused_calls)),
            num(l.erlang_b_refused_calls),
            num(l.hayward_refused_calls),
            num(l.plan_design_peak_calls),
            num(l.plan_refused_calls),
        ]
    });
    csv_text(&header, rows)
}
