//! Growth factors per workload and month: compound monthly growth, or a projection CSV of
//! month, factor (or calls) and an optional workload column.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::stack::Stack;
use crate::values::error::{Error, Location, Result};
use crate::values::month::Month;
use crate::values::suggest::did_you_mean;

/// What multiplies each workload's arrivals in a given month of the projection.
#[derive(Debug, Clone, PartialEq)]
pub struct GrowthModel {
    pub start: Month,
    pub horizon_months: u32,
    /// Compound monthly growth per workload (used where the projection CSV says nothing).
    monthly: Vec<f64>,
    /// Per workload, factors by month from the projection CSV (empty: compound growth).
    table: Vec<BTreeMap<Month, f64>>,
}

impl GrowthModel {
    /// Builds the model; `today` picks the start month when the stack and flags give none.
    pub fn new(stack: &Stack, today_month: Month) -> Result<GrowthModel> {
        let g = &stack.growth;
        let start = g.start.unwrap_or(today_month);
        let mut table = vec![BTreeMap::new(); stack.workloads.len()];
        if let Some(path) = &g.projection {
            read_projection(path, stack, start, &mut table)?;
            for (w, rows) in table.iter().enumerate() {
                if rows.is_empty() {
                    continue;
                }
                if let Some(m) = (0..=g.horizon_months as i64)
                    .map(|k| start.plus(k))
                    .find(|m| !rows.contains_key(m))
                {
                    return Err(Error::file(
                        path,
                        format!(
                            "has no row for {m} for workload `{}`, which is inside the {}-month horizon from {start}",
                            stack.workloads[w].name, g.horizon_months
                        ),
                    ));
                }
            }
        }
        Ok(GrowthModel {
            start,
            horizon_months: g.horizon_months,
            monthly: g.monthly.clone(),
            table,
        })
    }

    /// The factor for each workload in month `k` (0 = the start month). Past the projection's
    /// last row, its last factor holds.
    pub fn factors(&self, k: u32) -> Vec<f64> {
        let month = self.start.plus(i64::from(k));
        (0..self.monthly.len())
            .map(|w| match self.table[w].range(..=month).next_back() {
                Some((_, f)) => *f,
                None => (1.0 + self.monthly[w]).powi(k as i32),
            })
            .collect()
    }
}

fn read_projection(
    path: &Path,
    stack: &Stack,
    start: Month,
    table: &mut [BTreeMap<Month, f64>],
) -> Result<()> {
    let (file, budget) = crate::values::input::bounded(crate::values::input::open(path)?);
    let mut rdr = csv::Reader::from_reader(file);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::file(path, e.to_string()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let Columns {
        month: month_col,
        value: value_col,
        is_calls,
        workload: workload_col,
    } = projection_columns(path, &header)?;
    let mut raw: Vec<BTreeMap<Month, f64>> = vec![BTreeMap::new(); table.len()];
    for rec in rdr.records() {
        let rec = rec.map_err(|e| Error::file(path, e.to_string()))?;
        budget.reset();
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let at = |c: usize| Location {
            path: path.to_path_buf(),
            line,
            column: c + 1,
        };
        let month = Month::parse(&rec[month_col]).map_err(|e| Error::at(at(month_col), e))?;
        let text = rec[value_col].trim();
        let value: f64 = text
            .parse()
            .map_err(|_| Error::at(at(value_col), format!("expected a number, found `{text}`")))?;
        if !(value.is_finite() && (0.0..=1e12).contains(&value)) {
            return Err(Error::at(
                at(value_col),
                format!("expected a number from 0 to 1e12, found `{text}`"),
            ));
        }
        let targets: Vec<usize> = match workload_col {
            None => (0..table.len()).collect(),
            Some(c) => {
                let name = rec[c].trim();
                let i = stack
                    .workload_index(name)
                    .map_err(|e| Error::at(at(c), e))?;
                vec![i]
            }
        };
        for w in targets {
            if raw[w].insert(month, value).is_some() {
                return Err(Error::at(
                    at(month_col),
                    format!("a second row for {month}"),
                ));
            }
        }
    }
    for (w, rows) in raw.into_iter().enumerate() {
        if !rows.is_empty() {
            table[w] = relative(path, stack, w, start, rows, is_calls)?;
        }
    }
    Ok(())
}

/// Which columns of a projection CSV hold what.
struct Columns {
    month: usize,
    value: usize,
    /// `calls` (scaled against the start month) rather than `factor`.
    is_calls: bool,
    workload: Option<usize>,
}

/// The projection's columns from its header: month, and exactly one of factor or calls, and
/// optionally workload; any other column is an error with a suggestion.
fn projection_columns(path: &Path, header: &[String]) -> Result<Columns> {
    let col = |name: &str| header.iter().position(|h| h == name);
    let known = ["month", "factor", "calls", "workload"];
    if let Some((i, h)) = header
        .iter()
        .enumerate()
        .find(|(_, h)| !known.contains(&h.as_str()))
    {
        let at = Location {
            path: path.to_path_buf(),
            line: 1,
            column: i + 1,
        };
        let hint = did_you_mean(h, known);
        return Err(Error::at(
            at,
            format!(
                "unknown column `{h}`{hint}; a projection takes month, factor or calls, and optionally workload"
            ),
        ));
    }
    let month_col = col("month").ok_or_else(|| Error::file(path, "no `month` column"))?;
    let (value_col, is_calls) = match (col("factor"), col("calls")) {
        (Some(c), None) => (c, false),
        (None, Some(c)) => (c, true),
        _ => {
            return Err(Error::file(
                path,
                "give exactly one of a `factor` or a `calls` column",
            ));
        }
    };
    Ok(Columns {
        month: month_col,
        value: value_col,
        is_calls,
        workload: col("workload"),
    })
}

/// A workload's rows as factors of the start month: `calls` rows divided by the start month's
/// calls, `factor` rows as they are.
fn relative(
    path: &Path,
    stack: &Stack,
    w: usize,
    start: Month,
    rows: BTreeMap<Month, f64>,
    is_calls: bool,
) -> Result<BTreeMap<Month, f64>> {
    let base = if is_calls {
        match rows.get(&start) {
            Some(b) if *b > 0.0 => *b,
            _ => {
                return Err(Error::file(
                    path,
                    format!(
                        "a `calls` projection needs a row for the start month {start} with calls above 0, to scale the other months against (workload `{}`)",
                        stack.workloads[w].name
                    ),
                ));
            }
        }
    } else {
        1.0
    };
    Ok(rows.into_iter().map(|(m, v)| (m, v / base)).collect())
}
