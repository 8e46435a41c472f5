//! Renderers of the compute report: one small function per format, all from the same struct.

pub mod chart;
mod delimited;
pub mod grid;
pub mod markdown;
mod projection;
mod table;
pub mod text;

use crate::engine::headroom::{LayerReport, Report};
use crate::values::units::{format_duration, percent, percent_fine, trim_float};

/// The output formats every command offers (`--format`), and that `-o FILE` picks by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

impl Format {
    /// The format a file name asks for: `.csv`, `.json`, `.md` or `.markdown`; a table otherwise.
    pub fn for_path(path: &std::path::Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            Some("md" | "markdown") => Format::Markdown,
            _ => Format::Table,
        }
    }
}

/// `compute --per-interval` in `format`: CSV (also for `table`: a row per boundary and layer
/// is a file to load, not a table to read), JSON, or a markdown table.
pub fn render_curve(c: &crate::engine::headroom::Curve, format: Format) -> String {
    let header = ["time", "layer", "expected_calls", "design_calls"];
    let rows = c.rows.iter().map(|r| {
        vec![
            r.time.clone(),
            r.layer.clone(),
            crate::values::units::csv_number(r.expected_calls),
            crate::values::units::csv_number(r.design_calls),
        ]
    });
    match format {
        Format::Json => crate::render::json(c),
        Format::Markdown => markdown::table(&header, rows),
        Format::Table | Format::Csv => csv_text(&header, rows),
    }
}

/// Renders the report in `format`; colour applies to the table only.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Table => table::render(report, color),
        Format::Json => json(report),
        Format::Csv => delimited::render(report),
        Format::Markdown => markdown::render(report),
    }
}

/// CSV text from a header and rows: the csv crate's quoting, written to memory.
pub fn csv_text<S: AsRef<str>>(
    header: &[S],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = header.iter().map(AsRef::as_ref).collect();
    w.write_record(&header).expect("writing to memory");
    for row in rows {
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 fields")
}

/// Any result as pretty JSON with a final line break: the one JSON writer of every command.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("results are plain data");
    s.push('\n');
    s
}

/// The column headers shared by the table and markdown renderers, units in every name; the
/// Erlang B columns only when a blocking target was set.
pub(crate) fn headers(r: &Report) -> Vec<&'static str> {
    let mut h = vec![
        "layer",
        "kind",
        "ceiling_calls",
        "design_peak_calls",
        "avg_calls",
        "utilization",
        "headroom_calls",
        "growth_room",
        "status",
        "peak_at",
    ];
    if r.blocking_target.is_some() {
        h.extend(["offered_erlangs", "blocking", "ceiling_for_target"]);
    }
    h
}

/// The status column's position, for colouring.
pub(crate) const STATUS_COLUMN: usize = 8;

/// The cells of one layer row, formatted for people (the CSV keeps full precision).
pub(crate) fn cells(r: &Report, l: &LayerReport) -> Vec<String> {
    let mut c = vec![
        l.name.clone(),
        l.kind.clone(),
        calls_or_unlimited(l.ceiling_calls),
        trim_float(l.design_peak_calls, 1),
        format!("{:.1}", l.avg_calls),
        percent(l.utilization),
        l.headroom_calls.map_or("-".into(), |h| trim_float(h, 1)),
        l.growth_headroom
            .map_or("n/a".into(), |g| format!("{:+.0}%", g * 100.0)),
        l.status.name().to_string(),
        l.peak_at.clone(),
    ];
    if r.blocking_target.is_some() {
        // Where Erlang B does not apply, one word says why instead of a number.
        let why = || l.erlang_skipped.clone().unwrap_or_default();
        c.push(l.offered_erlangs.map_or_else(why, |x| format!("{x:.1}")));
        c.push(l.blocking.map_or_else(why, percent_fine));
        c.push(match (l.ceiling_for_target, &l.erlang_unit) {
            (Some(x), Some(u)) => format!("{} {u}", trim_float(x, 0)),
            _ => why(),
        });
    }
    c
}

/// A ceiling in calls for people: `unlimited` where no limit counts the traffic.
pub(crate) fn calls_or_unlimited(c: Option<f64>) -> String {
    c.map_or("unlimited".into(), |c| trim_float(c, 1))
}

/// The lines under a table: the binding layer, what happens when it is full, and the arithmetic;
/// then every per-second limit that refuses more calls than the blocking target.
pub(crate) fn summary(r: &Report) -> Vec<String> {
    let mut lines = match r.binding() {
        Some(b) => vec![
            format!(
                "Binding layer: {} at {} of its ceiling ({}, peak at {}). When it is full, {}.",
                b.name,
                percent(b.utilization),
                b.binding_limit,
                b.peak_at,
                r.binding_when_full
            ),
            r.binding_arithmetic.clone(),
        ],
        None => vec![
            "No layer binds: no limit of any layer counts this traffic (a rate limit counts only its rate_directions), so every layer is unlimited for it.".to_string(),
        ],
    };
    lines.extend(r.binding_erlang.clone());
    lines.extend(crate::engine::headroom::words::full_seconds(r));
    lines.push(format!(
        "Design peak = expected calls in progress at their peak x peak multiplier ({}); rates at their own peak; grid {}; warn at {}.",
        trim_float(r.peak_multiplier, 2),
        format_duration(r.interval_s),
        percent(r.warn_at)
    ));
    lines
}
