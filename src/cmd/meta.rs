//! `capplan schema`, `capplan completions SHELL` and `capplan man`: generated from the types
//! that parse the stack file and from the command-line definition, so they cannot drift.

use clap::Args;

use crate::error::{Error, Result};
use crate::output::Sink;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The JSON Schema (draft 2020-12) of the stack file.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(crate::stack::raw::RawStack);
    let mut s = serde_json::to_string_pretty(&schema).expect("a schema is plain data");
    s.push('\n');
    s
}

pub fn schema() -> Result<()> {
    Sink::Stdout.write(schema_json().as_bytes())
}

/// `cli` is the whole command-line definition, handed down from the top so that this module
/// need not import it.
pub fn completions(args: &CompletionsArgs, mut cli: clap::Command) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cli, "capplan", &mut out);
    Sink::Stdout.write(&out)
}

pub fn man(cli: clap::Command) -> Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cli)
        .render(&mut out)
        .map_err(|e| Error::Usage(format!("rendering the man page: {e}")))?;
    Sink::Stdout.write(&out)
}
