//! The terminal table (comfy-table): status coloured only when colour is on.

use comfy_table::{Attribute, Cell, Color};

use super::grid::Grid;
use super::text::{prose_line, width};
use super::{STATUS_COLUMN, calls_or_unlimited, cells, headers, summary};
use crate::engine::headroom::{Report, Status};

/// The layer table, fitted by the one table policy (`Grid`): no number is ever split; when it
/// is wider than `width()`, headers break at underscores, then the secondary columns (the
/// per-limit list first: the JSON has it whole) are left out with a note.
pub fn render(r: &Report, color: bool) -> String {
    let fitted = layer_grid(r, color).fit(width());
    let mut out = format!("{}\n", fitted.text);
    let mut notes = summary(r);
    // The per-limit list is in the JSON only, so that is the format named.
    notes.push(
        fitted
            .note("json")
            .unwrap_or_else(|| "(* marks the limit that binds within each layer)".into()),
    );
    for line in notes {
        out.push_str(&prose_line(&line));
        out.push('\n');
    }
    for s in r.projection.iter().flat_map(super::projection::sections) {
        // Months between the first and the summary columns may go when the table is too wide.
        let months: Vec<usize> = (2..s.header.len().saturating_sub(4)).rev().collect();
        let mut g = Grid::new(s.header).optional(&months);
        for r in s.rows {
            g.row(r);
        }
        out.push_str(&format!("\n{}\n{}\n", s.title, g.render()));
        for line in s.after {
            out.push_str(&prose_line(&line));
            out.push('\n');
        }
    }
    out
}

/// The columns that may go, first to go first: the per-limit list, then what the others
/// imply or the JSON repeats; the layer, its ceiling, design peak, utilisation, headroom
/// and status always stay.
fn secondary(header: &[&str]) -> Vec<usize> {
    let order = [
        "limits_calls",
        "avg_calls",
        "kind",
        "growth_room",
        "offered_erlangs",
        "ceiling_for_target",
        "blocking",
        "peak_at",
    ];
    order
        .iter()
        .filter_map(|name| header.iter().position(|h| h == name))
        .collect()
}

fn layer_grid(r: &Report, color: bool) -> Grid {
    let mut header = headers(r);
    header.push("limits_calls");
    let mut g = Grid::new(header.iter().copied())
        .optional(&secondary(&header))
        .color(color);
    for l in &r.layers {
        let mut row: Vec<Cell> = cells(r, l).into_iter().map(Cell::new).collect();
        if color {
            let c = match l.status {
                Status::Ok => Color::Green,
                Status::Warn => Color::Yellow,
                Status::Over => Color::Red,
            };
            row[STATUS_COLUMN] = Cell::new(l.status.name())
                .fg(c)
                .add_attribute(Attribute::Bold);
            if r.is_binding(l) {
                row[0] = Cell::new(&l.name).add_attribute(Attribute::Bold);
            }
        }
        let limits: Vec<String> = l
            .limits
            .iter()
            .map(|x| {
                let who = if l.limits.iter().any(|y| y.member != l.name) {
                    format!("{}.", x.member)
                } else {
                    String::new()
                };
                let mark = if x.binds { " *" } else { "" };
                format!(
                    "{who}{} {}{mark}",
                    x.key,
                    calls_or_unlimited(x.ceiling_calls)
                )
            })
            .collect();
        row.push(Cell::new(limits.join("\n")));
        g.row(row);
    }
    g
}
