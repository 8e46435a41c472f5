//! The call-record reader and sweep: any bytes as a CDR file give an observation or an error,
//! never a panic, a hang or an allocation the input did not ask for within the limits.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(data).unwrap();
    // One minute and 15 minutes: a 1-second grid over days of calls is legitimate work that
    // outlasts the fuzzer's timeout under its instrumentation (0.2 s in a release build).
    for interval_ms in [60_000, 900_000] {
        let opts = capplan::engine::observe::Options {
            interval_ms,
            columns: Default::default(),
            zone: capplan::io::records::Zone::parse("Europe/Paris").unwrap(),
            skip_bad: data.first().is_some_and(|b| b & 1 == 1),
            buffer_events: 64,
            threads: Some(1 + (data.len() % 3)),
            from_answer: false,
            provider: None,
            keep_calls: false,
        };
        let _ = capplan::engine::observe::observe(f.path(), opts);
    }
});
