//! A GitHub-flavoured markdown table, for pull-request comments and CI step summaries.

use super::{cells, headers, summary};
use crate::compute::Report;

pub fn render(r: &Report) -> String {
    let header = headers(r);
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for l in &r.layers {
        let row: Vec<String> = cells(r, l).iter().map(|c| c.replace('|', "\\|")).collect();
        let bold = l.name == r.binding_layer;
        let first = if bold {
            format!("**{}**", row[0])
        } else {
            row[0].clone()
        };
        out.push_str(&format!("| {first} | {} |\n", row[1..].join(" | ")));
    }
    out.push('\n');
    for line in summary(r) {
        out.push_str(&format!("{line}\n\n"));
    }
    for s in r.projection.iter().flat_map(super::projection::sections) {
        out.push_str(&format!(
            "\n**{}**\n\n| {} |\n|{}\n",
            s.title,
            s.header.join(" | "),
            "---|".repeat(s.header.len())
        ));
        for row in s.rows {
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
        for line in s.after {
            out.push_str(&format!("\n{line}\n"));
        }
    }
    out.pop();
    out
}
