//! The arrivals reader and the load model behind it: any bytes as the arrivals of a two-workload
//! stack give a report or an error, never a panic or a hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

const STACK: &str = "[[workload]]\nname = \"a\"\narrivals = \"x.csv\"\naht = \"3m\"\n[[workload]]\nname = \"b\"\narrivals = \"x.csv\"\naht = \"1h\"\nhandle_time = \"fixed\"\n[[layer]]\nname = \"p\"\nkind = \"platform\"\nconcurrency = 75\ncalls_per_second = 1\n[[layer]]\nname = \"n\"\nkind = \"numbers\"\nnumbers = 3\ncalls_per_hour_per_number = 30\n";

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("x.csv");
    let stack = capplan::model::stack::parse(path, STACK, &Default::default()).unwrap();
    if let Ok(series) = capplan::io::arrivals::read_from(&stack, path, data, &[0, 1]) {
        if let Ok(tl) = capplan::engine::timeline::Timeline::build(&stack, &series) {
            let _ = capplan::engine::headroom::compute(&stack, &tl, "x");
        }
    }
});
