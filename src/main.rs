//! The capplan binary: runs the library and turns the outcome into an exit code, here and only
//! here (0 ok, 1 a check failed, 2 bad usage or input; clap exits 2 on bad flags itself).

use std::process::ExitCode;

fn main() -> ExitCode {
    match capplan::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e {
                // An empty message: the verdict went to standard output already.
                capplan::Error::CheckFailed(ref m) if m.is_empty() => {}
                capplan::Error::CheckFailed(_) => eprintln!("capplan: {e}"),
                _ => eprintln!("capplan: error: {e}"),
            }
            ExitCode::from(e.exit_code())
        }
    }
}
