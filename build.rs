//! Embeds the bundled data set: every `.ron` file under `graph/`, in sorted path order,
//! and the texts of its sources (every `.txt` file under `graph/`), so the binary works
//! anywhere without the repository beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("cargo::rerun-if-changed=graph");
    let mut files = Vec::new();
    collect(&root.join("graph"), Some("ron"), &mut files);
    files.sort();
    let mut texts = Vec::new();
    collect(&root.join("graph"), Some("txt"), &mut texts);
    texts.sort();
    let mut code = String::new();
    constant(&mut code, root, "FILES", "each bundled file", &files);
    constant(&mut code, root, "TEXTS", "each bundled source text", &texts);
    build_id(root);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("bundled.rs"), code).expect("write bundled.rs");
}

/// Writes `const NAME: &[(path, contents)]` for `files`, paths relative to `root`.
fn constant(code: &mut String, root: &Path, name: &str, what: &str, files: &[PathBuf]) {
    writeln!(
        code,
        "/// `(path, contents)` of {what}.\npub(crate) const {name}: &[(&str, &str)] = &["
    )
    .unwrap();
    for file in files {
        let relative = file
            .strip_prefix(root)
            .expect("under the manifest directory");
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        // Each directory is watched too, so adding a file triggers a rebuild.
        println!("cargo::rerun-if-changed={}", file.display());
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
}

/// The files under `dir` at any depth, those ending in `.extension` when given.
fn collect(dir: &Path, extension: Option<&str>, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    println!("cargo::rerun-if-changed={}", dir.display());
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, extension, files);
        } else if extension.is_none_or(|wanted| path.extension().is_some_and(|e| e == wanted)) {
            files.push(path);
        }
    }
}

/// Sets `AGENCYGRAPH_BUILD_ID`: a hash of every file under `src/` (paths and contents,
/// in sorted order). The snapshot's header carries it, so a build whose code changed
/// (new rules, same crate version) does not trust a snapshot an older one wrote.
fn build_id(root: &Path) {
    use std::hash::{Hash, Hasher};
    let mut files = Vec::new();
    collect(&root.join("src"), None, &mut files);
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in &files {
        file.strip_prefix(root).unwrap_or(file).hash(&mut hasher);
        std::fs::read(file)
            .expect("read a source file")
            .hash(&mut hasher);
    }
    println!(
        "cargo::rustc-env=AGENCYGRAPH_BUILD_ID={:016x}",
        hasher.finish()
    );
}
