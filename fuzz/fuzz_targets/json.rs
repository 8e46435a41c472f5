//! The JSON readers (a document, an array split by the byte scanner, one object a line in
//! ranges) and the providers' layouts: any bytes give an observation or an error, never a
//! panic, a hang or an allocation the input did not ask for.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(body).unwrap();
    // The first byte picks the provider (or none), the threads and the rules.
    let provider = match pick % 11 {
        n @ 0..=8 => Some(capplan::io::records::Provider::ALL[n as usize]),
        _ => None,
    };
    let opts = capplan::engine::observe::Options {
        interval_ms: 900_000,
        columns: Default::default(),
        zone: capplan::io::records::Zone::parse("UTC").unwrap(),
        skip_bad: pick & 0x10 != 0,
        buffer_events: 64,
        threads: Some(1 + usize::from(pick >> 6)),
        from_answer: pick & 0x20 != 0,
        provider,
        keep_calls: false,
    };
    let _ = capplan::engine::observe::observe(f.path(), opts);
});
