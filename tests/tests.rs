//! The one integration-test binary: the CLI end to end, snapshots of every format, and property
//! tests of the arithmetic.

#[path = "it/util.rs"]
mod util;

#[path = "it/check_cli.rs"]
mod check_cli;
#[path = "it/compute_cli.rs"]
mod compute_cli;
#[path = "it/compute_errors.rs"]
mod compute_errors;
#[path = "it/compute_props.rs"]
mod compute_props;
#[path = "it/erlang_cli.rs"]
mod erlang_cli;
#[path = "it/forecast_cli.rs"]
mod forecast_cli;
#[path = "it/hardening.rs"]
mod hardening;
#[path = "it/hostile.rs"]
mod hostile;
#[path = "it/load_model.rs"]
mod load_model;
#[path = "it/observe_cli.rs"]
mod observe_cli;
#[path = "it/observe_hindsight.rs"]
mod observe_hindsight;
#[path = "it/observe_parquet.rs"]
mod observe_parquet;
#[path = "it/observe_providers.rs"]
mod observe_providers;
#[path = "it/plan_dates.rs"]
mod plan_dates;
#[path = "it/report_cli.rs"]
mod report_cli;
#[path = "it/setup_cli.rs"]
mod setup_cli;
#[path = "it/simulate_cli.rs"]
mod simulate_cli;
#[path = "it/simulate_props.rs"]
mod simulate_props;
#[path = "it/snapshots.rs"]
mod snapshots;
#[path = "it/structure.rs"]
mod structure;
#[path = "it/user_paths.rs"]
mod user_paths;
