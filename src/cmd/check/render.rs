//! The check's verdict as a terminal summary, JSON, markdown (pull-request comments and CI step
//! summaries) or GitHub workflow annotations.

use crate::render::grid::Grid;
use std::io::Write;
use std::path::Path;

use super::{CheckFormat, FindingKind, Verdict};
use crate::model::stack::Stack;
use crate::values::error::{Error, Result};
use crate::values::units::percent;

pub fn render(v: &Verdict, format: CheckFormat, stack: &Stack) -> String {
    match format {
        CheckFormat::Table => table(v),
        CheckFormat::Json => crate::render::json(v),
        CheckFormat::Markdown => markdown(v),
        CheckFormat::Github => github(v, &stack.path.display().to_string()),
        CheckFormat::Junit => junit(v, &stack.path.display().to_string()),
    }
}

/// Rows shared by the table and markdown: one per layer, today, at the horizon, crossings.
fn rows(v: &Verdict) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let p = v.report.projection.as_ref().expect("check always projects");
    let h = p.horizon_months as usize;
    let header = vec!["layer", "now", "at_horizon", "fails_in", "act_by", "result"];
    let rows = p
        .layers
        .iter()
        .map(|l| {
            let f = v.findings.iter().find(|f| f.layer == l.name);
            vec![
                l.name.clone(),
                percent(l.utilization[0]),
                percent(l.utilization[h]),
                f.filter(|f| f.fail || f.no_worse)
                    .map_or("-".into(), |f| f.month.clone()),
                f.filter(|f| !f.act_by.is_empty())
                    .map_or("-".into(), |f| f.act_by.clone()),
                match f.map(|f| (f.kind, f.fail)) {
                    // Past its threshold as in the baseline: not a failure, not a mere warning.
                    Some(_) if f.is_some_and(|f| f.no_worse && f.utilization >= 1.0) => {
                        "over (no worse)".into()
                    }
                    Some(_) if f.is_some_and(|f| f.no_worse) => "crosses (no worse)".into(),
                    Some((FindingKind::Overdue, _)) => "FAIL (overdue)".into(),
                    Some((FindingKind::OrderDue, true)) => "FAIL (order due)".into(),
                    Some((FindingKind::OrderDue, false)) => "order due".into(),
                    Some((_, true)) => "FAIL".into(),
                    Some(_) => "warn".into(),
                    None => "ok".into(),
                },
            ]
        })
        .collect();
    (header, rows)
}

fn baseline_lines(v: &Verdict) -> Vec<String> {
    let Some(b) = &v.baseline else {
        return Vec::new();
    };
    let mut out = vec![format!("Compared with {}:", b.path)];
    let before = out.len();
    if b.binding_changed {
        out.push(format!(
            "binding layer changed: {} -> {}",
            b.binding_before.as_deref().unwrap_or("none"),
            b.binding_now.as_deref().unwrap_or("none")
        ));
    }
    for l in &b.layers {
        let what = match (l.utilization_before, l.utilization_now) {
            (None, Some(n)) => format!("new layer at {}", percent(n)),
            (Some(b), None) => format!("removed (was {})", percent(b)),
            // Unchanged layers are not news: no "+0.0 points" lines.
            (Some(b), Some(n))
                if (n - b).abs() < 0.0005 && l.months_gained.is_none_or(|g| g == 0) =>
            {
                continue;
            }
            (Some(b), Some(n)) => format!(
                "{} -> {} ({:+.1} points)",
                percent(b),
                percent(n),
                (n - b) * 100.0
            ),
            (None, None) => continue,
        };
        let months = match (
            l.months_gained,
            &l.ceiling_month_before,
            &l.ceiling_month_now,
        ) {
            (Some(0), ..) | (None, None, None) => String::new(),
            (Some(g), _, Some(now)) => format!(
                "; ceiling crossed in {now}, {} month(s) {}",
                g.abs(),
                if g > 0 { "later" } else { "sooner" }
            ),
            (None, None, Some(now)) => format!("; now crosses its ceiling in {now}"),
            (None, Some(before), None) => format!("; no longer crosses its ceiling (was {before})"),
            _ => String::new(),
        };
        out.push(format!("{}: {what}{months}", l.name));
    }
    if out.len() == before {
        out[0] = format!("Compared with {}: no layer changed.", b.path);
    }
    out
}

fn table(v: &Verdict) -> String {
    let (header, rows) = rows(v);
    let mut t = Grid::new(header);
    for r in rows {
        t.row(r);
    }
    let wrap = crate::render::text::prose_line;
    let mut out = format!(
        "{}\n{}\n(today is taken as {})\n",
        wrap(&v.summary),
        t.render(),
        v.today
    );
    for f in v.findings.iter().filter(|f| f.fail).skip(1) {
        out.push_str(&wrap(&format!("also: {}", f.message)));
        out.push('\n');
    }
    for line in baseline_lines(v) {
        out.push_str(&wrap(&line));
        out.push('\n');
    }
    out
}

pub fn markdown(v: &Verdict) -> String {
    let (header, rows) = rows(v);
    let mark = if v.pass { "passed" } else { "failed" };
    // The marker lets a bot find and update its one comment instead of adding another.
    let mut out = format!(
        "<!-- capplan-check: {stack} -->\n### capplan check {mark}: {stack}\n\n{}\n\n",
        v.summary,
        stack = v.report.stack
    );
    out.push_str(&crate::render::markdown::table(&header, rows));
    let base = baseline_lines(v);
    if !base.is_empty() {
        out.push('\n');
        for line in base {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out
}

/// Escapes workflow-command data: %, CR and LF (and, in properties, `:` and `,`).
fn escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn github(v: &Verdict, file: &str) -> String {
    let mut out = String::new();
    for f in &v.findings {
        let level = if f.fail { "error" } else { "warning" };
        out.push_str(&format!(
            "::{level} file={},line={},title={}::{}\n",
            escape(file, true),
            f.line,
            escape(&format!("capplan: {}", f.layer), true),
            escape(&f.message, false)
        ));
    }
    out.push_str(&v.summary);
    out.push('\n');
    out
}

/// XML text: the five characters XML reserves, escaped.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// JUnit XML for CI systems that show test results: one test case per layer, failed when the
/// layer fails the check.
fn junit(v: &Verdict, file: &str) -> String {
    let p = v.report.projection.as_ref().expect("check always projects");
    let failures = v.findings.iter().filter(|f| f.fail).count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"capplan check\" tests=\"{}\" failures=\"{failures}\">\n  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">\n",
        p.layers.len(),
        xml(file),
        p.layers.len()
    );
    for l in &p.layers {
        let name = xml(&l.name);
        match v.findings.iter().find(|f| f.layer == l.name && f.fail) {
            Some(f) => out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{name}\">\n      <failure message=\"{}\" type=\"{}\">{}:{}</failure>\n    </testcase>\n",
                xml(file),
                xml(&f.message),
                xml(f.kind.name()),
                xml(file),
                f.line
            )),
            None => out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{name}\"/>\n",
                xml(file)
            )),
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Appends the markdown verdict to the file GitHub Actions names in GITHUB_STEP_SUMMARY.
pub fn append_step_summary(path: &Path, v: &Verdict) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    f.write_all(markdown(v).as_bytes())
        .map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape("100% full\nnext", false), "100%25 full%0Anext");
        assert_eq!(escape("a:b,c", true), "a%3Ab%2Cc");
    }
}
