//! Dates, money and sizes a planner acts on: act-by dates by one rule, lead times in days, weeks
//! or months, orders due inside the horizon, accounts side by side in the plan, blocked rows,
//! month totals in the finance CSV, planned changes, and thresholds that never print across.

use capplan::cmd::check::{FindingKind, Verdict};
use capplan::engine::plan::Plan;

use crate::util::{Fixture, Run, check_on, glossary_with_layers, half_full};

fn check(f: &Fixture, today: &str, args: &[&str]) -> Run {
    check_on(f, today, args)
}

fn verdict(r: &Run) -> Verdict {
    serde_json::from_str(&r.stdout).expect("the verdict JSON parses back")
}

#[test]
fn an_order_due_inside_the_horizon_is_seen_and_can_fail() {
    // 50% growing 12% a month reaches the ceiling in month 7 (0.5 x 1.12^7 = 1.105), 2026-08,
    // just past a 6-month horizon that ends 2026-07-31; 8 weeks of lead time put the act-by date
    // at 2026-08-01 - 56 days = 2026-06-06, inside it.
    let f = half_full("lead_time = \"8w\"\n");
    let r = check(&f, "2026-01-15", &["--growth", "12%", "-f", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = verdict(&r);
    let finding = &v.findings[0];
    assert_eq!((finding.kind, finding.fail), (FindingKind::OrderDue, false));
    assert_eq!(finding.act_by, "2026-06-06");
    assert!(
        v.summary
            .contains("an order is due inside the horizon: `platform` by 2026-06-06"),
        "{}",
        v.summary
    );
    assert_eq!(
        check(&f, "2026-01-15", &["--growth", "12%", "--fail-at", "order"]).code,
        1
    );
}

#[test]
fn the_act_by_day_itself_is_on_time() {
    // Act by 2026-06-06 (above): checking on that day passes; from the next day it is overdue.
    let f = half_full("lead_time = \"8w\"\n");
    assert_eq!(check(&f, "2026-06-06", &["--growth", "12%"]).code, 0);
    let late = check(&f, "2026-06-07", &["--growth", "12%", "-f", "json"]);
    assert_eq!(late.code, 1);
    let v = verdict(&late);
    assert_eq!(v.findings[0].kind, FindingKind::Overdue);
    assert!(v.findings[0].act_by_passed && v.findings[0].message.contains("overdue"));
    assert_eq!(v.today, "2026-06-07");
}

#[test]
fn check_and_compute_give_one_act_by_date() {
    // --fail-at warn fails on the warn crossing (0.5 x 1.12^4 = 0.787 >= 75% in 2026-05), but the
    // order date still counts back from the ceiling in 2026-08: 2026-06-06, as compute says.
    let f = half_full("lead_time = \"8w\"\n");
    let v = verdict(&check(
        &f,
        "2026-01-15",
        &["--growth", "12%", "--fail-at", "warn", "-f", "json"],
    ));
    assert_eq!(
        (v.findings[0].month.as_str(), v.findings[0].act_by.as_str()),
        ("2026-05", "2026-06-06")
    );
    let r = f
        .run(&[
            "compute",
            "stack.toml",
            "--growth",
            "12%",
            "--as-of",
            "2026-01",
            "-f",
            "json",
        ])
        .ok();
    let report: capplan::engine::headroom::Report = serde_json::from_str(&r.stdout).unwrap();
    let act_by = report.projection.unwrap().layers[0].act_by.clone();
    assert_eq!(act_by.as_deref(), Some("2026-06-06"));
}

#[test]
fn a_warning_past_the_horizon_is_no_warning() {
    // 65% growing 2% a month crosses 75% in month 8 (0.65 x 1.02^8 = 0.762), past the 6-month
    // horizon (a lead time makes the projection reach it): the layer is ok, not `warn`.
    let f = glossary_with_layers(
        "[[layer]]\nname = \"platform\"\nkind = \"platform\"\nconcurrency = 115.3846153846154\nlead_time = \"8w\"\n",
    );
    let r = check(&f, "2026-01-15", &["--growth", "2%", "-f", "json"]);
    let v = verdict(&r);
    assert!(v.findings.is_empty(), "{:?}", v.findings);
    let table = check(&f, "2026-01-15", &["--growth", "2%"]).ok().stdout;
    assert!(table.contains("┆ ok "), "{table}");
}

#[test]
fn lead_times_take_days_weeks_or_months() {
    // "3mo" before a ceiling in 2026-08 is 2026-05-01; "3m" (minutes) is refused.
    let f = half_full("lead_time = \"3mo\"\n");
    let v = verdict(&check(&f, "2026-01-15", &["--growth", "12%", "-f", "json"]));
    assert_eq!(v.findings[0].act_by, "2026-05-01");
    let f = half_full("lead_time = \"3m\"\n");
    f.run(&["compute", "stack.toml"])
        .fails_with(&["stack.toml:", "under a day", "3mo"]);
}

#[test]
fn as_of_takes_a_date_and_says_which_day_is_today() {
    let f = half_full("lead_time = \"8w\"\n");
    let r = f.run(&[
        "check",
        "stack.toml",
        "--as-of",
        "2026-06-07",
        "--growth",
        "12%",
        "-f",
        "json",
    ]);
    // The start month is June; today is 2026-06-07, so a June start has no overdue order yet.
    let v = verdict(&r);
    assert_eq!(v.today, "2026-06-07");
    assert_eq!(v.report.projection.unwrap().start, "2026-06");
    let table = f
        .run(&["check", "stack.toml", "--as-of", "2026-06-07"])
        .stdout;
    assert!(table.contains("today is taken as 2026-06-07"), "{table}");
}

#[test]
fn a_figure_under_the_ceiling_never_prints_as_it() {
    // The voice-agent example's vapi layer is at 0.9997 of its ceiling in 2027-04 and crosses it
    // in 2027-05: the month before prints 99.9%, never 100.0%.
    let r = crate::util::run_in(
        crate::util::repo(),
        &["compute", "examples/voice-agent/stack.toml"],
    )
    .ok();
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with("│ vapi") && l.contains("2027-05"))
        .expect("the projection row");
    let cells: Vec<&str> = row.split('┆').map(str::trim).collect();
    assert_eq!(cells[5], "99.9%", "{row}");
    assert_eq!(cells[9], "2027-05", "{row}");
}

#[test]
fn accounts_side_by_side_are_priced_as_all_their_lines() {
    // 3 accounts of 10 lines ($10 a line a month), 40 erlangs, multiplier 1, warn at 100%:
    // 30 lines held ($300); each account needs ceil(40 / 3) = 14 lines, 42 in all: add 12
    // (+$120 a month); 1 call per line, $10 per added call.
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n09:00,200\n09:15,200\n09:30,200\n").file(
        "stack.toml",
        "[defaults]\npeak_multiplier = 1\nwarn_at = \"100%\"\n[growth]\nhorizon = 1\nstart = \"2026-01\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\nhandle_time = \"fixed\"\n[[layer]]\nname = \"vapi\"\nkind = \"platform\"\nconcurrency = 10\naccounts = 3\n[layer.price]\nunit = \"line\"\nper_unit_month = 10.0\n",
    );
    let plan: Plan =
        serde_json::from_str(&f.run(&["report", "stack.toml", "-f", "json"]).ok().stdout).unwrap();
    let row = &plan.rows[0];
    assert_eq!(
        (row.units_now, row.units_needed, row.units_to_add),
        (30.0, 42.0, 12.0)
    );
    assert_eq!((row.cost_now, row.cost_needed), (300.0, 420.0));
    let option = &plan.ranking[0];
    assert_eq!(
        (option.calls_per_unit, option.cost_per_added_call),
        (1.0, 10.0)
    );
}

#[test]
fn blocked_rows_say_what_to_do_and_cost_nothing_extra() {
    // An LLM whose tokens per minute bind: more keys cannot help, so the row buys nothing.
    let f = Fixture::new();
    f.file("a.csv", "time,calls\n09:00,150\n09:15,150\n").file(
        "stack.toml",
        "[growth]\nhorizon = 1\nstart = \"2026-01\"\n[[workload]]\nname = \"w\"\narrivals = \"a.csv\"\naht = \"3m\"\n[[layer]]\nname = \"llm\"\nkind = \"llm\"\nsessions_per_key = 100\nkeys = 1\ntokens_per_minute = 100000\ntokens_per_call_minute = 5000\n[layer.price]\nunit = \"key\"\nper_unit_month = 50.0\n",
    );
    let plan: Plan =
        serde_json::from_str(&f.run(&["report", "stack.toml", "-f", "json"]).ok().stdout).unwrap();
    let row = &plan.rows[0];
    assert!(
        row.status.to_string().starts_with("blocked"),
        "{}",
        row.status
    );
    assert_eq!(
        (row.units_to_add, row.cost_needed, row.order_by.as_str()),
        (0.0, row.cost_now, "")
    );
    assert!(
        row.action.contains("tokens_per_minute") && row.action.contains("sales"),
        "{}",
        row.action
    );
}

#[test]
fn the_finance_csv_carries_month_totals_on_every_row() {
    let r = crate::util::run_in(
        crate::util::repo(),
        &["report", "examples/voice-agent/stack.toml", "-f", "csv"],
    )
    .ok();
    let mut rdr = csv::Reader::from_reader(r.stdout.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (m, now, total) = (col("month"), col("cost_now"), col("month_cost_now"));
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let first = &rows[0][m];
    let sum: f64 = rows
        .iter()
        .filter(|r| &r[m] == first)
        .map(|r| r[now].parse::<f64>().unwrap())
        .sum();
    for r in rows.iter().filter(|r| &r[m] == first) {
        assert!((r[total].parse::<f64>().unwrap() - sum).abs() < 0.005);
    }
}

#[test]
fn presets_are_json_for_scripts() {
    let f = Fixture::new();
    let r = f.run(&["presets", "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let vapi = v
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "vapi")
        .unwrap();
    assert_eq!(vapi["keys"]["concurrency"], 10);
    assert_eq!(vapi["as_of"], "2026-11");
}

#[test]
fn presets_as_csv_and_markdown_carry_the_json_catalogue() {
    // Each CSV row is one preset whose `keys` cell is a TOML inline table equal to the JSON's
    // keys; the markdown table has the same rows; a file written with -o is the same bytes.
    let f = Fixture::new();
    let json: serde_json::Value =
        serde_json::from_str(&f.run(&["presets", "-f", "json"]).ok().stdout).unwrap();
    let json = json.as_array().unwrap();
    f.run(&["presets", "-f", "csv", "-o", "presets.csv"]).ok();
    let text = f.read("presets.csv");
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["preset", "as_of", "limits", "source", "keys"]);
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.len());
    for (row, p) in rows.iter().zip(json) {
        assert_eq!(
            (&row[0], &row[1], &row[3]),
            (
                p["name"].as_str().unwrap(),
                p["as_of"].as_str().unwrap(),
                p["source"].as_str().unwrap()
            )
        );
        let keys: toml::Table = toml::from_str(&format!("keys = {}", &row[4])).unwrap();
        assert_eq!(
            serde_json::to_value(&keys["keys"]).unwrap(),
            p["keys"],
            "{}",
            &row[0]
        );
    }
    let md = f.run(&["presets", "-f", "markdown"]).ok().stdout;
    assert_eq!(md.lines().count(), json.len() + 2);
    let one = f.run(&["presets", "vapi", "-f", "csv"]).ok().stdout;
    assert_eq!(one.lines().count(), 2);
    assert!(one.contains("vapi,2026-11,"), "{one}");
}

#[test]
fn a_planned_change_counts_from_its_month() {
    // 50% of 150 lines today; 300 lines from 2026-03. Growing 12% a month, the layer would
    // cross its ceiling in 2026-08 (month 7); with the change it is at 0.5 x 1.12^2 / 2 = 31.4%
    // in 2026-03, and the plan holds 300 lines from then.
    let f = glossary_with_layers(
        "[growth]\nstart = \"2026-01\"\nhorizon = 8\nmonthly = \"12%\"\n[[layer]]\nname = \"platform\"\nkind = \"platform\"\nconcurrency = 150\n[layer.price]\nunit = \"line\"\nper_unit_month = 1.0\n[[layer.change]]\nfrom = \"2026-03\"\nconcurrency = 300\n",
    );
    let r = f.run(&["compute", "stack.toml", "-f", "json"]).ok();
    let report: capplan::engine::headroom::Report = serde_json::from_str(&r.stdout).unwrap();
    let p = report.projection.unwrap();
    let l = &p.layers[0];
    assert_eq!(
        (l.ceiling_calls[1], l.ceiling_calls[2]),
        (Some(150.0), Some(300.0))
    );
    assert!((l.utilization[2] - 0.5 * 1.12f64.powi(2) / 2.0).abs() < 1e-9);
    assert!(l.ceiling_crossing.is_none());
    let plan: Plan =
        serde_json::from_str(&f.run(&["report", "stack.toml", "-f", "json"]).ok().stdout).unwrap();
    assert_eq!(
        (plan.rows[1].units_now, plan.rows[2].units_now),
        (150.0, 300.0)
    );
    // A change out of month order is refused, naming its line.
    f.file(
        "stack.toml",
        &format!(
            "{}[[layer.change]]\nfrom = \"2026-02\"\nconcurrency = 200\n",
            f.read("stack.toml")
        ),
    );
    f.run(&["compute", "stack.toml"])
        .fails_with(&["stack.toml:", "month order"]);
}

#[test]
fn the_month_increment_sums_to_the_last_total_and_no_price_is_an_error() {
    // units_to_add counts from today every month; units_added_this_month is the increment, so
    // it sums (per layer) to the last month's units_to_add.
    let r = crate::util::run_in(
        crate::util::repo(),
        &["report", "examples/voice-agent/stack.toml", "-f", "json"],
    )
    .ok();
    let plan: Plan = serde_json::from_str(&r.stdout).unwrap();
    for layer in ["vapi", "orders-db"] {
        let rows: Vec<_> = plan.rows.iter().filter(|x| x.layer == layer).collect();
        let sum: f64 = rows.iter().map(|x| x.units_added_this_month).sum();
        assert_eq!(sum, rows.last().unwrap().units_to_add, "{layer}");
    }
    // A stack with no price has nothing to cost: exit 2, saying what to add.
    let f = half_full("");
    f.run(&["report", "stack.toml"])
        .fails_with(&["no layer has a [layer.price]", "per_unit_month"]);
}
