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
