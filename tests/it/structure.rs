//! The shape of the code: `src/` is grouped by layer, a file's folder says what it may import
//! (values < model < io < engine < render < cmd < cli), no command imports another, and the
//! modules inside a layer import each other without circles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers from the bottom up; a file may import its own layer and those before it.
const RANKS: [&str; 7] = ["values", "model", "io", "engine", "render", "cmd", "cli"];

/// What the crate root re-exports from a layer, by the name a file writes after `crate::`.
fn layer_of_name(name: &str) -> Option<&'static str> {
    match name {
        "Error" | "Result" => Some("values"),
        _ => RANKS.iter().copied().find(|l| *l == name),
    }
}

/// One `crate::` path a file names outside its unit tests.
struct Import {
    file: String,
    /// The file's module path below `src/`: `["engine", "observe", "sweep"]`.
    from: Vec<String>,
    /// The path it names: `["values", "month", "utc"]`.
    to: Vec<String>,
}

fn imports(dir: &Path, src: &Path, out: &mut Vec<Import>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            imports(&path, src, out);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).unwrap().with_extension("");
        let mut from: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into()).collect();
        if from.last().is_some_and(|l| l == "mod") {
            from.pop();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (i, _) in code.match_indices("crate::") {
            let to: Vec<String> = code[i + 7..]
                .split("::")
                .map(|seg| {
                    seg.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect::<String>()
                })
                .take_while(|seg| !seg.is_empty())
                .take(2)
                .collect();
            if !to.is_empty() {
                out.push(Import {
                    file: rel.display().to_string(),
                    from: from.clone(),
                    to,
                });
            }
        }
    }
}

fn all_imports() -> Vec<Import> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    imports(&src, &src, &mut out);
    assert!(out.len() > 100, "the walk found the imports");
    out
}

#[test]
fn src_holds_only_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let expected = [
        "cli.rs", "cmd", "engine", "io", "lib.rs", "main.rs", "model", "render", "values",
    ];
    assert_eq!(
        found, expected,
        "the top of src/ is the layers and the crate root"
    );
}

#[test]
fn layers_import_downwards_only() {
    let rank = |l: &str| RANKS.iter().position(|r| *r == l);
    let mut wrong = Vec::new();
    for imp in all_imports() {
        let Some(own) = rank(&imp.from[0]) else {
            continue; // lib.rs and main.rs sit above every layer
        };
        let Some(target) = layer_of_name(&imp.to[0]) else {
            wrong.push(format!("{}: crate::{} is not a layer", imp.file, imp.to[0]));
            continue;
        };
        if rank(target).unwrap() > own {
            wrong.push(format!(
                "{} ({}) imports crate::{} ({target})",
                imp.file,
                imp.from[0],
                imp.to.join("::")
            ));
        }
    }
    assert!(wrong.is_empty(), "imports against the ranks: {wrong:#?}");
}

#[test]
fn no_command_imports_another() {
    let mut wrong = Vec::new();
    for imp in all_imports() {
        if imp.from[0] != "cmd" || imp.from.len() < 2 || imp.to[0] != "cmd" || imp.to.len() < 2 {
            continue;
        }
        // What two commands share is in cmd::args, the flags every command takes.
        if imp.to[1] != imp.from[1] && imp.to[1] != "args" && imp.from[1] != "args" {
            wrong.push(format!("{} imports crate::{}", imp.file, imp.to.join("::")));
        }
    }
    assert!(wrong.is_empty(), "commands importing commands: {wrong:#?}");
}

#[test]
fn no_import_circles_inside_a_layer() {
    // Modules are named by their first two segments ("engine::observe"); a layer's own folder
    // file (its mod.rs) only declares them.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for imp in all_imports() {
        if imp.from.len() < 2 || imp.to.len() < 2 || imp.from[0] != imp.to[0] {
            continue;
        }
        let (a, b) = (imp.from[..2].join("::"), imp.to.join("::"));
        if a != b {
            graph.entry(a).or_default().insert(b);
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::from([from.to_string()]);
        let mut stack = vec![from.to_string()];
        while let Some(x) = stack.pop() {
            if x == to {
                return true;
            }
            for y in graph.get(&x).into_iter().flatten() {
                if seen.insert(y.clone()) {
                    stack.push(y.clone());
                }
            }
        }
        false
    };
    let mut circles = Vec::new();
    for (a, bs) in &graph {
        for b in bs {
            if reaches(b, a) {
                circles.push(format!("{a} -> {b} -> ... -> {a}"));
            }
        }
    }
    assert!(circles.is_empty(), "import circles: {circles:#?}");
    assert!(graph.len() > 10, "the walk found the modules");
}
