//! `capplan schema`, `capplan completions SHELL` and `capplan man`: generated from the types
//! that parse the stack file and from the command-line definition, so they cannot drift.

use clap::Args;

use crate::io::output::Sink;
use crate::values::error::{Error, Result};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn schema() -> Result<()> {
    Sink::Stdout.write(crate::model::stack::schema_json().as_bytes())
}

/// `cli` is the whole command-line definition, handed down from the top so that this module
/// need not import it.
pub fn completions(args: &CompletionsArgs, mut cli: clap::Command) -> Result<()> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cli, "capplan", &mut out);
    Sink::Stdout.write(&out)
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write capplan.1 and one capplan-COMMAND.1 page per command into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
}

/// Sections every page carries besides clap's: exit status, environment, files.
const COMMON: &str = r#".SH "EXIT STATUS"
0 ok; 1 a check failed (\fBcapplan check\fR); 2 bad usage or input, with a message naming the file, line, column, key or flag.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
no colour unless \fB--color always\fR.
.TP
\fBGITHUB_ACTIONS\fR
with \fBtrue\fR, \fBcapplan check\fR prints workflow annotations unless a format is given.
.TP
\fBGITHUB_STEP_SUMMARY\fR
\fBcapplan check\fR appends its markdown verdict to this file.
.TP
\fBRAYON_NUM_THREADS\fR
threads for \fBsimulate\fR and \fBforecast\fR (the answers do not depend on it).
.SH FILES
\fBstack.toml\fR or \fBcapplan.toml\fR in the current folder when no stack file is named.
"#;

/// One page: clap's sections, then an EXAMPLES section from the command's examples, then the
/// common sections.
fn page(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let examples = cmd
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    let man = clap_mangen::Man::new(cmd.clone().after_help(""));
    man.render_title(&mut out)
        .and_then(|()| man.render_name_section(&mut out))
        .and_then(|()| man.render_synopsis_section(&mut out))
        .and_then(|()| man.render_description_section(&mut out))
        .and_then(|()| man.render_options_section(&mut out))
        .and_then(|()| {
            if cmd.has_subcommands() {
                man.render_subcommands_section(&mut out)
            } else {
                Ok(())
            }
        })
        .map_err(|e| Error::Usage(format!("rendering the man page: {e}")))?;
    let lines: Vec<&str> = examples.lines().skip(1).map(str::trim).collect();
    if !lines.is_empty() {
        out.extend_from_slice(b".SH EXAMPLES\n");
        for l in lines {
            out.extend_from_slice(format!(".PP\n\\fB{}\\fR\n", l.replace('-', "\\-")).as_bytes());
        }
    }
    out.extend_from_slice(COMMON.as_bytes());
    Ok(out)
}

pub fn man(args: &ManArgs, cli: clap::Command) -> Result<()> {
    let cli = cli.name("capplan");
    let Some(dir) = &args.out_dir else {
        return Sink::Stdout.write(&page(cli)?);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut files = vec![(dir.join("capplan.1"), page(cli.clone())?)];
    for sub in cli.get_subcommands() {
        let name = format!("capplan-{}", sub.get_name());
        let cmd = sub.clone().name(name.clone());
        files.push((dir.join(format!("{name}.1")), page(cmd)?));
    }
    crate::io::output::write_all_or_nothing(&files)
}
