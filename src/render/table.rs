//! The terminal table (comfy-table): status coloured only when colour is on.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, Table, presets};

use super::{STATUS_COLUMN, cells, headers, summary};
use crate::compute::{Report, Status};
use crate::units::trim_float;

pub fn render(r: &Report, color: bool) -> String {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    if color {
        t.enforce_styling();
        t.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        // Off a terminal the width is not known: never wrap, so output is the same everywhere.
        t.force_no_tty();
    }
    let mut header: Vec<Cell> = headers(r).into_iter().map(Cell::new).collect();
    header.push(Cell::new("limits_calls"));
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
        t.add_row(row);
    }
    let mut out = t.to_string();
    out.push('\n');
    for line in summary(r) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("(* marks the limit that binds within each layer)\n");
    for s in r.projection.iter().flat_map(super::projection::sections) {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
        t.set_header(s.header);
        t.add_rows(s.rows);
        out.push_str(&format!("\n{}\n{t}\n", s.title));
        for line in s.after {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
