//! Presets, `init`, the editor schema, completions and the man page.

use capplan::engine::headroom::Report;
use capplan::model::presets::PRESETS;

use crate::util::{Fixture, GLOSSARY_WORKLOAD, glossary_with_layers, repo, run_in};

#[test]
fn every_preset_loads_and_computes() {
    for p in PRESETS {
        let extra = if p.toml.contains("\"numbers\"") {
            "numbers = 10\n"
        } else {
            ""
        };
        let f = glossary_with_layers(&format!(
            "[[layer]]\nname = \"l\"\npreset = \"{}\"\n{extra}",
            p.name
        ));
        let out = f.run(&["compute", "stack.toml", "-f", "json"]).ok();
        let r: Report = serde_json::from_str(&out.stdout).unwrap();
        assert!(
            p.toml.contains(&format!("kind = \"{}\"", r.layers[0].kind)),
            "{}",
            p.name
        );
        // The glossary's calls are inbound: a preset whose only limit is a rate on outbound
        // calls (Twilio's business profile) counts none of them and is unlimited.
        let outbound_rate_only = p.toml.contains("rate_directions = [\"outbound\"]")
            && !["concurrency", "channels"]
                .iter()
                .any(|k| p.toml.contains(k));
        match r.layers[0].ceiling_calls {
            Some(c) => assert!(c > 0.0 && !outbound_rate_only, "{}", p.name),
            None => assert!(outbound_rate_only, "{}", p.name),
        }
        let shown = run_in(repo(), &["presets", p.name]).ok().stdout;
        assert!(
            shown.contains(p.source) && shown.contains(p.as_of),
            "{}",
            p.name
        );
    }
    let list = run_in(repo(), &["presets"]).ok().stdout;
    assert!(PRESETS.iter().all(|p| list.contains(p.name)));
}

#[test]
fn keys_beside_a_preset_override_it() {
    // Vapi's 10 default slots, raised to 75 with add-on lines: 75 / (30 avg x 2.5) = 100%.
    let f =
        glossary_with_layers("[[layer]]\nname = \"vapi\"\npreset = \"vapi\"\nconcurrency = 75\n");
    let r: Report =
        serde_json::from_str(&f.run(&["compute", "stack.toml", "-f", "json"]).ok().stdout).unwrap();
    assert_eq!(r.layers[0].ceiling_calls, Some(75.0));
    let f = glossary_with_layers("[[layer]]\nname = \"v\"\npreset = \"vapii\"\n");
    f.run(&["compute", "stack.toml"]).fails_with(&[
        "stack.toml:8:10",
        "unknown preset `vapii`",
        "did you mean `vapi`?",
    ]);
    let f = glossary_with_layers("[[layer]]\nname = \"v\"\npreset = \"vapi\"\nkind = \"trunk\"\n");
    f.run(&["compute", "stack.toml"])
        .fails_with(&["stack.toml:9:8", "conflicts with preset `vapi`"]);
    // A preset's key that the layer's own kind does not take is reported at the preset line.
    let f = glossary_with_layers("[[layer]]\nname = \"n\"\npreset = \"bubblyphone-outbound\"\n");
    f.run(&["compute", "stack.toml"])
        .fails_with(&["needs `numbers`"]);
    run_in(repo(), &["presets", "twilo-trial"]).fails_with(&["did you mean `twilio-trial`?"]);
}

#[test]
fn init_writes_a_stack_that_computes_and_never_overwrites() {
    let f = Fixture::new();
    let args = [
        "init",
        "--workload",
        "inbound",
        "--workload",
        "outbound",
        "--aht",
        "3m 20s",
        "--platform",
        "twilio-business",
        "--trunk-channels",
        "40",
        "--db-pool",
        "20",
    ];
    f.run(&args).ok();
    let stack = f.read("stack.toml");
    assert!(stack.contains("preset = \"twilio-business\"") && stack.contains("channels = 40"));
    let r: Report =
        serde_json::from_str(&f.run(&["compute", "stack.toml", "-f", "json"]).ok().stdout).unwrap();
    assert_eq!(
        r.layers.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        ["platform", "llm", "trunk", "db"]
    );
    assert!(r.projection.is_some(), "init writes a [growth] section");
    f.file("stack.toml", "# mine\n");
    f.run(&["init"])
        .fails_with(&["stack.toml exists", "--force"]);
    assert_eq!(f.read("stack.toml"), "# mine\n");
    f.run(&["init", "--force", "--llm", "none"]).ok();
    assert!(!f.read("stack.toml").contains("name = \"llm\""));
    f.run(&["init", "--force", "--platform", "nope"])
        .fails_with(&["invalid value 'nope' for '--platform", "vapi"]);
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&run_in(repo(), &["schema"]).ok().stdout).unwrap();
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn as_json(toml_text: &str) -> serde_json::Value {
    toml::from_str(toml_text).expect("valid TOML")
}

#[test]
fn the_schema_accepts_every_example_and_rejects_a_typo() {
    let v = validator();
    for ex in [
        "examples/voice-agent/stack.toml",
        "examples/contact-centre/stack.toml",
    ] {
        let text = std::fs::read_to_string(repo().join(ex)).unwrap();
        let errors: Vec<String> = v
            .iter_errors(&as_json(&text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{ex}: {errors:?}");
    }
    let f = Fixture::new();
    f.run(&["init", "--trunk-channels", "10"]).ok();
    assert!(v.is_valid(&as_json(&f.read("stack.toml"))));
    let typo = format!(
        "{GLOSSARY_WORKLOAD}[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurency = 5\n"
    );
    assert!(!v.is_valid(&as_json(&typo)));
    let share = format!("[defaults]\nwarn_at = \"75\"\n{GLOSSARY_WORKLOAD}");
    assert!(!v.is_valid(&as_json(&share)), "a share needs a % sign");
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run_in(repo(), &["completions", shell]).ok().stdout;
        assert!(
            out.contains("capplan") && out.contains("observe"),
            "{shell}"
        );
    }
    let man = run_in(repo(), &["man"]).ok().stdout;
    assert!(man.contains(".TH capplan 1") && man.contains("compute"));
    // One page per command, each with examples, exit status and environment.
    let f = crate::util::Fixture::new();
    f.run(&["man", "--out-dir", "man"]).ok();
    for cmd in [
        "compute",
        "check",
        "report",
        "forecast",
        "simulate",
        "observe",
        "init",
        "presets",
        "schema",
        "completions",
        "man",
        "erlang",
    ] {
        let page = f.read(&format!("man/capplan-{cmd}.1"));
        assert!(page.contains(&format!(".TH capplan-{cmd} 1")), "{cmd}");
        for section in [".SH EXAMPLES", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT"] {
            assert!(page.contains(section), "{cmd} lacks {section}");
        }
    }
    // The top page names the subcommand pages it refers to, and they exist now.
    assert!(f.path("man/capplan.1").exists());
    let help = f.run(&["compute", "--help"]).ok().stdout;
    assert!(help.contains("Examples:\n  capplan compute examples/voice-agent/stack.toml"));
}

mod inputs {
    //! Standard input, gzip, and the stack file found without naming it.
    use std::io::Write;
    use std::process::{Command, Stdio};

    use crate::util::{Fixture, glossary_example};

    fn with_stdin(f: &Fixture, args: &[&str], input: &[u8]) -> (i32, String, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_capplan"))
            .args(args)
            .current_dir(f.path("."))
            .env_remove("NO_COLOR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn the_stack_and_call_records_come_on_standard_input_or_gzipped() {
        let f = glossary_example();
        let stack = f.read("stack.toml");
        let named = f.run(&["compute", "stack.toml", "-f", "json"]).ok().stdout;
        let (code, piped, err) = with_stdin(&f, &["compute", "-", "-f", "json"], stack.as_bytes());
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            piped.replace("\"stack\": \"-\"", "\"stack\": \"stack.toml\""),
            named
        );
        // Arrivals gzipped: the same report.
        std::fs::write(
            f.path("arrivals.csv.gz"),
            gzip(f.read("arrivals.csv").as_bytes()),
        )
        .unwrap();
        let gz = f
            .run(&[
                "compute",
                "stack.toml",
                "--arrivals",
                "inbound=arrivals.csv.gz",
                "-f",
                "json",
            ])
            .ok()
            .stdout;
        assert_eq!(gz, named);
        // Call records on standard input, plain or gzipped.
        let cdr = "start,end\n2026-03-02T09:00:00Z,2026-03-02T09:10:00Z\n2026-03-02T09:05:00Z,2026-03-02T09:07:00Z\n";
        for input in [cdr.as_bytes().to_vec(), gzip(cdr.as_bytes())] {
            let (code, out, err) = with_stdin(&f, &["observe", "-", "-f", "json"], &input);
            assert_eq!(code, 0, "{err}");
            let o: capplan::engine::observe::Observation = serde_json::from_str(&out).unwrap();
            assert_eq!((o.calls, o.peak_calls, o.file.as_str()), (2, 2, "-"));
        }
    }

    #[test]
    fn a_stack_file_is_found_without_naming_it() {
        let f = glossary_example();
        assert_eq!(
            f.run(&["compute"]).ok().stdout,
            f.run(&["compute", "stack.toml"]).ok().stdout
        );
        std::fs::rename(f.path("stack.toml"), f.path("capplan.toml")).unwrap();
        f.run(&["compute"]).ok();
        std::fs::remove_file(f.path("capplan.toml")).unwrap();
        f.run(&["compute"])
            .fails_with(&["no stack.toml or capplan.toml", "capplan init"]);
    }
}

#[test]
fn the_shipped_schema_is_current_and_editors_get_enums_and_descriptions() {
    // docs/capplan.schema.json, which the examples' first lines name, is what `capplan schema`
    // prints now.
    let now = run_in(repo(), &["schema"]).ok().stdout;
    let shipped = std::fs::read_to_string(repo().join("docs/capplan.schema.json")).unwrap();
    assert_eq!(
        shipped, now,
        "regenerate with `capplan schema > docs/capplan.schema.json`"
    );
    for ex in ["voice-agent", "contact-centre"] {
        let text =
            std::fs::read_to_string(repo().join(format!("examples/{ex}/stack.toml"))).unwrap();
        assert!(
            text.starts_with("#:schema ../../docs/capplan.schema.json\n"),
            "{ex}"
        );
    }
    let schema: serde_json::Value = serde_json::from_str(&now).unwrap();
    let layer = &schema["$defs"]["RawLayer"]["properties"];
    assert!(
        layer["kind"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "trunk")
    );
    assert!(
        layer["preset"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "vapi")
    );
    for (name, def) in schema["$defs"].as_object().unwrap() {
        for (key, prop) in def["properties"].as_object().into_iter().flatten() {
            assert!(
                prop.get("description").is_some(),
                "{name}.{key} has no description"
            );
        }
    }
}
