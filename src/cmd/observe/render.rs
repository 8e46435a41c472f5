//! What `observe` prints: the table of the file's figures, its workloads and notes, the
//! intervals' CSV and the arrivals CSV in `compute`'s format.

use crate::engine::observe::Observation;
use crate::render::csv_text;
use crate::render::grid::Grid;
use crate::values::units::{format_duration, trim_float};

/// Arrivals in `compute`'s format: one row per interval (and workload), with the robust AHT in
/// seconds (`IntervalObservation::aht_robust_s`); an interval without calls has no AHT.
pub(super) fn arrivals_csv(o: &Observation) -> String {
    let named = o.workloads.len() > 1 || o.workloads[0].name != "all";
    let header: &[&str] = if named {
        &["time", "workload", "calls", "aht_s", "expected_calls"]
    } else {
        &["time", "calls", "aht_s", "expected_calls"]
    };
    let rows = o.intervals.iter().flat_map(|i| {
        o.workloads.iter().enumerate().map(move |(k, wl)| {
            let aht = i
                .aht_robust_s
                .get(k)
                .copied()
                .flatten()
                .map_or(String::new(), |a| a.to_string());
            let mut row = vec![i.start.clone()];
            if named {
                row.push(wl.name.clone());
            }
            let expected = i.expected_by_workload.get(k).copied().unwrap_or(0.0);
            row.extend([i.calls[k].to_string(), aht, expected.to_string()]);
            row
        })
    });
    csv_text(header, rows)
}

pub(super) fn intervals_csv(o: &Observation) -> String {
    let mut header = vec!["interval_start".to_string(), "calls".to_string()];
    header.extend(o.workloads.iter().map(|wl| format!("calls_{}", wl.name)));
    header.extend(
        [
            "avg_calls",
            "peak_calls",
            "peak_to_average",
            "expected_calls",
        ]
        .map(String::from),
    );
    let rows = o.intervals.iter().map(|i| {
        let mut row = vec![i.start.clone(), i.calls.iter().sum::<u64>().to_string()];
        row.extend(i.calls.iter().map(u64::to_string));
        row.extend([
            i.avg_calls.to_string(),
            i.peak_calls.to_string(),
            i.peak_to_average.to_string(),
            i.expected_calls.to_string(),
        ]);
        row
    });
    csv_text(&header, rows)
}

/// The observed duration deciles, with the mean of the calls between each pair, as a
/// workload's `handle_time`, ready to paste. Each mean is kept inside its segment: deciles are
/// whole seconds, the calls' durations are not.
fn handle_time_line(o: &Observation) -> String {
    let d = &o.handle_time_deciles_s;
    let q: Vec<String> = d
        .iter()
        .map(|s| format!("\"{}s\"", trim_float(*s, 0)))
        .collect();
    if o.handle_time_decile_means_s.len() + 1 != d.len() {
        return format!("handle_time = {{ quantiles = [{}] }}", q.join(", "));
    }
    let m: Vec<String> = o
        .handle_time_decile_means_s
        .iter()
        .zip(d.windows(2))
        .map(|(m, w)| {
            // Rounded to a tenth of a second, then kept inside [w0, w1].
            let x = ((m * 10.0).round() / 10.0).clamp(w[0], w[1]);
            format!("\"{}s\"", trim_float(x, 1))
        })
        .collect();
    format!(
        "handle_time = {{ quantiles = [{}], means = [{}] }}",
        q.join(", "),
        m.join(", ")
    )
}

/// The summary for a terminal, or in markdown (a pull request, a wiki page): the same tables
/// and notes, the line for the stack file as code.
pub(super) fn table(o: &Observation, markdown: bool) -> String {
    let title = format!(
        "{}: {} calls, interval {}",
        o.file,
        o.calls,
        format_duration(o.interval_s)
    );
    let quantities = quantities(o).markdown(markdown).render();
    let mut workloads = workloads(o).markdown(markdown).render();
    if markdown && !o.refusals.is_empty() {
        workloads.push('\n');
        workloads.push_str(&super::refusals::grid(o).markdown(true).render());
    }
    let mut out = if markdown {
        format!("**{title}**\n\n{quantities}\n{workloads}")
    } else {
        format!("{title}\n{quantities}\n{workloads}\n")
    };
    for line in notes(o, markdown) {
        if markdown {
            out.push_str(&format!("\n{line}\n"));
        } else {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The file's figures, one quantity a row.
fn quantities(o: &Observation) -> Grid {
    let mut t = Grid::new(["quantity", "value"]).prose(&[1]);
    let p = &o.peak_to_average;
    let rows: Vec<(&str, String)> = vec![
        ("calls", o.calls.to_string()),
        (
            "span",
            format!(
                "{} to {} ({})",
                o.first_start,
                o.last_end,
                format_duration(o.span_s.round())
            ),
        ),
        ("peak_calls", format!("{} at {}", o.peak_calls, o.peak_at)),
        ("avg_calls", trim_float(o.avg_calls, 2)),
        (
            "concurrency_p50 / p95 / p99",
            format!(
                "{} / {} / {}",
                o.concurrency_p50, o.concurrency_p95, o.concurrency_p99
            ),
        ),
        (
            "aht_mean / median / p90",
            format!(
                "{} / {} / {}",
                format_duration(o.aht_mean_s),
                format_duration(o.aht_median_s),
                format_duration(o.aht_p90_s)
            ),
        ),
        (
            "busiest_interval",
            format!(
                "{} (peak/avg {})",
                p.busiest_interval,
                trim_float(p.at_busiest_interval, 2)
            ),
        ),
        (
            "peak_to_average (busy intervals)",
            format!(
                "median {}, max {}",
                trim_float(p.busy_median, 2),
                trim_float(p.busy_max, 2)
            ),
        ),
        (
            "expected_peak_calls",
            format!(
                "{} at {}",
                trim_float(o.expected_peak_calls, 2),
                o.expected_peak_at
            ),
        ),
        (
            "suggested peak_multiplier",
            format!(
                "{} (design peak {} vs observed peak {})",
                trim_float(p.suggested_peak_multiplier, 2),
                trim_float(p.design_peak_calls, 1),
                o.peak_calls
            ),
        ),
        ("skipped_rows", o.skipped_rows.to_string()),
    ];
    let mut rows = rows;
    if let Some(f) = &o.format {
        rows.insert(0, ("read as", format!("{f} export")));
    }
    let counted = [
        (
            "never_connected_calls",
            o.never_connected_calls,
            "of the calls: arrived, held no slot",
        ),
        (
            "untimed_attempts",
            o.untimed_attempts,
            "never dialled, no time: not counted",
        ),
        (
            "in_progress_calls",
            o.in_progress_calls,
            "no end yet: left out",
        ),
        (
            "other_channel_records",
            o.other_channel_records,
            "not voice: left out",
        ),
        (
            "duplicate_records",
            o.duplicate_records,
            "delivered again: the newest kept",
        ),
    ];
    for (name, n, what) in counted.into_iter().filter(|c| c.1 > 0) {
        rows.push((name, format!("{n} ({what})")));
    }
    if let Some(p) = &o.peakedness {
        let shape = match p.z {
            z if z < 0.9 => "smoother than Poisson",
            z if z > 1.1 => "more peaked than Poisson",
            _ => "about Poisson",
        };
        rows.push((
            "peakedness Z",
            format!(
                "{} ({shape}; over {} boundaries)",
                trim_float(p.z, 2),
                p.boundaries
            ),
        ));
    }
    for (k, v) in rows {
        t.row([k.to_string(), v]);
    }
    t
}

fn workloads(o: &Observation) -> Grid {
    let mut w = Grid::new(["workload", "calls", "peak_calls", "peak_at", "aht_mean"]);
    for wl in &o.workloads {
        w.row([
            wl.name.clone(),
            wl.calls.to_string(),
            wl.peak_calls.to_string(),
            wl.peak_at.clone(),
            format_duration(wl.aht_mean_s),
        ]);
    }
    w
}

/// The lines under the tables, wrapped to the width but the one pasted into a stack file: it
/// stays whole, since a TOML inline table may not span lines.
fn notes(o: &Observation, markdown: bool) -> Vec<String> {
    // Markdown is wrapped by whoever shows it.
    let wrap = |s: &str| {
        if markdown {
            s.to_string()
        } else {
            crate::render::text::prose_line(s)
        }
    };
    let mut out = Vec::new();
    if o.ambiguous_rows > 0 {
        out.push(wrap(&format!(
            "{} row(s) have a local time in the hour repeated when clocks go back; they were read with the earlier (summer) offset: check calls that ran through the change",
            o.ambiguous_rows
        )));
    }
    for e in &o.skipped_examples {
        out.push(wrap(&format!("skipped {e}")));
    }
    if !markdown {
        out.extend(super::refusals::lines(o).iter().map(|l| wrap(l)));
    }
    let busy: Vec<f64> = o
        .peak_to_average
        .by_month
        .iter()
        .filter(|m| m.busy)
        .map(|m| m.ratio)
        .collect();
    if !busy.is_empty() {
        let (lo, hi) = busy
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(a, b), r| (a.min(*r), b.max(*r)));
        out.push(wrap(&format!(
            "The suggested peak_multiplier is the highest, over the {} busy month(s) (expected peak at least half the highest), of the month's observed peak over its expected calls in progress at their highest ({} to {}), rounded up to 0.05. Expected calls in progress are the records' own: each call arriving evenly over its interval and lasting its own duration, as compute works them out from --arrivals-out.",
            busy.len(),
            trim_float(lo, 2),
            trim_float(hi, 2)
        )));
    }
    out.push(if markdown {
        format!("For the stack file: `{}`", handle_time_line(o))
    } else {
        format!("For the stack file: {}", handle_time_line(o))
    });
    out.push(wrap(
        "Times are UTC. Calls that touch (one ends as the next starts) do not overlap.",
    ));
    out
}
