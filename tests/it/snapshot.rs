//! The binary snapshot beside a graph (`store::snapshot`): used while the files are
//! unchanged, and ignored — the graph rebuilt from RON, with the right answer — when it
//! is stale, truncated, from another version or damaged.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use agencygraph::{Dataset, Edge, EdgeKind, Graph, NodeKind};

const GRAPH: &str = r#"(
    sources: [(id: "memo", title: "A memo")],
    nodes: [
        (id: "ALPHA", kind: UnEntity, name: "Alpha agency"),
        (id: "BETA", kind: Mechanism, name: "Beta mechanism", aliases: ["BM"]),
    ],
    edges: [
        (from: "ALPHA", kind: MemberOf, to: "BETA", role: "observer", since: 2019,
         evidence: [(source: "memo", quote: "Alpha is a member of Beta.")]),
    ],
)
"#;

/// A graph directory holding `GRAPH` as `g.ron`.
fn graph_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.ron");
    std::fs::write(&file, GRAPH).unwrap();
    (dir, file)
}

fn snapshot_of(dir: &Path) -> PathBuf {
    dir.join(".agencygraph").join("snapshot")
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// What the RON files say, parsed without any snapshot.
fn truth(dir: &Path) -> Dataset {
    Graph::load(dir).unwrap().to_dataset()
}

#[test]
fn the_first_open_writes_the_snapshot_and_the_next_reads_it() {
    let (dir, _) = graph_dir();
    let first = Graph::open(dir.path()).unwrap();
    let snapshot = snapshot_of(dir.path());
    assert!(snapshot.is_file());
    // Kept out of git by its own directory's .gitignore.
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".agencygraph/.gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    let written = std::fs::read(&snapshot).unwrap();
    let stamp = modified(&snapshot);
    let again = Graph::open(dir.path()).unwrap();
    // Read, not rewritten: a snapshot that was used is left as it is.
    assert_eq!(modified(&snapshot), stamp);
    assert_eq!(std::fs::read(&snapshot).unwrap(), written);
    assert_eq!(again.to_dataset(), first.to_dataset());
    assert_eq!(again.to_dataset(), truth(dir.path()));
    // The indexes are rebuilt too: names resolve, relations are found, by their ends
    // as well, and the same relation is not added twice.
    assert_eq!(again.resolve("bm").unwrap().id, "BETA");
    assert_eq!(again.relations("ALPHA").len(), 1);
    assert_eq!(again.nodes_of_kind(NodeKind::Mechanism).count(), 1);
    assert!(again.edge("ALPHA", EdgeKind::MemberOf, "BETA").is_some());
    let mut again = again;
    let twice = Edge::new("ALPHA", EdgeKind::MemberOf, "BETA").evidence("memo", "Again.");
    assert!(again.add_edge(twice).is_err());
    // The single-file form keeps its snapshot in the same directory, named by the file.
    let file = dir.path().join("g.ron");
    Graph::open(&file).unwrap();
    assert!(dir.path().join(".agencygraph/g.ron.snapshot").is_file());
}

/// Opens the graph after `damage` was done to its snapshot: the answer is the files',
/// and the snapshot is whole again afterwards.
fn rebuilt_after(damage: impl FnOnce(&Path, &Path)) {
    let (dir, file) = graph_dir();
    Graph::open(dir.path()).unwrap();
    let snapshot = snapshot_of(dir.path());
    let good = std::fs::read(&snapshot).unwrap();
    damage(&snapshot, &file);
    let opened = Graph::open(dir.path()).unwrap();
    assert_eq!(opened.to_dataset(), truth(dir.path()));
    // Rewritten: used again by the next open.
    let stamp = modified(&snapshot);
    assert_eq!(
        Graph::open(dir.path()).unwrap().to_dataset(),
        truth(dir.path())
    );
    assert_eq!(modified(&snapshot), stamp);
    if std::fs::read_to_string(&file).unwrap() == GRAPH {
        // The same snapshot again, but for the time its file was read (16 bytes).
        let now = std::fs::read(&snapshot).unwrap();
        assert_eq!(now.len(), good.len());
        let differing = now.iter().zip(&good).filter(|(a, b)| a != b).count();
        assert!(differing <= 16, "{differing} bytes differ");
    }
}

#[test]
fn a_file_edited_to_the_same_size_and_time_is_seen() {
    rebuilt_after(|_, file| {
        let time = modified(file);
        let edited = GRAPH.replace("Alpha agency", "Alpha bureau");
        assert_eq!(edited.len(), GRAPH.len());
        std::fs::write(file, edited).unwrap();
        // The time put back: only the contents' hash can tell, and it is checked, as
        // the file had changed (been written) moments before the snapshot read it.
        set_modified(file, time);
    });
}

/// Sets the modification time of `file`.
fn set_modified(file: &Path, time: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

#[test]
fn a_settled_file_is_vouched_for_by_its_size_and_time() {
    // Last changed an hour before it was read: as with git's index, the same size and
    // time mean the same file, and it is not read again. Only an edit that sets the
    // time back by hand goes unseen (documented in `Graph::open`).
    let (dir, file) = graph_dir();
    let time = SystemTime::now() - std::time::Duration::from_secs(3600);
    set_modified(&file, time);
    Graph::open(dir.path()).unwrap();
    std::fs::write(&file, GRAPH.replace("Alpha agency", "Alpha bureau")).unwrap();
    set_modified(&file, time);
    let opened = Graph::open(dir.path()).unwrap();
    assert_eq!(opened.node("ALPHA").unwrap().name, "Alpha agency");
    // Any edit that leaves the time as editors do (now) is seen.
    std::fs::write(&file, GRAPH.replace("Alpha agency", "Alpha bureau")).unwrap();
    let opened = Graph::open(dir.path()).unwrap();
    assert_eq!(opened.node("ALPHA").unwrap().name, "Alpha bureau");
}

#[test]
fn an_edited_file_is_seen_through_the_api_too() {
    let (dir, file) = graph_dir();
    Graph::open(dir.path()).unwrap();
    std::fs::write(&file, GRAPH.replace("Alpha agency", "Alpha bureau")).unwrap();
    let opened = Graph::open(dir.path()).unwrap();
    assert_eq!(opened.node("ALPHA").unwrap().name, "Alpha bureau");
}

#[test]
fn a_new_file_beside_the_others_is_seen() {
    let (dir, _) = graph_dir();
    Graph::open(dir.path()).unwrap();
    std::fs::write(
        dir.path().join("more.ron"),
        r#"(nodes: [(id: "GAMMA", kind: Office, name: "Gamma office")])"#,
    )
    .unwrap();
    assert!(Graph::open(dir.path()).unwrap().node("GAMMA").is_some());
}

#[test]
fn a_truncated_snapshot_is_rebuilt() {
    // Cut to nothing, inside the header, inside the body, one byte short.
    for cut in [|_| 0, |_| 10, |length| length / 2, |length| length - 1] as [fn(usize) -> usize; 4]
    {
        rebuilt_after(|snapshot, _| {
            let bytes = std::fs::read(snapshot).unwrap();
            std::fs::write(snapshot, &bytes[..cut(bytes.len())]).unwrap();
        });
    }
}

#[test]
fn a_snapshot_of_another_format_version_is_rebuilt() {
    rebuilt_after(|snapshot, _| {
        let mut bytes = std::fs::read(snapshot).unwrap();
        // The format version comes right after the 21-byte magic.
        assert_eq!(&bytes[..21], b"agencygraph snapshot\n");
        bytes[21] = bytes[21].wrapping_add(1);
        std::fs::write(snapshot, bytes).unwrap();
    });
}

#[test]
fn a_snapshot_of_another_crate_version_is_rebuilt() {
    // Another version of the same length: "0.1.0" → "9.1.0".
    rebuilt_after(|snapshot, _| change_first_byte(snapshot, env!("CARGO_PKG_VERSION"), b'9'));
}

/// Writes `snapshot` again with the first byte of the first `text` in it set to `byte`.
fn change_first_byte(snapshot: &Path, text: &str, byte: u8) {
    let mut bytes = std::fs::read(snapshot).unwrap();
    let at = bytes
        .windows(text.len())
        .position(|w| w == text.as_bytes())
        .unwrap();
    bytes[at] = byte;
    std::fs::write(snapshot, bytes).unwrap();
}

#[test]
fn a_snapshot_of_another_build_is_rebuilt() {
    // The build id: 16 hex digits of a hash of the crate's source (see build.rs);
    // another id of the same length.
    let build = env!("AGENCYGRAPH_BUILD_ID");
    assert_eq!(build.len(), 16);
    let other = if build.starts_with('0') { b'1' } else { b'0' };
    rebuilt_after(|snapshot, _| change_first_byte(snapshot, build, other));
}

#[test]
fn a_damaged_body_is_caught_by_its_checksum() {
    rebuilt_after(|snapshot, _| {
        let mut bytes = std::fs::read(snapshot).unwrap();
        // A letter of the last quote: still a well-formed body, so only the checksum
        // can tell.
        let at = bytes.windows(5).rposition(|w| w == b"Alpha").unwrap();
        bytes[at] = b'O';
        std::fs::write(snapshot, bytes).unwrap();
    });
}

#[test]
fn a_snapshot_whose_file_count_is_damaged_is_rebuilt() {
    // Far more files than the snapshot has bytes, and a few more than the one file
    // it names but fewer than its bytes left: as LEB128 varints.
    let huge: &[u8] = &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    let few: &[u8] = &[3];
    for count in [huge, few] {
        rebuilt_after(|snapshot, file| {
            let bytes = std::fs::read(snapshot).unwrap();
            // The count (1, one byte) comes right before the first file's path and
            // its length (one byte: the path is short).
            let path = file.to_str().unwrap().as_bytes();
            assert!(path.len() < 0x80);
            let at = bytes.windows(path.len()).position(|w| w == path).unwrap() - 2;
            assert_eq!(bytes[at], 1);
            assert_eq!(usize::from(bytes[at + 1]), path.len());
            let mut changed = bytes[..at].to_vec();
            changed.extend_from_slice(count);
            changed.extend_from_slice(&bytes[at + 1..]);
            std::fs::write(snapshot, changed).unwrap();
        });
    }
}

#[test]
fn garbage_in_place_of_a_snapshot_is_rebuilt() {
    rebuilt_after(|snapshot, _| {
        std::fs::write(snapshot, vec![0xff; 4096]).unwrap();
    });
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;
    use crate::common::{editable_copy, run};

    fn arg(path: &Path) -> &str {
        path.to_str().unwrap()
    }

    #[test]
    fn an_edit_through_the_program_invalidates_the_snapshot() {
        let (_dir, graph) = editable_copy();
        let before = run(&["who", "--graph", arg(&graph), "UNODC"]);
        assert_eq!(before.code, 0, "{}", before.stderr);
        assert!(snapshot_of(&graph).is_file());
        assert!(!before.stdout.contains("ICAT-CHAIR-TEST"));
        let add = run(&[
            "add",
            "node",
            "--graph",
            arg(&graph),
            "--id",
            "ICAT-CHAIR-TEST",
            "--kind",
            "office",
            "--name",
            "A test office",
        ]);
        assert_eq!(add.code, 0, "{}", add.stderr);
        let edge = run(&[
            "add",
            "edge",
            "--graph",
            arg(&graph),
            "ICAT-CHAIR-TEST",
            "member-of",
            "ICAT",
            "--source",
            "inter-agency-mechanisms",
            "--quote",
            "A test.",
        ]);
        assert_eq!(edge.code, 0, "{}", edge.stderr);
        let after = run(&["who", "--graph", arg(&graph), "ICAT"]);
        assert_eq!(after.code, 0, "{}", after.stderr);
        assert!(after.stdout.contains("ICAT-CHAIR-TEST"), "{}", after.stdout);
    }

    #[test]
    fn no_snapshot_is_written_when_turned_off() {
        let (_dir, graph) = editable_copy();
        let output = crate::common::command(&["who", "--graph", arg(&graph), "UNODC"])
            .env("AGENCYGRAPH_NO_SNAPSHOT", "1")
            .output()
            .unwrap();
        assert!(output.status.success());
        assert!(!graph.join(".agencygraph").exists());
    }
}

#[test]
fn a_body_of_many_pieces_is_read_back_and_checked_to_its_last_byte() {
    // 20,000 edges and one quote (a single 1.5 MB word of two-byte characters) longer
    // than the piece the body is read in (1 MiB): records and strings cross pieces.
    let mut dataset = Dataset::default();
    dataset
        .sources
        .push(agencygraph::Source::new("memo", "A memo"));
    for i in 0..200 {
        dataset.nodes.push(agencygraph::Node::new(
            format!("A{i}"),
            NodeKind::UnEntity,
            format!("Agency {i}"),
        ));
    }
    for j in 0..100 {
        dataset.nodes.push(agencygraph::Node::new(
            format!("M{j}"),
            NodeKind::Mechanism,
            format!("Mechanism {j}"),
        ));
    }
    for i in 0..200 {
        for j in 0..100 {
            let quote = if (i, j) == (7, 7) {
                "é".repeat(750_000)
            } else {
                format!("Agency {i} is a member of mechanism {j}, é.")
            };
            dataset.edges.push(
                Edge::new(format!("A{i}"), EdgeKind::MemberOf, format!("M{j}"))
                    .evidence("memo", quote),
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("g.ron"),
        agencygraph::store::to_canonical_ron(&dataset),
    )
    .unwrap();
    Graph::open(dir.path()).unwrap();
    let snapshot = snapshot_of(dir.path());
    let good = std::fs::read(&snapshot).unwrap();
    assert!(good.len() > 2 << 20, "{} bytes", good.len());
    let opened = Graph::open(dir.path()).unwrap();
    assert_eq!(opened.to_dataset(), truth(dir.path()));
    assert_eq!(
        opened
            .edge("A7", EdgeKind::MemberOf, "M7")
            .unwrap()
            .evidence()
            .next()
            .unwrap()
            .quote()
            .len(),
        1_500_000
    );
    // A letter of the last quote changed: a good body still, as far as its places
    // go, so only the checksum, compared once the whole body is read, can tell. The
    // graph is then rebuilt from the files.
    let mut damaged = good.clone();
    let last = b"Agency 199 is a member of mechanism 99";
    let at = damaged
        .windows(last.len())
        .rposition(|w| w == last)
        .unwrap();
    damaged[at] = b'a';
    std::fs::write(&snapshot, &damaged).unwrap();
    assert_eq!(
        Graph::open(dir.path()).unwrap().to_dataset(),
        truth(dir.path())
    );
    assert_eq!(std::fs::read(&snapshot).unwrap().len(), good.len());
    assert_ne!(std::fs::read(&snapshot).unwrap(), damaged);
}
