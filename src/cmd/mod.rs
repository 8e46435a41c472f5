//! One module per subcommand, each with a `run` taking its parsed arguments.

pub mod args;
pub mod check;
pub mod compute;
pub mod erlang;
pub mod forecast;
pub mod init;
pub mod meta;
pub mod observe;
pub mod presets;
pub mod report;
pub mod simulate;
