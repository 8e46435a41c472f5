//! The Erlang calculators through their command line: any argument values the parser accepts
//! give an answer or an error, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fn num(b: &[u8], i: usize) -> String {
    let x = b.get(i * 4..i * 4 + 4).map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
    // Spread over many magnitudes, with exact small integers now and then.
    match x % 4 {
        0 => (x >> 2).to_string(),
        1 => format!("{}", f64::from(x >> 2) / 1e3),
        2 => format!("{:e}", 10f64.powf(f64::from(x % 1000) / 50.0 - 9.0)),
        _ => format!("{}%", f64::from(x >> 2) / 1e7),
    }
}

fuzz_target!(|data: &[u8]| {
    let n = |i| num(data, i);
    let model = data.first().copied().unwrap_or(0) % 8;
    let args: Vec<String> = match model {
        0 => vec!["b".into(), "--traffic".into(), n(1), "--lines".into(), n(2)],
        1 => vec!["lines".into(), "--traffic".into(), n(1), "--blocking".into(), n(2), "--fractional".into()],
        2 => vec!["traffic".into(), "--lines".into(), n(1), "--blocking".into(), n(2)],
        3 => vec!["extended-b".into(), "--traffic".into(), n(1), "--recall".into(), n(2), "--blocking".into(), n(3)],
        4 => vec!["engset".into(), "--sources".into(), n(1), "--lines".into(), n(2), "--per-idle-source".into(), n(3)],
        5 => vec!["c".into(), "--traffic".into(), n(1), "--agents".into(), n(2), "--aht".into(), format!("{}s", n(3)), "--target".into(), "20s".into()],
        6 => vec!["agents".into(), "--traffic".into(), n(1), "--aht".into(), "180s".into(), "--service-level".into(), n(2), "--target".into(), "20s".into(), "--max-occupancy".into(), n(3)],
        _ => vec!["a".into(), "--traffic".into(), n(1), "--agents".into(), n(2), "--aht".into(), "3m".into(), "--patience".into(), format!("{}s", n(3)), "--target".into(), "20s".into()],
    };
    let _ = capplan::cmd::erlang::answer_for(&args);
});
