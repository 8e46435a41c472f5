//! `capplan presets [NAME]`: the provider presets, their limits, sources and as-of dates.

use clap::Args;
use comfy_table::{Table, presets as styles};

use crate::error::{Error, Result};
use crate::output::Sink;
use crate::presets::{PRESETS, find};
use crate::suggest::did_you_mean;

#[derive(Debug, Args)]
pub struct PresetsArgs {
    /// Show one preset in full.
    pub name: Option<String>,
}

pub fn run(args: &PresetsArgs) -> Result<()> {
    let text = match &args.name {
        None => {
            let mut t = Table::new();
            t.load_style(styles::UTF8_FULL_CONDENSED).force_no_tty();
            t.set_header(vec!["preset", "as_of", "limits"]);
            for p in PRESETS {
                t.add_row(vec![p.name, p.as_of, p.summary]);
            }
            format!(
                "{t}\nUse one in a layer: preset = \"vapi\"; keys beside it override it. `capplan presets NAME` shows its source.\n"
            )
        }
        Some(name) => {
            let p = find(name).ok_or_else(|| {
                let hint = did_you_mean(name, PRESETS.iter().map(|p| p.name));
                Error::Usage(format!(
                    "unknown preset `{name}`{hint}; `capplan presets` lists them"
                ))
            })?;
            format!(
                "{}\n{}\nsource: {}\nas of: {}\n\n[[layer]]\nname = \"{}\"\npreset = \"{}\"\n# which stands for:\n{}",
                p.name,
                p.summary,
                p.source,
                p.as_of,
                p.name,
                p.name,
                p.toml
                    .lines()
                    .map(|l| format!("# {l}\n"))
                    .collect::<String>()
            )
        }
    };
    Sink::Stdout.write(text.as_bytes())
}
