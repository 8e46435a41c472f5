//! `capplan check` and growth projections: exit codes, crossings worked by hand, act-by dates,
//! annotations that point at the layer's line, the baseline diff, projection files.

use capplan::cmd::check::Verdict;
use capplan::engine::headroom::Report;

use crate::util::{Fixture, Run, check_on, glossary_with_layers, half_full};

fn check(f: &Fixture, args: &[&str]) -> Run {
    check_on(f, "2026-01-15", args)
}

fn verdict(r: &Run) -> Verdict {
    serde_json::from_str(&r.stdout).expect("the verdict JSON parses back")
}

#[test]
fn fifty_percent_growing_twelve_percent_crosses_seventy_five_in_month_four() {
    // By hand: 0.5 x 1.12^3 = 0.7025 < 0.75 <= 0.5 x 1.12^4 = 0.7868.
    let f = half_full("");
    let r = check(&f, &["--growth", "12%", "--fail-at", "warn", "-f", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // The verdict is on standard output (in the JSON): it is not repeated on standard error.
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let v = verdict(&r);
    assert!(!v.pass);
    let finding = &v.findings[0];
    assert_eq!(
        (finding.month_index, finding.month.as_str()),
        (4, "2026-05")
    );
    assert!((finding.utilization - 0.5 * 1.12f64.powi(4)).abs() < 1e-12);
    let p = v.report.projection.unwrap();
    assert_eq!(p.months[..3], ["2026-01", "2026-02", "2026-03"]);
    assert!((p.layers[0].utilization[3] - 0.5 * 1.12f64.powi(3)).abs() < 1e-12);
}

#[test]
fn exit_codes_follow_the_fail_threshold() {
    let f = half_full("");
    // 0.5 x 1.12^6 = 0.987: under the ceiling at the six-month horizon.
    assert_eq!(check(&f, &["--growth", "12%"]).code, 0);
    assert_eq!(check(&f, &["--growth", "12%", "--fail-at", "warn"]).code, 1);
    let r = check(&f, &["--growth", "12%", "--fail-at", "70%", "-f", "json"]);
    assert_eq!(verdict(&r).findings[0].month, "2026-04"); // 0.7025 >= 0.70
    assert_eq!(check(&f, &["--growth", "12%", "--horizon", "12"]).code, 1); // 1.105 in month 7
    assert_eq!(check(&f, &["--fail-at", "bogus"]).code, 2);
    assert_eq!(check(&f, &["--as-of", "2026-13"]).code, 2);
    let pass = check(&f, &["--growth", "12%"]).ok();
    assert!(pass.stdout.starts_with(
        "PASS: no layer reaches its fail threshold (ceiling) from 2026-01 to 2026-07"
    ));
}

#[test]
fn github_annotations_point_at_the_layer_line() {
    let f = glossary_with_layers(
        "[[layer]]\nname = \"small\"\nkind = \"platform\"\nconcurrency = 80\n\n[[layer]]\nname = \"big\"\nkind = \"trunk\"\nchannels = 1000\n",
    );
    let r = check(&f, &["--growth", "12%", "-f", "github"]);
    assert_eq!(r.code, 1);
    // `small` is named on line 7 of stack.toml (the glossary workload takes lines 1 to 4, then a blank).
    assert_eq!(
        f.read("stack.toml").lines().nth(6),
        Some("name = \"small\"")
    );
    let first = r.stdout.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=stack.toml,line=7,title=capplan%3A small::layer `small` reaches"
        ),
        "{first}"
    );
    assert!(first.contains("%25"), "percent signs are escaped: {first}");
}

#[test]
fn markdown_goes_to_the_step_summary_too() {
    let f = half_full("");
    let summary = f.path("summary.md");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args([
            "check",
            "stack.toml",
            "--as-of",
            "2026-01",
            "--today",
            "2026-01-15",
            "-f",
            "markdown",
        ])
        .current_dir(f.path("."))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("<!-- capplan-check: stack.toml -->\n### capplan check passed"));
    assert_eq!(std::fs::read_to_string(summary).unwrap(), stdout);
}

#[test]
fn the_baseline_diff_shows_what_changed() {
    let f = half_full("");
    f.run(&[
        "compute",
        "stack.toml",
        "--growth",
        "12%",
        "--horizon",
        "12",
        "--as-of",
        "2026-01",
        "-f",
        "json",
        "-o",
        "before.json",
    ])
    .ok();
    let before: Report = serde_json::from_str(&f.read("before.json")).unwrap();
    assert_eq!(
        before.projection.unwrap().layers[0]
            .ceiling_crossing
            .as_ref()
            .unwrap()
            .month,
        "2026-08"
    );
    // Ceiling 120 instead of 150: 62.5% today; 0.625 x 1.12^5 = 1.10 crosses in 2026-06.
    f.file(
        "stack.toml",
        &f.read("stack.toml")
            .replace("concurrency = 150", "concurrency = 120"),
    );
    let r = check(
        &f,
        &[
            "--growth",
            "12%",
            "--horizon",
            "12",
            "--baseline",
            "before.json",
            "-f",
            "json",
        ],
    );
    let b = verdict(&r).baseline.unwrap();
    let l = &b.layers[0];
    assert!((l.utilization_delta.unwrap() - 0.125).abs() < 1e-12);
    assert_eq!(l.ceiling_month_now.as_deref(), Some("2026-06"));
    assert_eq!(l.months_gained, Some(-2));
    assert!(!b.binding_changed);
    let table = check(
        &f,
        &[
            "--growth",
            "12%",
            "--horizon",
            "12",
            "--baseline",
            "before.json",
        ],
    );
    assert!(
        table.stdout.contains(
            "platform: 50.0% -> 62.5% (+12.5 points); ceiling crossed in 2026-06, 2 month(s) sooner"
        ),
        "{}",
        table.stdout
    );
    // A check report works as a baseline as well; anything else is refused.
    f.file("check.json", &r.stdout);
    assert_eq!(check(&f, &["--baseline", "check.json"]).code, 0);
    f.file("bad.json", "{\"layers\": 3}");
    check(&f, &["--baseline", "bad.json"]).fails_with(&["bad.json", "not a capplan JSON report"]);
    check(&f, &["--baseline", "stack.toml"]).fails_with(&["stack.toml", "not JSON"]);
}

#[test]
fn growth_from_the_stack_file_and_from_a_projection() {
    let f = half_full("");
    let growth = "[growth]\nstart = \"2026-01\"\nhorizon = 2\nmonthly = \"10%\"\n[growth.workloads]\ninbound = \"20%\"\n";
    f.file("stack.toml", &format!("{growth}{}", f.read("stack.toml")));
    let r: Report =
        serde_json::from_str(&f.run(&["compute", "stack.toml", "-f", "json"]).ok().stdout).unwrap();
    let p = r.projection.unwrap();
    assert_eq!(p.months, ["2026-01", "2026-02", "2026-03"]);
    assert!(
        (p.layers[0].utilization[2] - 0.5 * 1.2 * 1.2).abs() < 1e-12,
        "per-workload growth wins"
    );
    // A projection CSV of calls per month: factors 1, 1.5, 2.
    f.file(
        "plan.csv",
        "month,calls\n2026-01,1000\n2026-02,1500\n2026-03,2000\n",
    );
    let r: Report = serde_json::from_str(
        &f.run(&[
            "compute",
            "stack.toml",
            "--projection",
            "plan.csv",
            "-f",
            "json",
        ])
        .ok()
        .stdout,
    )
    .unwrap();
    let u = &r.projection.unwrap().layers[0].utilization;
    assert_eq!(u[..], [0.5, 0.75, 1.0]);
    f.file("plan.csv", "month,factor\n2026-01,1\n2026-03,2\n");
    f.run(&["compute", "stack.toml", "--projection", "plan.csv"])
        .fails_with(&["plan.csv", "no row for 2026-02"]);
    f.file("plan.csv", "month,factr\n2026-01,1\n");
    f.run(&["compute", "stack.toml", "--projection", "plan.csv"])
        .fails_with(&["plan.csv:1:2", "did you mean `factor`?"]);
    f.file("plan.csv", "month,factor\n2026-1,1\n");
    f.run(&["compute", "stack.toml", "--projection", "plan.csv"])
        .fails_with(&["plan.csv:2:1", "2026-1"]);
    f.file(
        "stack.toml",
        &f.read("stack.toml")
            .replace("inbound = \"20%\"", "inbund = \"20%\""),
    );
    f.run(&["compute", "stack.toml"])
        .fails_with(&["stack.toml:6:", "did you mean `inbound`?"]);
}

#[test]
fn the_verdict_is_printed_once_and_ci_formats_follow_the_environment() {
    let f = half_full("");
    // Written to a file, the verdict goes to standard error as well (stdout has nothing).
    let r = check(
        &f,
        &["--growth", "12%", "--horizon", "12", "-o", "verdict.txt"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.is_empty() && r.stderr.starts_with("capplan: check failed: FAIL:"),
        "{}",
        r.stderr
    );
    // Inside GitHub Actions the default is annotations.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args([
            "check",
            "stack.toml",
            "--as-of",
            "2026-01",
            "--today",
            "2026-01-15",
            "--growth",
            "12%",
            "--horizon",
            "12",
        ])
        .current_dir(f.path("."))
        .env("GITHUB_ACTIONS", "true")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("::error file=stack.toml,line="),
        "{stdout}"
    );
    // JUnit XML: one test case per layer, the failing one with its message.
    let r = check(&f, &["--growth", "12%", "--horizon", "12", "-f", "junit"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("<?xml"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("<testcase classname=\"stack.toml\" name=\"platform\">")
    );
    assert!(
        r.stdout
            .contains("<failure message=\"layer `platform` reaches")
    );
}

#[test]
fn fail_on_worse_fails_only_what_got_worse() {
    // 50% at 12% a month crosses the ceiling in month 7 of a 12-month horizon: a failing stack.
    let f = half_full("");
    f.file(
        "before.json",
        &f.run(&[
            "compute",
            "stack.toml",
            "--as-of",
            "2026-01",
            "--growth",
            "12%",
            "--horizon",
            "12",
            "-f",
            "json",
        ])
        .ok()
        .stdout,
    );
    let args = [
        "--growth",
        "12%",
        "--horizon",
        "12",
        "--baseline",
        "before.json",
    ];
    assert_eq!(
        check(&f, &args).code,
        1,
        "any failing layer fails by default"
    );
    let mut worse = args.to_vec();
    worse.extend(["--fail-on", "worse"]);
    let same = check(&f, &worse);
    assert_eq!(same.code, 0, "{}", same.stdout);
    assert!(
        same.stdout
            .starts_with("PASS (no layer worse than before.json)")
    );
    // The markdown names the stack, carries a marker, and leaves out unchanged layers.
    let mut md = worse.clone();
    md.extend(["-f", "markdown"]);
    let text = check(&f, &md).ok().stdout;
    assert!(
        text.starts_with(
            "<!-- capplan-check: stack.toml -->\n### capplan check passed: stack.toml"
        ),
        "{text}"
    );
    assert!(!text.contains("+0.0 points"), "{text}");
    // 150 -> 120 lines: 12.5 points worse than the baseline, over the 1-point margin.
    f.file(
        "stack.toml",
        &f.read("stack.toml")
            .replace("concurrency = 150", "concurrency = 120"),
    );
    assert_eq!(check(&f, &worse).code, 1);
    let mut wide = worse.clone();
    wide.extend(["--margin", "20"]);
    assert_eq!(
        check(&f, &wide).code,
        1,
        "a ceiling reached sooner is worse whatever the margin"
    );
    assert_eq!(
        check(&f, &["--fail-on", "worse"]).code,
        2,
        "worse needs a baseline"
    );
}

#[test]
fn the_ci_workflow_in_the_readme_is_valid_and_as_tested() {
    use yaml_rust2::YamlLoader;
    let text =
        std::fs::read_to_string(crate::util::repo().join("docs/capacity-workflow.yml")).unwrap();
    let doc = &YamlLoader::load_from_str(&text).expect("valid YAML")[0];
    // One trigger: pull requests that touch the capacity files (not push as well, which ran
    // every check twice on a pull request's branch).
    let on = doc["on"].as_hash().expect("an `on` map");
    assert_eq!(on.len(), 1);
    assert!(!doc["on"]["pull_request"].is_badvalue());
    let steps = doc["jobs"]["check"]["steps"].as_vec().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.contains(&"actions/cache@v4"), "the install is cached");
    let runs: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.contains("--fail-on worse") && !runs.contains("OWNER"));
    assert!(
        steps
            .iter()
            .any(|s| s["if"].as_str() == Some("steps.cache.outputs.cache-hit != 'true'"))
    );
    // The README shows this very file.
    let readme = std::fs::read_to_string(crate::util::repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&text),
        "README's workflow is docs/capacity-workflow.yml"
    );
}
