//! The stack loader: any text gives a checked stack or an error, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let ov = capplan::model::stack::Overrides::default();
        let _ = capplan::model::stack::parse(std::path::Path::new("fuzz.toml"), text, &ov);
    }
});
