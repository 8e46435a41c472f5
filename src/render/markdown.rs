//! A GitHub-flavoured markdown table, for pull-request comments and CI step summaries.

use super::{cells, headers, summary};
use crate::engine::headroom::Report;

/// The one markdown table every command writes: compact (`| a | b |` rows under `|---|`), with
/// a `|` inside a cell escaped so it cannot open a column. Hand-written because comfy-table's
/// markdown preset pads every cell to its column's width and escapes nothing.
pub fn table<S: AsRef<str>>(header: &[S], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let line = |cells: Vec<String>| {
        let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(header.iter().map(|h| h.as_ref().to_string()).collect());
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

pub fn render(r: &Report) -> String {
    let rows = r.layers.iter().map(|l| {
        let mut row = cells(r, l);
        if r.is_binding(l) {
            row[0] = format!("**{}**", row[0]);
        }
        row
    });
    let mut out = table(&headers(r), rows);
    out.push('\n');
    for line in summary(r) {
        out.push_str(&format!("{line}\n\n"));
    }
    for s in r.projection.iter().flat_map(super::projection::sections) {
        out.push_str(&format!("\n**{}**\n\n", s.title));
        out.push_str(&table(&s.header, s.rows));
        for line in s.after {
            out.push_str(&format!("\n{line}\n"));
        }
    }
    out.pop();
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pipe_in_a_cell_cannot_open_a_column() {
        let t = super::table(
            &["layer", "note"],
            [vec!["a|b".to_string(), "x".to_string()]],
        );
        assert_eq!(t, "| layer | note |\n|---|---|\n| a\\|b | x |\n");
    }
}
