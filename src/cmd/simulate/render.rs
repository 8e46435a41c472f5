//! `simulate` output: one row per load level and layer, in every format `compute` has.

use crate::render::grid::Grid;

use crate::engine::simulate::{LayerSim, SimReport};
use crate::render::Format;
use crate::values::units::{csv_number, percent_fine, trim_float};

const HEADER: [&str; 11] = [
    "load",
    "layer",
    "offered_per_day",
    "refused_per_day",
    "refused_share (95% CI)",
    "days_with_refusal",
    "peak_in_progress (median / p95)",
    "delayed_per_day (mean delay)",
    "waited / abandoned",
    "busiest_refusal_interval",
    "refused callers meet",
];

fn cells(load: f64, l: &LayerSim) -> Vec<String> {
    vec![
        percent_fine(load),
        l.name.clone(),
        trim_float(l.offered_per_day, 1),
        trim_float(l.refused_per_day, 1),
        match l.refused_share_ci95 {
            Some(c) => format!(
                "{} ({}-{})",
                percent_fine(l.refused_share),
                percent_fine(c[0]),
                percent_fine(c[1])
            ),
            None => percent_fine(l.refused_share),
        },
        percent_fine(l.days_with_refusal),
        format!(
            "{} / {}",
            trim_float(l.peak_in_progress_median, 1),
            trim_float(l.peak_in_progress_p95, 1)
        ),
        if l.delayed_per_day > 0.0 {
            format!(
                "{} ({}s)",
                trim_float(l.delayed_per_day, 1),
                trim_float(l.mean_delay_s, 2)
            )
        } else {
            "0".into()
        },
        format!(
            "{} / {}",
            percent_fine(l.waited_share),
            percent_fine(l.abandoned_share)
        ),
        l.busiest_refusal_interval.clone().unwrap_or("-".into()),
        l.refused_experience.clone(),
    ]
}

fn rows(r: &SimReport) -> impl Iterator<Item = Vec<String>> + '_ {
    r.levels
        .iter()
        .flat_map(|lv| lv.layers.iter().map(move |l| cells(lv.load, l)))
}

fn footer(r: &SimReport) -> Vec<String> {
    let mut out = vec![r.headline.clone()];
    for lv in &r.levels {
        let abandoned = lv.abandoned_lost_per_day;
        out.push(format!(
            "At {} load: {} calls a day; {} callers a day lost and not calling again ({} refused, {} abandoned while waiting).",
            percent_fine(lv.load),
            trim_float(lv.calls_per_day, 1),
            trim_float(lv.lost_per_day, 1),
            trim_float(lv.lost_per_day - abandoned, 1),
            trim_float(abandoned, 1)
        ));
    }
    let days = super::headline::simulated_days(r.days);
    out.push(match &r.replay {
        Some(p) => format!(
            "{days} per level, seed {}; the calls in {p} replayed as recorded (their own start times and durations, each one taken load times).",
            r.seed
        ),
        None => format!(
            "{days} per level, seed {}; Poisson arrivals following the arrivals files.",
            r.seed
        ),
    });
    out
}

pub fn render(r: &SimReport, format: Format, _color: bool) -> String {
    match format {
        Format::Json => crate::render::json(r),
        Format::Csv => {
            let header = [
                "load",
                "layer",
                "kind",
                "offered_per_day",
                "refused_per_day",
                "refused_share",
                "refused_share_ci95_low",
                "refused_share_ci95_high",
                "days_with_refusal",
                "busiest_refusal_interval",
                "peak_in_progress_median",
                "peak_in_progress_p95",
                "delayed_per_day",
                "mean_delay_s",
                "max_delay_s",
                "waited_share",
                "asa_s",
                "abandoned_share",
                "refused_experience",
            ];
            let rows = r.levels.iter().flat_map(|lv| {
                lv.layers.iter().map(move |l| {
                    let ci = |i: usize| {
                        l.refused_share_ci95
                            .map(|c| c[i].to_string())
                            .unwrap_or_default()
                    };
                    vec![
                        csv_number(lv.load),
                        l.name.clone(),
                        l.kind.clone(),
                        csv_number(l.offered_per_day),
                        csv_number(l.refused_per_day),
                        csv_number(l.refused_share),
                        ci(0),
                        ci(1),
                        csv_number(l.days_with_refusal),
                        l.busiest_refusal_interval.clone().unwrap_or_default(),
                        csv_number(l.peak_in_progress_median),
                        csv_number(l.peak_in_progress_p95),
                        csv_number(l.delayed_per_day),
                        csv_number(l.mean_delay_s),
                        csv_number(l.max_delay_s),
                        csv_number(l.waited_share),
                        csv_number(l.asa_s),
                        csv_number(l.abandoned_share),
                        l.refused_experience.clone(),
                    ]
                })
            });
            crate::render::csv_text(&header, rows)
        }
        Format::Markdown => {
            let mut out = crate::render::markdown::table(&HEADER, rows(r));
            for line in footer(r) {
                out.push_str(&format!("\n{line}\n"));
            }
            out
        }
        Format::Table => {
            // Secondary columns go first when narrow (what callers meet last: the headline
            // names it for the layer that refuses first); the share and its interval, and what
            // callers meet, wrap at spaces.
            let mut g = Grid::new(HEADER)
                .prose(&[4, 10])
                .optional(&[9, 8, 7, 5, 10]);
            for row in rows(r) {
                g.row(row);
            }
            let mut out = format!("{}\n", g.render());
            for line in footer(r) {
                out.push_str(&crate::render::text::prose_line(&line));
                out.push('\n');
            }
            out
        }
    }
}
