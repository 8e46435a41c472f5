//! The month-by-month sections under the compute table: utilisation per month, crossings and
//! act-by dates, the binding layer over time, and the load-test plan.

use crate::engine::projection::Projection;
use crate::values::units::{percent, trim_float};

/// A titled grid of cells, rendered by the table or the markdown renderer.
pub(crate) struct Section {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub after: Vec<String>,
}

pub(crate) fn sections(p: &Projection) -> Vec<Section> {
    let shown = (p.horizon_months as usize + 1).min(p.months.len());
    let mut header = vec!["layer".to_string()];
    header.extend(p.months[..shown].iter().cloned());
    header.extend(["warn_month", "ceiling_month", "lead_time", "act_by"].map(String::from));
    let month_or_dash = |c: &Option<crate::engine::projection::Crossing>| {
        c.as_ref().map_or("-".to_string(), |c| {
            if c.month_index > p.horizon_months {
                format!("{} (past horizon)", c.month)
            } else {
                c.month.clone()
            }
        })
    };
    let rows = p
        .layers
        .iter()
        .map(|l| {
            let mut row = vec![l.name.clone()];
            row.extend(l.utilization[..shown].iter().map(|u| percent(*u)));
            row.push(month_or_dash(&l.warn_crossing));
            row.push(month_or_dash(&l.ceiling_crossing));
            row.push(l.lead_time.map_or("-".into(), |t| t.describe()));
            row.push(l.act_by.clone().unwrap_or_else(|| "-".into()));
            row
        })
        .collect();
    let binding: Vec<String> = p
        .binding
        .iter()
        .map(|b| format!("{} {}", b.month, b.layer))
        .collect();
    let projection = Section {
        title: format!(
            "Utilization by month from {}, {} months:",
            p.start, p.horizon_months
        ),
        header,
        rows,
        after: vec![format!(
            "Binding layer by month: {}.",
            binding.join("; then ")
        )],
    };
    let load_test = Section {
        title: "Load-test plan (concurrent calls, from today's design peak):".into(),
        header: [
            "layer",
            "test_80pct_calls",
            "test_100pct_calls",
            "test_120pct_calls",
            "test_150pct_calls",
        ]
        .map(String::from)
        .to_vec(),
        rows: p
            .layers
            .iter()
            .map(|l| {
                let t = &l.load_test;
                [
                    l.name.clone(),
                    trim_float(t.calls_80, 0),
                    trim_float(t.calls_100, 0),
                    trim_float(t.calls_120, 0),
                    trim_float(t.calls_150, 0),
                ]
                .to_vec()
            })
            .collect(),
        after: Vec::new(),
    };
    vec![projection, load_test]
}
