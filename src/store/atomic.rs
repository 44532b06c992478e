//! Writing several files all or nothing.
//!
//! Every new file is first written whole beside its target (`.NAME.agencygraph-new`),
//! flushed and synced; only when all are on disk are they renamed over their targets.
//! A failure while writing leaves every target untouched; a failure while renaming puts
//! back the files already replaced, from the old texts held in memory. The disk is
//! reached through [`Disk`], so tests can make any step fail.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file operations a change needs.
pub(crate) trait Disk {
    /// Creates (or replaces) `path` with `bytes`, flushed and synced.
    fn write_synced(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()>;
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

/// One file to write: its path, its text now (`None` when it is new), and its new text.
pub(crate) struct Replacement<'a> {
    pub path: &'a Path,
    pub old: Option<&'a str>,
    pub new: &'a str,
}

fn staging_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.agencygraph-new"))
}

/// Writes every replacement, or none: on error, the files are as they were.
pub(crate) fn replace_all(disk: &mut impl Disk, files: &[Replacement<'_>]) -> io::Result<()> {
    let staged: Vec<PathBuf> = files.iter().map(|f| staging_path(f.path)).collect();
    for (i, file) in files.iter().enumerate() {
        if let Err(error) = disk.write_synced(&staged[i], file.new.as_bytes()) {
            for path in &staged[..=i] {
                let _ = disk.remove(path);
            }
            return Err(error);
        }
    }
    for (i, file) in files.iter().enumerate() {
        if let Err(error) = disk.rename(&staged[i], file.path) {
            restore(disk, &files[..i]);
            for path in &staged[i..] {
                let _ = disk.remove(path);
            }
            return Err(error);
        }
    }
    let mut dirs: Vec<&Path> = files.iter().filter_map(|f| f.path.parent()).collect();
    dirs.sort();
    dirs.dedup();
    // The change has landed; syncing the directories only hurries it to the platter, so a
    // failure here is not the change failing.
    for dir in dirs {
        let _ = disk.sync_dir(dir);
    }
    Ok(())
}

/// Puts back files already replaced: the old text where there was one, no file where
/// there was none.
fn restore(disk: &mut impl Disk, replaced: &[Replacement<'_>]) {
    for file in replaced {
        match file.old {
            Some(old) => {
                let staged = staging_path(file.path);
                if disk.write_synced(&staged, old.as_bytes()).is_ok() {
                    let _ = disk.rename(&staged, file.path);
                }
            }
            None => {
                let _ = disk.remove(file.path);
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The real disk, failing the `fail_at`th operation (counting from 0).
    pub(crate) struct FailingDisk {
        pub operations: usize,
        pub fail_at: usize,
    }

    impl FailingDisk {
        fn step(&mut self) -> io::Result<()> {
            let now = self.operations;
            self.operations += 1;
            if now == self.fail_at {
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

        fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.rename(from, to)
        }

        fn remove(&mut self, path: &Path) -> io::Result<()> {
            // Clean-up never fails here: the test is about the targets.
            RealDisk.remove(path)
        }

        fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
            self.step()?;
            RealDisk.sync_dir(dir)
        }
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_old_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.ron");
        let b = dir.path().join("b.ron");
        let c = dir.path().join("c.ron");
        std::fs::write(&a, "old a").unwrap();
        std::fs::write(&b, "old b").unwrap();
        let files = [
            Replacement {
                path: &a,
                old: Some("old a"),
                new: "new a",
            },
            Replacement {
                path: &b,
                old: Some("old b"),
                new: "new b",
            },
            Replacement {
                path: &c,
                old: None,
                new: "new c",
            },
        ];
        // 3 writes, 3 renames, then the directory sync: fail each in turn.
        for fail_at in 0..6 {
            let mut disk = FailingDisk {
                operations: 0,
                fail_at,
            };
            assert!(replace_all(&mut disk, &files).is_err(), "step {fail_at}");
            assert_eq!(
                std::fs::read_to_string(&a).unwrap(),
                "old a",
                "step {fail_at}"
            );
            assert_eq!(
                std::fs::read_to_string(&b).unwrap(),
                "old b",
                "step {fail_at}"
            );
            assert!(!c.exists(), "step {fail_at}");
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
            assert_eq!(left.len(), 2, "step {fail_at}: nothing staged is left");
        }
        let mut disk = FailingDisk {
            operations: 0,
            fail_at: usize::MAX,
        };
        replace_all(&mut disk, &files).unwrap();
        for (path, text) in [(&a, "new a"), (&b, "new b"), (&c, "new c")] {
            assert_eq!(std::fs::read_to_string(path).unwrap(), text);
        }
    }
}
