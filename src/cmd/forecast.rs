//! `capplan forecast HISTORY`: arrivals for the weeks ahead with their quantiles, as an arrivals
//! CSV `compute` reads (`--quantile 90` plans on the p90 column), or a backtest of the model.

use std::path::PathBuf;

use crate::render::grid::Grid;
use clap::Args;
use serde::Serialize;

use crate::engine::forecast::{self, Backtest, Forecast, History};
use crate::io::output::Sink;
use crate::render::Format;
use crate::values::error::{Error, Result};
use crate::values::timefmt::{TimeKind, format_key};
use crate::values::units::{parse_duration_s, percent, trim_float};

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// A dated arrivals history (`time,calls` with an optional `workload` column), such as
    /// `capplan observe --arrivals-out` writes.
    pub history: PathBuf,
    /// How far ahead ("8w", "56d").
    #[arg(long, value_name = "DURATION", default_value = "8w", value_parser = parse_span)]
    pub horizon: f64,
    /// Quantiles to give, in percent ("50,80,90"): a `calls_pNN` column each.
    #[arg(long, value_name = "PERCENTS", value_delimiter = ',', default_value = "50,90", value_parser = parse_quantile)]
    pub quantile: Vec<u32>,
    /// Instead of forecasting: hold out the last DURATION of the history and score forecasts of it.
    #[arg(long, value_name = "DURATION", value_parser = parse_span)]
    pub backtest: Option<f64>,
    /// Output format; default: from the -o file's extension (.csv, .json, .md), else a table.
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Where to write; `-` is standard output. Files are replaced atomically.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

fn parse_span(s: &str) -> std::result::Result<f64, String> {
    match parse_duration_s(s)? {
        v if (3600.0..=366.0 * 86_400.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a span from 1h to a year such as 8w, found `{s}`"
        )),
    }
}

fn parse_quantile(s: &str) -> std::result::Result<u32, String> {
    match s.trim().trim_end_matches('%').parse::<u32>() {
        Ok(q) if (1..=99).contains(&q) => Ok(q),
        _ => Err(format!(
            "expected a quantile from 1 to 99 (percent), found `{s}`"
        )),
    }
}

/// The summary a person reads, and the JSON contract: per workload and week ahead.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub history: String,
    pub interval_s: f64,
    pub horizon_intervals: usize,
    pub quantiles: Vec<u32>,
    pub workloads: Vec<WorkloadSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorkloadSummary {
    pub workload: String,
    /// Expected calls per week ahead (the model's mean), week by week.
    pub calls_per_week: Vec<f64>,
    /// The interval with the highest expected calls, its mean and its top quantile.
    pub busiest_at: String,
    pub busiest_calls: f64,
    pub busiest_top_quantile: f64,
}

pub fn run(args: &ForecastArgs) -> Result<()> {
    Sink::new(&args.output, std::slice::from_ref(&args.history))?;
    let histories = forecast::read(&args.history)?;
    let format = args
        .format
        .unwrap_or_else(|| crate::render::Format::for_path(&args.output));
    let sink = Sink::new(&args.output, std::slice::from_ref(&args.history))?;
    let fail = |e: String| Error::file(&args.history, e);
    if let Some(span) = args.backtest {
        use rayon::prelude::*;
        let results = histories
            .par_iter()
            .map(|h| forecast::backtest(h, steps(span, h)).map_err(fail))
            .collect::<Result<Vec<_>>>()?;
        return sink.write(render_backtest(&results, format).as_bytes());
    }
    let mut quantiles = args.quantile.clone();
    quantiles.sort_unstable();
    quantiles.dedup();
    // Workloads are forecast in parallel; each is deterministic, so the order of work changes
    // nothing.
    use rayon::prelude::*;
    let forecasts = histories
        .par_iter()
        .map(|h| forecast::forecast(h, steps(args.horizon, h), &quantiles).map_err(fail))
        .collect::<Result<Vec<_>>>()?;
    let text = match format {
        Format::Csv => csv(&histories, &forecasts, &quantiles),
        _ => {
            let s = summary(args, &histories, &forecasts, &quantiles);
            match format {
                Format::Json => crate::render::json(&s),
                _ => table(&s, format == Format::Markdown),
            }
        }
    };
    sink.write(text.as_bytes())
}

fn steps(span_s: f64, h: &History) -> usize {
    (span_s * 1000.0 / h.interval_ms as f64).ceil() as usize
}

fn when(h: &History, ms: i64) -> String {
    match h.kind {
        TimeKind::Zoned => format_key(TimeKind::Zoned, ms),
        k => format_key(k, ms),
    }
}

/// The forecast as arrivals in `compute`'s format: `calls` is the model's mean, and each
/// quantile has its `calls_pNN` column; the history's mean AHT rides along when it had one.
fn csv(histories: &[History], forecasts: &[Forecast], quantiles: &[u32]) -> String {
    let mut header = vec!["time".to_string(), "workload".into(), "calls".into()];
    header.extend(quantiles.iter().map(|q| format!("calls_p{q}")));
    let with_aht = histories.iter().any(|h| h.aht_s.is_some());
    if with_aht {
        header.push("aht_s".into());
    }
    let rows = histories.iter().zip(forecasts).flat_map(|(h, f)| {
        (0..f.mean.len()).map(move |t| {
            let mut row = vec![
                when(h, f.start_ms + t as i64 * f.interval_ms),
                f.workload.clone(),
                trim_float(f.mean[t], 3),
            ];
            row.extend(f.quantiles.iter().map(|(_, v)| trim_float(v[t], 3)));
            if with_aht {
                row.push(h.aht_s.map(|a| trim_float(a, 1)).unwrap_or_default());
            }
            row
        })
    });
    crate::render::csv_text(&header, rows)
}

fn summary(
    args: &ForecastArgs,
    histories: &[History],
    forecasts: &[Forecast],
    quantiles: &[u32],
) -> Summary {
    let workloads = histories
        .iter()
        .zip(forecasts)
        .map(|(h, f)| {
            let week = (7 * 86_400_000 / f.interval_ms).max(1) as usize;
            let b = (0..f.mean.len()).fold(0, |b, t| if f.mean[t] > f.mean[b] { t } else { b });
            WorkloadSummary {
                workload: f.workload.clone(),
                calls_per_week: f.mean.chunks(week).map(|c| c.iter().sum()).collect(),
                busiest_at: when(h, f.start_ms + b as i64 * f.interval_ms),
                busiest_calls: f.mean[b],
                busiest_top_quantile: f.quantiles.last().map_or(f.mean[b], |(_, v)| v[b]),
            }
        })
        .collect();
    Summary {
        history: args.history.display().to_string(),
        interval_s: histories
            .first()
            .map_or(0.0, |h| h.interval_ms as f64 / 1000.0),
        horizon_intervals: forecasts.first().map_or(0, |f| f.mean.len()),
        quantiles: quantiles.to_vec(),
        workloads,
    }
}

fn table(s: &Summary, markdown: bool) -> String {
    let top = s
        .quantiles
        .last()
        .map_or("mean".into(), |q| format!("p{q}"));
    let mut t = Grid::new([
        "workload".to_string(),
        "calls_per_week (mean)".into(),
        "busiest_interval".into(),
        "busiest_calls (mean)".into(),
        format!("busiest_calls ({top})"),
    ])
    .markdown(markdown);
    for w in &s.workloads {
        let weeks: Vec<String> = w.calls_per_week.iter().map(|c| trim_float(*c, 0)).collect();
        t.row([
            w.workload.clone(),
            weeks.join(" / "),
            w.busiest_at.clone(),
            trim_float(w.busiest_calls, 1),
            trim_float(w.busiest_top_quantile, 1),
        ]);
    }
    format!(
        "Forecast from {}: {} intervals of {} ahead; write the arrivals with -o forecast.csv.\n{}\n",
        s.history,
        s.horizon_intervals,
        crate::values::units::format_duration(s.interval_s),
        t.render()
    )
}

fn render_backtest(results: &[Backtest], format: Format) -> String {
    if format == Format::Json {
        return crate::render::json(results);
    }
    let mut t = Grid::new([
        "workload",
        "held_out_intervals",
        "mase (model / same slot last week / weekly profile)",
        "mape (model / same slot last week / weekly profile)",
        "inside_50pct_band",
        "inside_80pct_band",
    ])
    .markdown(format == Format::Markdown);
    let three = |a: f64, b: f64, c: f64| {
        format!(
            "{} / {} / {}",
            trim_float(a, 3),
            trim_float(b, 3),
            trim_float(c, 3)
        )
    };
    for b in results {
        t.row([
            b.workload.clone(),
            b.holdout_intervals.to_string(),
            three(b.model.mase, b.seasonal_naive.mase, b.weekly_profile.mase),
            three(b.model.mape, b.seasonal_naive.mape, b.weekly_profile.mape),
            percent(b.coverage_50),
            percent(b.coverage_80),
        ]);
    }
    format!(
        "Backtest: the held-out weeks forecast from the rest of the history.\n{}\nMASE below 1 beats the same slot last week on the history's own changes.\n",
        t.render()
    )
}
