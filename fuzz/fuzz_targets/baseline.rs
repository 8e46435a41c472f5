//! The JSON reader of `check --baseline`: any bytes give a report or an error naming the file,
//! never a panic, a hang or an allocation past the 256 MiB bound on a file read whole.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(data).unwrap();
    let _ = capplan::cmd::check::baseline::load(f.path());
});
