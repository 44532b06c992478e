//! Writing several files all or nothing, across crashes.
//!
//! A change to several files goes through a journal beside the graph
//! (`.agencygraph.journal` in a graph directory, `.NAME.journal` beside a one-file
//! graph), in these steps:
//!
//! 1. the journal's list of the files to replace is written and synced;
//! 2. every new file is written whole beside its target (`.NAME.agencygraph-new`) and
//!    synced;
//! 3. the commit record (the number of files and a checksum of the list) is appended to
//!    the journal and synced: from here on the change *will* happen;
//! 4. each staged file is renamed over its target, and the directories synced;
//! 5. the journal is removed.
//!
//! A process that dies anywhere in this leaves a journal. [`recover`], run under the
//! writers' lock when the graph is next opened for a change, finishes the work: with a
//! complete commit record it renames the staged files still there (roll forward);
//! without one, no target was touched yet, and it removes the staged files (roll back).
//! Either way the graph is wholly old or wholly new. Readers that do not take the lock
//! read through a committed journal ([`committed_texts`]), so they see the new graph.
//!
//! The disk is reached through [`Disk`], so that tests can make any step fail.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file operations a change needs.
pub(crate) trait Disk {
    /// Creates (or replaces) `path` with `bytes`, flushed and synced.
    fn write_synced(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Appends `bytes` to `path`, flushed and synced.
    fn append_synced(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Renames `from` over `to` (atomic on one file system).
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes a file.
    fn remove(&mut self, path: &Path) -> io::Result<()>;
    /// Syncs a directory, so renames in it survive a crash.
    fn sync_dir(&mut self, dir: &Path) -> io::Result<()>;
}

/// The real file system.
pub(crate) struct RealDisk;

impl Disk for RealDisk {
    fn write_synced(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut file = fs::File::create(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    fn append_synced(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut file = fs::OpenOptions::new().append(true).open(path)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn remove(&mut self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
        // Opening a directory to sync it works on Unix; elsewhere the rename is what we
        // can do.
        match fs::File::open(dir) {
            Ok(handle) => handle.sync_all().or(Ok(())),
            Err(_) => Ok(()),
        }
    }
}

/// One file to write: its path, its new text, and what must be there before.
pub(crate) struct Replacement<'a> {
    pub path: &'a Path,
    pub new: &'a str,
    pub expect: Expect<'a>,
}

/// What a file must be, just before a change replaces it, for the change to go ahead:
/// a file edited by another program since it was read is not overwritten.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Expect<'a> {
    /// No file: the change creates it.
    Absent,
    /// The file as it was read.
    Unchanged(&'a Stamp),
}

/// What a file was when it was read: its size, its modification time, and a checksum of
/// the text read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    checksum: u64,
}

impl Stamp {
    /// The stamp of `path`, whose text was read as `text`.
    pub(crate) fn of(path: &Path, text: &str) -> Stamp {
        let metadata = fs::metadata(path).ok();
        Stamp {
            len: metadata
                .as_ref()
                .map_or(text.len() as u64, fs::Metadata::len),
            modified: metadata.and_then(|m| m.modified().ok()),
            checksum: checksum(text.as_bytes()),
        }
    }

    /// Whether `path` still holds what was read. Size and time are compared first; the
    /// text is read again only when they match, as an edit within the clock's
    /// resolution keeps the time.
    fn holds(&self, path: &Path) -> bool {
        let Ok(metadata) = fs::metadata(path) else {
            return false;
        };
        if metadata.len() != self.len || metadata.modified().ok() != self.modified {
            return false;
        }
        fs::read(path).is_ok_and(|bytes| checksum(&bytes) == self.checksum)
    }
}

impl Expect<'_> {
    fn holds(self, path: &Path) -> bool {
        match self {
            Expect::Absent => fs::symlink_metadata(path).is_err(),
            Expect::Unchanged(stamp) => stamp.holds(path),
        }
    }
}

/// Why a change did not land whole.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// Nothing was changed.
    NotWritten(io::Error),
    /// Nothing was changed: this file is not what it was when it was read.
    Changed(PathBuf),
    /// The change is committed in the journal but some renames failed; the next
    /// [`recover`] finishes it.
    Unfinished {
        /// The journal that holds the change.
        journal: PathBuf,
        /// Why renaming failed.
        error: io::Error,
    },
}

/// `.NAME.SUFFIX` beside `path` (named NAME): how the program names the hidden files it
/// keeps next to a file of the graph.
fn hidden_beside(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{suffix}"))
}

/// Where a staged copy of `path` is written before it replaces `path`.
pub(crate) fn staging_path(path: &Path) -> PathBuf {
    hidden_beside(path, "agencygraph-new")
}

/// The program's own file `what` (the journal, the lock) for the graph at `root`:
/// `.agencygraph.WHAT` inside a directory, `.FILE.WHAT` beside a single file.
pub(crate) fn graph_file(root: &Path, what: &str) -> PathBuf {
    if root.is_dir() {
        root.join(format!(".agencygraph.{what}"))
    } else {
        hidden_beside(root, what)
    }
}

/// The journal of the graph at `root` (a directory or a file).
pub(crate) fn journal_path(root: &Path) -> PathBuf {
    graph_file(root, "journal")
}

const JOURNAL_HEADER: &str = "agencygraph journal 1\n";

/// FNV-1a, 64 bits: a checksum that is the same in every build (std's hashers are not
/// promised to be), for the journal's commit record and for noticing changed files.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The journal's list: a header, then each target as a JSON string (any character in a
/// path survives), relative to the journal's directory so the graph may be moved.
fn journal_list(journal: &Path, files: &[Replacement<'_>]) -> io::Result<String> {
    let base = journal.parent().unwrap_or(Path::new(""));
    let mut text = String::from(JOURNAL_HEADER);
    for file in files {
        let path = file.path.strip_prefix(base).unwrap_or(file.path);
        let path = path.to_str().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a UTF-8 path", path.display()),
            )
        })?;
        text.push_str(&serde_json::Value::from(path).to_string());
        text.push('\n');
    }
    Ok(text)
}

fn commit_record(list: &str, count: usize) -> String {
    format!("commit {count} {:016x}\n", checksum(list.as_bytes()))
}

/// What a journal on disk says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct JournalState {
    /// The targets it lists, as far as they could be read.
    pub targets: Vec<PathBuf>,
    /// Whether its commit record is complete and matches the list.
    pub committed: bool,
}

/// Reads the journal at `journal`, if there is one.
pub(crate) fn read_journal(journal: &Path) -> io::Result<Option<JournalState>> {
    let text = match fs::read(journal) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let base = journal.parent().unwrap_or(Path::new(""));
    let mut targets = Vec::new();
    let mut committed = false;
    if let Some(body) = text.strip_prefix(JOURNAL_HEADER) {
        let mut list_end = JOURNAL_HEADER.len();
        for line in body.split_inclusive('\n') {
            if !line.ends_with('\n') {
                break; // torn
            }
            if let Some(record) = line.strip_prefix("commit ") {
                committed = record == &commit_record(&text[..list_end], targets.len())[7..];
                break;
            }
            match serde_json::from_str::<String>(line.trim_end()) {
                Ok(path) => targets.push(base.join(path)),
                Err(_) => break,
            }
            list_end += line.len();
        }
    }
    Ok(Some(JournalState { targets, committed }))
}

/// The texts a committed but unfinished change gives its files, for readers that do not
/// take the lock: `(target, text)` for each target whose staged copy is still there.
pub(crate) fn committed_texts(root: &Path) -> Vec<(PathBuf, String)> {
    let Ok(Some(state)) = read_journal(&journal_path(root)) else {
        return Vec::new();
    };
    if !state.committed {
        return Vec::new();
    }
    state
        .targets
        .into_iter()
        .filter_map(|target| {
            let text = fs::read_to_string(staging_path(&target)).ok()?;
            Some((target, text))
        })
        .collect()
}

/// What [`recover`] did.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Recovery {
    /// There was no journal.
    Nothing,
    /// A committed change was finished: this many files renamed into place.
    RolledForward(usize),
    /// An uncommitted change was undone: this many staged files removed.
    RolledBack(usize),
}

/// Finishes or undoes a change interrupted by a crash. Run it under the writers' lock,
/// before reading the graph.
pub(crate) fn recover(disk: &mut impl Disk, journal: &Path) -> io::Result<Recovery> {
    let Some(state) = read_journal(journal)? else {
        return Ok(Recovery::Nothing);
    };
    let mut count = 0;
    if state.committed {
        for target in &state.targets {
            let staged = staging_path(target);
            // A missing staged file was renamed before the crash.
            if staged.exists() {
                disk.rename(&staged, target)?;
                count += 1;
            }
        }
        sync_dirs(disk, &state.targets);
    } else {
        for target in &state.targets {
            match disk.remove(&staging_path(target)) {
                Ok(()) => count += 1,
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => return Err(error),
            }
        }
    }
    disk.remove(journal)?;
    if let Some(dir) = journal.parent() {
        let _ = disk.sync_dir(dir);
    }
    Ok(if state.committed {
        Recovery::RolledForward(count)
    } else {
        Recovery::RolledBack(count)
    })
}

fn sync_dirs(disk: &mut impl Disk, targets: &[PathBuf]) {
    let mut dirs: Vec<&Path> = targets.iter().filter_map(|t| t.parent()).collect();
    dirs.sort();
    dirs.dedup();
    // Syncing only hurries the renames to the platter; a failure is not the change
    // failing.
    for dir in dirs {
        let _ = disk.sync_dir(dir);
    }
}

/// Writes every replacement, or none, through the journal at `journal` (see the module
/// documentation). On [`WriteError::NotWritten`] the files are as they were.
pub(crate) fn replace_all(
    disk: &mut impl Disk,
    journal: &Path,
    files: &[Replacement<'_>],
) -> Result<(), WriteError> {
    if files.is_empty() {
        return Ok(());
    }
    let list = journal_list(journal, files).map_err(WriteError::NotWritten)?;
    let staged: Vec<PathBuf> = files.iter().map(|f| staging_path(f.path)).collect();
    // Before the commit record, a failure undoes what was written: the staged files,
    // then the journal.
    let undo = |disk: &mut _, staged: &[PathBuf], error| {
        for path in staged.iter().map(PathBuf::as_path).chain([journal]) {
            let _ = Disk::remove(disk, path);
        }
        Err(WriteError::NotWritten(error))
    };
    if let Err(error) = disk.write_synced(journal, list.as_bytes()) {
        return undo(disk, &[], error);
    }
    for (i, file) in files.iter().enumerate() {
        if let Err(error) = disk.write_synced(&staged[i], file.new.as_bytes()) {
            return undo(disk, &staged[..=i], error);
        }
        // The new file keeps the old one's permissions and owner (a curator's 0664 stays
        // 0664); best effort, as a file we may not give away is still ours to write.
        if let Ok(old) = fs::metadata(file.path) {
            let _ = fs::File::open(&staged[i])
                .and_then(|new| super::output::keep_owner_and_mode(&new, &old));
        }
    }
    // As late as can be, just before the change is decided: refuse to overwrite what
    // another program changed since it was read.
    if let Some(file) = files.iter().find(|f| !f.expect.holds(f.path)) {
        let _ = undo(disk, &staged, io::Error::other("changed"));
        return Err(WriteError::Changed(file.path.to_path_buf()));
    }
    let commit = commit_record(&list, files.len());
    if let Err(error) = disk.append_synced(journal, commit.as_bytes()) {
        // Whatever part of the record reached the disk, removing the journal decides
        // it: without a journal, nothing is replayed.
        return undo(disk, &staged, error);
    }
    for (staged, file) in staged.iter().zip(files) {
        if let Err(error) = disk.rename(staged, file.path) {
            // Committed: the change goes forward. Try once more now; else the next
            // opening of the graph finishes it.
            return match recover(disk, journal) {
                Ok(_) => Ok(()),
                Err(_) => Err(WriteError::Unfinished {
                    journal: journal.to_path_buf(),
                    error,
                }),
            };
        }
    }
    let targets: Vec<PathBuf> = files.iter().map(|f| f.path.to_path_buf()).collect();
    sync_dirs(disk, &targets);
    // The change has landed; a journal left behind only makes the next opening remove
    // it.
    let _ = disk.remove(journal);
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The real disk, failing the `fail_at`th operation (counting from 0), or — with
    /// `crash` — failing it and every later one, as a process killed there would.
    pub(crate) struct FailingDisk {
        pub operations: usize,
        pub fail_at: usize,
        pub crash: bool,
    }

    impl FailingDisk {
        pub(crate) fn new(fail_at: usize) -> FailingDisk {
            FailingDisk {
                operations: 0,
                fail_at,
                crash: false,
            }
        }

        pub(crate) fn crashing(fail_at: usize) -> FailingDisk {
            FailingDisk {
                crash: true,
                ..FailingDisk::new(fail_at)
            }
        }

        fn step(&mut self) -> io::Result<()> {
            let now = self.operations;
            self.operations += 1;
            if now == self.fail_at || (self.crash && now > self.fail_at) {
                Err(io::Error::other(format!(
                    "injected failure at operation {now}"
                )))
            } else {
                Ok(())
            }
        }
    }

    impl Disk for FailingDisk {
        fn write_synced(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            self.step()?;
            RealDisk.write_synced(path, bytes)
        }

        fn append_synced(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            self.step()?;
            RealDisk.append_synced(path, bytes)
        }

        fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.rename(from, to)
        }

        fn remove(&mut self, path: &Path) -> io::Result<()> {
            // A crashed process cleans nothing up; a failing one does.
            if self.crash && self.operations > self.fail_at {
                return Err(io::Error::other("crashed"));
            }
            RealDisk.remove(path)
        }

        fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.sync_dir(dir)
        }
    }

    fn contents(dir: &Path) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        found.sort();
        found
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// Fails, then crashes, at every step of a three-file change: after [`recover`], the
    /// files are wholly old or wholly new, and nothing else is left.
    #[test]
    fn after_a_failure_or_crash_at_any_step_recovery_gives_old_or_new() {
        let old = pairs(&[("a.ron", "old a"), ("b.ron", "old b")]);
        let new = pairs(&[("a.ron", "new a"), ("b.ron", "new b"), ("c.ron", "new c")]);
        // journal, 3 staged files, commit, 3 renames, 2 directory syncs (the files' and
        // recovery's), then beyond the end.
        let (mut saw_old, mut saw_new) = (0, 0);
        for crash in [false, true] {
            for fail_at in 0..12 {
                let dir = tempfile::tempdir().unwrap();
                let (a, b, c) = (
                    dir.path().join("a.ron"),
                    dir.path().join("b.ron"),
                    dir.path().join("c.ron"),
                );
                fs::write(&a, "old a").unwrap();
                fs::write(&b, "old b").unwrap();
                let journal = journal_path(dir.path());
                let (stamp_a, stamp_b) = (Stamp::of(&a, "old a"), Stamp::of(&b, "old b"));
                let files = [
                    Replacement {
                        path: &a,
                        new: "new a",
                        expect: Expect::Unchanged(&stamp_a),
                    },
                    Replacement {
                        path: &b,
                        new: "new b",
                        expect: Expect::Unchanged(&stamp_b),
                    },
                    Replacement {
                        path: &c,
                        new: "new c",
                        expect: Expect::Absent,
                    },
                ];
                let mut disk = if crash {
                    FailingDisk::crashing(fail_at)
                } else {
                    FailingDisk::new(fail_at)
                };
                let result = replace_all(&mut disk, &journal, &files);
                if !crash && matches!(result, Err(WriteError::NotWritten(_))) {
                    assert_eq!(contents(dir.path()), old, "step {fail_at}: cleaned up");
                }
                recover(&mut RealDisk, &journal).unwrap();
                let after = contents(dir.path());
                let case = format!("crash {crash}, step {fail_at}: {after:?}");
                if after == old {
                    saw_old += 1;
                    assert!(matches!(result, Err(WriteError::NotWritten(_))), "{case}");
                } else {
                    assert_eq!(after, new, "{case}");
                    saw_new += 1;
                }
            }
        }
        // Failures before the commit record give the old files, after it the new.
        assert_eq!((saw_old, saw_new), (10, 14));
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let journal = journal_path(dir.path());
        let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
        fs::write(&a, "old a").unwrap();
        let stamp = Stamp::of(&a, "old a");
        // Same size, and within the clock's resolution: only the checksum tells.
        fs::write(&a, "new!!").unwrap();
        let files = [Replacement {
            path: &a,
            new: "ours",
            expect: Expect::Unchanged(&stamp),
        }];
        let error = replace_all(&mut RealDisk, &journal, &files).unwrap_err();
        assert!(
            matches!(error, WriteError::Changed(ref p) if *p == a),
            "{error:?}"
        );
        // A file that appeared where the change would create one.
        fs::write(&b, "theirs").unwrap();
        let files = [Replacement {
            path: &b,
            new: "ours",
            expect: Expect::Absent,
        }];
        let error = replace_all(&mut RealDisk, &journal, &files).unwrap_err();
        assert!(
            matches!(error, WriteError::Changed(ref p) if *p == b),
            "{error:?}"
        );
        assert_eq!(
            contents(dir.path()),
            pairs(&[("a.ron", "new!!"), ("b.ron", "theirs")])
        );
    }

    #[test]
    fn a_torn_or_forged_commit_record_rolls_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.ron");
        fs::write(&a, "old a").unwrap();
        fs::write(staging_path(&a), "new a").unwrap();
        let journal = journal_path(dir.path());
        let list = format!("{JOURNAL_HEADER}\"a.ron\"\n");
        let record = commit_record(&list, 1);
        for bad in [
            format!("{list}{}", &record[..record.len() - 1]),
            format!("{list}commit 2 {}", &record[9..]),
            format!("{list}commit 1 0000000000000000\n"),
        ] {
            fs::write(&journal, &bad).unwrap();
            assert!(!read_journal(&journal).unwrap().unwrap().committed, "{bad}");
        }
        fs::write(&journal, format!("{list}{record}")).unwrap();
        assert_eq!(
            read_journal(&journal).unwrap(),
            Some(JournalState {
                targets: vec![a.clone()],
                committed: true
            })
        );
        assert_eq!(committed_texts(dir.path()), [(a.clone(), "new a".into())]);
        assert_eq!(
            recover(&mut RealDisk, &journal).unwrap(),
            Recovery::RolledForward(1)
        );
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert!(!journal.exists());
    }
}
