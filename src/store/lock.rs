//! One writer at a time: an exclusive lock on a graph for the duration of a change.
//!
//! The lock is the operating system's advisory lock (`flock` on Unix) on a lock file
//! beside the data: `.agencygraph.lock` in a graph directory, `.NAME.lock` beside a
//! single-file graph. The system drops it when its holder exits, crashed or not, so a
//! graph is never left locked. The file itself stays (removing it would let two writers
//! lock two different files); it holds the current holder's process id, for the message
//! a waiting writer gives.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A held lock; dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

/// Why the lock could not be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockError {
    /// Another writer held it for the whole wait.
    #[error("{path} is locked by another writer ({holder}); waited {waited:?}")]
    Held {
        /// The lock file.
        path: PathBuf,
        /// What the lock file says of its holder.
        holder: String,
        /// How long this writer waited.
        waited: Duration,
    },
    /// The lock file could not be opened.
    #[error("cannot lock {path}: {error}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The operating system's error.
        error: io::Error,
    },
}

impl LockError {
    /// What to do about it. Only a lock held by another writer means "wait": a lock file
    /// that cannot be made says why (no permission, a read-only file system).
    ///
    /// ```
    /// use agencygraph::store::LockError;
    /// let error = LockError::Io {
    ///     path: "graph/.agencygraph.lock".into(),
    ///     error: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
    /// };
    /// assert!(error.hint().contains("permission"));
    /// ```
    pub fn hint(&self) -> String {
        match self {
            LockError::Held { .. } => {
                "another agencygraph command is changing this graph; try again when it is done"
                    .to_string()
            }
            LockError::Io { error, .. } => match error.kind() {
                io::ErrorKind::PermissionDenied => "you have no permission to write in the graph's directory, where changes need a lock file; edit a copy (`agencygraph init DIR`) or ask its owner".to_string(),
                io::ErrorKind::ReadOnlyFilesystem => "the graph is on a read-only file system; edit a copy (`agencygraph init DIR`) elsewhere".to_string(),
                _ => "the lock file beside the graph could not be opened; check the directory".to_string(),
            },
        }
    }
}

/// The lock file for a graph at `root` (a directory or a file).
pub(crate) fn lock_path(root: &Path) -> PathBuf {
    super::atomic::graph_file(root, "lock")
}

/// Takes the lock on the graph at `root`, trying again for up to `wait`.
pub(crate) fn lock(root: &Path, wait: Duration) -> Result<Lock, LockError> {
    let path = lock_path(root);
    let io_error = |error| LockError::Io {
        path: path.clone(),
        error,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_error)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = File::open(&path).and_then(|mut f| f.read_to_string(&mut holder));
                let holder = match holder.trim() {
                    "" => "holder unknown".to_string(),
                    text => text.to_string(),
                };
                return Err(LockError::Held {
                    path,
                    holder,
                    waited: started.elapsed(),
                });
            }
            Err(TryLockError::Error(error)) => return Err(io_error(error)),
        }
    }
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Best effort: the note only serves the message of a writer that waits.
    let _ = file.set_len(0).and_then(|()| {
        file.rewind()?;
        write!(
            file,
            "process {} since {since} (Unix time)",
            std::process::id()
        )
    });
    Ok(Lock { _file: file })
}

/// Whether a writer holds the lock on the graph at `root` now. Asked without taking the
/// lock or making its file (a reader must not leave one behind): no lock file means no
/// writer, as a writer makes it.
pub(crate) fn held(root: &Path) -> bool {
    File::open(lock_path(root)).is_ok_and(|file| {
        // A shared lock is refused only while a writer holds the exclusive one; it is
        // let go at once (dropping the file).
        matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_waits_then_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path(), Duration::ZERO).unwrap();
        let error = lock(dir.path(), Duration::from_millis(200)).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(".agencygraph.lock is locked by another writer (process "),
            "{message}"
        );
        assert!(message.contains(&std::process::id().to_string()));
        assert!(held(dir.path()));
        drop(first);
        assert!(!held(dir.path()));
        // Released: the next writer gets it at once.
        lock(dir.path(), Duration::ZERO).unwrap();
    }

    #[test]
    fn single_file_graphs_lock_beside_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("my.ron");
        std::fs::write(&file, "()").unwrap();
        assert_eq!(lock_path(&file), dir.path().join(".my.ron.lock"));
    }
}
