//! Parquet bytes through `observe`: a corrupt footer, page or column chunk gives an error
//! naming the file, never a panic from the parquet crate (exit 101) or a hang.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Only Parquet: the magic at both ends, so every input reaches the Parquet reader.
    let mut bytes = b"PAR1".to_vec();
    bytes.extend_from_slice(data);
    bytes.extend_from_slice(b"PAR1");
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(&bytes).unwrap();
    let opts = capplan::engine::observe::Options {
        interval_ms: 900_000,
        columns: Default::default(),
        zone: capplan::io::records::Zone::parse("UTC").unwrap(),
        skip_bad: data.first().is_some_and(|b| b & 1 == 1),
        buffer_events: 64,
        threads: Some(1 + (data.len() % 2)),
        from_answer: false,
        provider: None,
        keep_calls: false,
    };
    let _ = capplan::engine::observe::observe(f.path(), opts);
});
