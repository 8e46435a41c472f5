//! A small harness: a temporary folder with inline fixtures, and a runner for the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Fixture {
    dir: tempfile::TempDir,
}

/// What a run of capplan left behind.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success, stderr:\n{}", self.stderr);
        self
    }

    /// Asserts a bad-input failure (exit 2, no panic) whose message contains every piece.
    pub fn fails_with(self, pieces: &[&str]) -> Run {
        assert_eq!(
            self.code, 2,
            "expected exit 2, got {}; stderr:\n{}",
            self.code, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "panic: {}", self.stderr);
        assert!(
            self.stderr.starts_with("capplan: error: ") || self.stderr.contains("error:"),
            "{}",
            self.stderr
        );
        for p in pieces {
            assert!(
                self.stderr.contains(p),
                "stderr lacks `{p}`:\n{}",
                self.stderr
            );
        }
        self
    }
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn file(&self, name: &str, text: &str) -> &Fixture {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// Runs capplan in the fixture folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }
}

/// The repository root, for the shipped examples.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .expect("capplan runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// The glossary's worked example as a workload: 150 calls per 15 minutes is 10 calls per minute, at
/// a 3-minute AHT (its arrivals are written by `glossary_with_layers`). Every call lasts exactly
/// 3 minutes, so from 09:03 to 09:33 the calls in progress are exactly those of the last 3
/// minutes, 30, and the design peak is 75 (first reached at the 09:15 boundary).
pub const GLOSSARY_WORKLOAD: &str = "[[workload]]\nname = \"inbound\"\narrivals = \"arrivals.csv\"\naht = \"3m\"\nhandle_time = \"fixed\"\n";

/// The glossary workload with the given `[[layer]]` text after it.
pub fn glossary_with_layers(layers: &str) -> Fixture {
    let f = Fixture::new();
    f.file(
        "arrivals.csv",
        "time,calls\n09:00,150\n09:15,150\n09:30,60\n",
    )
    .file("stack.toml", &format!("{GLOSSARY_WORKLOAD}{layers}"));
    f
}

/// The glossary workload against one platform layer of 50 concurrent calls.
pub fn glossary_example() -> Fixture {
    glossary_with_layers("[[layer]]\nname = \"platform\"\nkind = \"platform\"\nconcurrency = 50\n")
}

/// The glossary workload (design peak 75 calls) on one platform layer of 150: 50% utilisation,
/// with `extra` keys on the layer. Line 6 holds the layer's `name`.
pub fn half_full(extra: &str) -> Fixture {
    glossary_with_layers(&format!(
        "[[layer]]\nname = \"platform\"\nkind = \"platform\"\nconcurrency = 150\n{extra}"
    ))
}

/// `capplan check stack.toml` from January 2026, with `today` as the day act-by dates meet.
pub fn check_on(f: &Fixture, today: &str, args: &[&str]) -> Run {
    let mut all = vec![
        "check",
        "stack.toml",
        "--as-of",
        "2026-01",
        "--today",
        today,
    ];
    all.extend_from_slice(args);
    f.run(&all)
}
