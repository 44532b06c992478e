//! Replays the fuzz corpus and every input the fuzzer ever found failing
//! (`tests/fuzz/crashes/`) through the targets' oracles: each crash stays a regression
//! test. The fuzzer itself is `examples/fuzz.rs`.

#[path = "../fuzz/oracles.rs"]
mod oracles;

use std::path::PathBuf;

use oracles::{Oracles, TARGETS};

#[test]
fn every_corpus_input_and_every_kept_crash_passes_its_oracle() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let oracles = Oracles::default();
    let mut checked = 0;
    for target in TARGETS {
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(root.join(target))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        inputs.extend(
            std::fs::read_dir(root.join("crashes"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{target}-")))
                }),
        );
        assert!(!inputs.is_empty(), "{target} has a seed corpus");
        for path in inputs {
            let input = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            if let Err(message) = oracles.check(target, &input) {
                panic!("{}: {message}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked > 10);
}
