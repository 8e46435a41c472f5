//! Snapshots of every output format on the shipped examples (insta; review with `cargo insta`).

use crate::util::{repo, run_in};

fn snapshot(example: &str, format: &str) -> String {
    let stack = format!("examples/{example}/stack.toml");
    run_in(
        repo(),
        &["compute", &stack, "--format", format, "--color", "never"],
    )
    .ok()
    .stdout
}

#[test]
fn voice_agent_in_every_format() {
    for format in ["table", "json", "csv", "markdown"] {
        insta::assert_snapshot!(
            format!("voice_agent_{format}"),
            snapshot("voice-agent", format)
        );
    }
}

#[test]
fn contact_centre_in_every_format() {
    for format in ["table", "json", "csv", "markdown"] {
        insta::assert_snapshot!(
            format!("contact_centre_{format}"),
            snapshot("contact-centre", format)
        );
    }
}

#[test]
fn simulate_in_every_format() {
    // Three seeded days at today's load and half again: the same on every machine.
    for format in ["table", "json", "csv", "markdown"] {
        let out = run_in(
            repo(),
            &[
                "simulate",
                "examples/voice-agent/stack.toml",
                "--days",
                "3",
                "--load",
                "100%,150%",
                "--format",
                format,
            ],
        )
        .ok()
        .stdout;
        insta::assert_snapshot!(format!("simulate_voice_agent_{format}"), out);
    }
}

#[test]
fn erlang_answers_in_every_format() {
    for format in ["table", "json", "csv", "markdown"] {
        let args = [
            "erlang",
            "agents",
            "--traffic",
            "10",
            "--aht",
            "3m",
            "--service-level",
            "80%",
            "--target",
            "20s",
            "--shrinkage",
            "30%",
            "--format",
            format,
        ];
        insta::assert_snapshot!(
            format!("erlang_agents_{format}"),
            run_in(repo(), &args).ok().stdout
        );
    }
}

#[test]
fn check_in_every_format() {
    for format in ["table", "json", "markdown", "github"] {
        let args = [
            "check",
            "examples/voice-agent/stack.toml",
            "--today",
            "2026-12-01",
            "--format",
            format,
        ];
        let out = run_in(repo(), &args);
        assert_eq!(
            out.code, 1,
            "the example's LLM layer crosses its ceiling in 2027-03"
        );
        insta::assert_snapshot!(format!("check_voice_agent_{format}"), out.stdout);
    }
}

#[test]
fn observe_in_every_format() {
    // The hand-made records of `observe_cli` (peak 3 at 09:08, 1.8 calls on average).
    let f = crate::util::Fixture::new();
    f.file("cdr.csv", crate::observe_cli::CDR);
    for format in ["table", "json", "csv", "markdown"] {
        let out = f.run(&["observe", "cdr.csv", "--format", format]).ok();
        insta::assert_snapshot!(format!("observe_{format}"), out.stdout);
    }
}

#[test]
fn presets_in_every_format() {
    for format in ["table", "json", "csv", "markdown"] {
        let out = run_in(repo(), &["presets", "vapi", "--format", format]).ok();
        insta::assert_snapshot!(format!("presets_vapi_{format}"), out.stdout);
    }
}
