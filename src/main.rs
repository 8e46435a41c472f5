//! The capplan binary: runs the library and turns the outcome into an exit code, here and only
//! here (0 ok, 1 a check failed, 2 bad usage or input; clap exits 2 on bad flags itself).

use std::process::ExitCode;

fn main() -> ExitCode {
    match capplan::run() {
        Ok(outcome) => {
            if let capplan::Outcome::CheckFailed {
                unseen: Some(summary),
            } = &outcome
            {
                eprintln!("capplan: check failed: {summary}");
            }
            ExitCode::from(outcome.exit_code())
        }
        Err(e) => {
            eprintln!("capplan: error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
