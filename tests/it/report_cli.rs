//! `capplan report`: pack rounding, costs worked by hand, the ranking, the finance CSV parsed
//! back, refusing to write over an input, and the chart's structure.

use capplan::engine::plan::{Plan, PlanStatus};

use crate::util::{Fixture, glossary_with_layers, repo, run_in};

/// Design peak 75 calls (the glossary example), warn at 75%: every layer must reach 100 calls.
fn priced(pack: u32, extra_layers: &str) -> Fixture {
    glossary_with_layers(&format!(
        "[[layer]]\nname = \"cpaas\"\nkind = \"platform\"\nconcurrency = 50\nlead_time = \"2w\"\n  [layer.price]\n  unit = \"line\"\n  per_unit_month = 10.0\n  included = 10\n  pack = {pack}\n  one_off = 25\n{extra_layers}"
    ))
}

fn plan(f: &Fixture, args: &[&str]) -> Plan {
    let mut all = vec![
        "report",
        "stack.toml",
        "--as-of",
        "2026-01",
        "--horizon",
        "2",
        "--today",
        "2025-12-01",
        "-f",
        "json",
    ];
    all.extend_from_slice(args);
    serde_json::from_str(&f.run(&all).ok().stdout).expect("the plan JSON parses back")
}

#[test]
fn packs_round_up_and_costs_add_up_by_hand() {
    // 75 / 0.75 = 100 lines needed; 50 held; 10 of them included at no charge.
    let p = plan(&priced(5, ""), &[]);
    let r = &p.rows[0];
    assert_eq!(
        (r.units_now, r.units_needed, r.units_to_add),
        (50.0, 100.0, 50.0)
    );
    assert_eq!((r.cost_now, r.cost_needed), (400.0, 900.0)); // (50-10) x 10, (100-10) x 10
    assert_eq!(
        (r.one_off_cost, r.order_by.as_str(), &r.status),
        (25.0, "2025-12-18", &PlanStatus::Buy)
    );
    assert_eq!(
        p.rows[1].one_off_cost, 0.0,
        "the one-off is paid once, when the purchase is first needed"
    );
    // Packs of 20: 50 more lines round up to 60.
    let r = &plan(&priced(20, ""), &[]).rows[0];
    assert_eq!((r.units_to_add, r.cost_needed), (60.0, 1000.0));
    // 12% a month: month 2 needs 100 x 1.12^2 = 125.44, so 126 lines, 76 more (packs of 1).
    let p = plan(&priced(1, ""), &["--growth", "12%"]);
    assert_eq!(
        p.rows.iter().map(|r| r.units_needed).collect::<Vec<_>>(),
        [100.0, 112.0, 126.0]
    );
}

#[test]
fn cheapest_added_call_first_and_what_needs_sales() {
    // A pool of 10 connections held half of each call: 2 calls per connection at 3 a month is 1.5
    // per call; the platform's lines are 10 per call and pass the self-serve maximum of 60.
    let pool = "[[layer]]\nname = \"db\"\nkind = \"pool\"\nsize = 10\nhold_share = \"50%\"\n  [layer.price]\n  per_unit_month = 3.0\n";
    let f = priced(1, pool);
    f.file(
        "stack.toml",
        &f.read("stack.toml")
            .replace("one_off = 25", "one_off = 25\n  self_serve_max = 60"),
    );
    let p = plan(&f, &[]);
    let names: Vec<&str> = p.ranking.iter().map(|o| o.layer.as_str()).collect();
    assert_eq!(names, ["db", "cpaas"]);
    assert_eq!(
        (p.ranking[0].cost_per_added_call, p.ranking[0].self_serve),
        (1.5, true)
    );
    assert_eq!(
        p.ranking[0].unit, "connection",
        "the pool kind's default unit"
    );
    assert_eq!(
        (p.ranking[1].cost_per_added_call, p.ranking[1].self_serve),
        (10.0, false)
    );
    assert_eq!(p.ranking[1].status, PlanStatus::Sales);
    // 100 calls / 2 per connection = 50 connections, 40 more at 3 a month.
    assert_eq!(p.ranking[0].added_cost_per_month, 120.0);
}

#[test]
fn a_limit_units_cannot_lift_is_flagged() {
    let llm = "[[layer]]\nname = \"llm\"\nkind = \"llm\"\nsessions_per_key = 100\ntokens_per_minute = 100000\ntokens_per_call_minute = 2000\n  [layer.price]\n  per_unit_month = 0\n  sales_contract = true\n";
    let p = plan(&priced(1, llm), &[]);
    let row = p.rows.iter().find(|r| r.layer == "llm").unwrap();
    assert_eq!(
        row.status,
        PlanStatus::Blocked {
            binds: "tokens_per_minute".into()
        }
    );
    assert_eq!(row.status.to_string(), "blocked (tokens_per_minute binds)");
    assert_eq!(p.blocked, ["llm (tokens_per_minute binds)"]);
    assert!(p.ranking.iter().all(|o| o.layer != "llm"));
}

#[test]
fn the_finance_csv_parses_back() {
    let f = priced(5, "");
    f.run(&[
        "report",
        "stack.toml",
        "--as-of",
        "2026-01",
        "-o",
        "plan.csv",
    ])
    .ok();
    let mut rdr = csv::Reader::from_path(f.path("plan.csv")).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "month",
            "layer",
            "kind",
            "unit",
            "units_now",
            "units_needed",
            "units_to_add",
            "units_added_this_month",
            "unit_price",
            "currency",
            "cost_now",
            "cost_needed",
            "one_off_cost",
            "order_by",
            "status",
            "action",
            "month_cost_now",
            "month_cost_needed",
            "month_one_off_cost"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        7,
        "one row per month of the default 6-month horizon, month 0 included"
    );
    for r in &rows {
        let cost: f64 = r[11].parse().expect("a plain decimal");
        assert_eq!(cost, 900.0);
        assert_eq!(&r[9], "USD");
        assert!(
            r[13].len() == 10 && r[13].as_bytes()[4] == b'-',
            "ISO date: {}",
            &r[13]
        );
    }
    assert_eq!(&rows[0][0], "2026-01");
}

#[test]
fn reports_never_overwrite_an_input() {
    let f = priced(5, "");
    let before = f.read("arrivals.csv");
    f.run(&["report", "stack.toml", "-o", "arrivals.csv"])
        .fails_with(&["refusing to write over an input file"]);
    f.run(&["report", "stack.toml", "--chart", "stack.toml"])
        .fails_with(&["refusing"]);
    assert_eq!(f.read("arrivals.csv"), before);
    let bad = priced(5, "");
    bad.file(
        "stack.toml",
        &bad.read("stack.toml")
            .replace("per_unit_month = 10.0", "per_unit_month = -1"),
    );
    bad.run(&["report", "stack.toml"])
        .fails_with(&["stack.toml:13:20", "per_unit_month"]);
}

/// The chart's structure, not its pixels: the texts it draws and how many lines.
fn structure(svg: &str) -> String {
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split("</text>").next())
        })
        .map(str::trim)
        .collect();
    format!(
        "polylines: {}\ncircles: {}\ntexts:\n{}\n",
        svg.matches("<polyline").count(),
        svg.matches("<circle").count(),
        texts.join("\n")
    )
}

#[test]
fn the_chart_has_a_title_axes_and_one_line_per_layer() {
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("plan.svg");
    let svg_arg = svg_path.to_str().unwrap();
    run_in(
        repo(),
        &[
            "report",
            "examples/voice-agent/stack.toml",
            "--today",
            "2026-11-01",
            "-o",
            "-",
            "--chart",
            svg_arg,
        ],
    )
    .ok();
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.starts_with("<svg"));
    let s = structure(&svg);
    for layer in [
        "vapi",
        "twilio-outbound",
        "caller-ids (full 2027-03)",
        "llm (full 2027-03)",
        "orders-db (full 2027-04)",
    ] {
        assert!(s.contains(layer), "{layer} in the legend");
    }
    // One data line per layer, each drawn 3 wide and repeated once in the legend; each with a
    // point per month (7) and a ring where it first reaches the ceiling (4 layers do).
    let data_lines = svg.matches("stroke-width=\"3\"").count();
    assert_eq!(data_lines, 5 * 2);
    // Below, the cost panel: one bar segment per priced layer and month (4 layers, 7 months),
    // each a filled rectangle in its layer's colour, plus a legend swatch per layer.
    assert!(s.contains("Monthly cost of what each layer needs (USD), stacked"));
    let vapi_blue = svg
        .split("<rect")
        .skip(1)
        .filter(|r| {
            r.split('>')
                .next()
                .unwrap_or("")
                .contains("fill=\"#0072B2\"")
        })
        .count();
    assert_eq!(vapi_blue, 7 + 1, "vapi's 7 bars and its legend swatch");
    insta::assert_snapshot!("voice_agent_chart_structure", s);
}
