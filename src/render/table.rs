//! The terminal table (comfy-table): status coloured only when colour is on.

use comfy_table::{Attribute, Cell, Color, Table, presets};

use super::grid::{Grid, widest};
use super::{STATUS_COLUMN, cells, headers, summary};
use crate::compute::{Report, Status};
use crate::units::trim_float;

/// The width a table must fit: the terminal's, else `COLUMNS`, else none (a pipe takes the
/// whole table). A terminal that reports under 20 columns (a pty of 0x0) counts as unknown.
pub fn width() -> Option<usize> {
    use std::io::IsTerminal;
    let terminal = std::io::stdout()
        .is_terminal()
        .then(|| Table::new().width())
        .flatten()
        .map(usize::from);
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok());
    terminal.or(columns).filter(|w| *w >= 20)
}

/// The layer table. Cells never wrap, so no number is ever split across lines; when the table
/// is wider than `width()`, the per-limit column (secondary: the JSON has it whole) is left out
/// with a note, rather than squeezing the figures.
pub fn render(r: &Report, color: bool) -> String {
    let full = layer_table(r, color, true);
    let fits = width().is_none_or(|w| widest(&full) <= w);
    let mut out = if fits {
        full
    } else {
        layer_table(r, color, false)
    };
    out.push('\n');
    for line in summary(r) {
        out.push_str(&line);
        out.push('\n');
    }
    if fits {
        out.push_str("(* marks the limit that binds within each layer)\n");
    } else {
        out.push_str("(the per-limit ceilings are left out at this width: widen the terminal or COLUMNS, or use --format json)\n");
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
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

fn layer_table(r: &Report, color: bool, with_limits: bool) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    // Never wrap: a cell split across lines splits its number.
    t.force_no_tty();
    if color {
        t.enforce_styling();
    }
    let mut header: Vec<Cell> = headers(r).into_iter().map(Cell::new).collect();
    if with_limits {
        header.push(Cell::new("limits_calls"));
    }
    t.set_header(header);
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
            if l.name == r.binding_layer {
                row[0] = Cell::new(&l.name).add_attribute(Attribute::Bold);
            }
        }
        if with_limits {
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
                    format!("{who}{} {}{mark}", x.key, trim_float(x.ceiling_calls, 1))
                })
                .collect();
            row.push(Cell::new(limits.join("\n")));
        }
        t.add_row(row);
    }
    t.to_string()
}
