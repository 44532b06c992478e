//! Writing an output file where a person pointed (`-o PATH`), the way a shell's `>`
//! would, but whole or not at all:
//!
//! - a character device, FIFO or socket (`/dev/null`, `/dev/stdout`, a named pipe) is
//!   written straight into, never replaced by a regular file;
//! - a symbolic link is followed, and its target replaced (the link stays a link);
//! - a regular file is replaced through a temporary file beside it, renamed over it once
//!   written and synced, so that a failure leaves the old file whole; the new file keeps
//!   the old one's permissions and, where the system allows, its owner and group;
//! - a new file gets the usual permissions (`0666` less the umask).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why [`write_output`] failed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError<E> {
    /// The file system refused.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The writing function failed.
    #[error("{0}")]
    Write(E),
}

/// Writes what `write` produces to `path` (see the module documentation for what each
/// kind of path gets). When `write` or the disk fails, a regular file at `path` is left
/// as it was.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.dot");
/// agencygraph::store::write_output(&path, |out| out.write_all(b"digraph {}"))?;
/// assert_eq!(std::fs::read_to_string(&path)?, "digraph {}");
/// // Devices are written into, not replaced.
/// agencygraph::store::write_output(std::path::Path::new("/dev/null"), |out| out.write_all(b"x"))?;
/// assert!(!std::fs::metadata("/dev/null")?.is_file());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_output<E>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), OutputError<E>> {
    let target = follow_links(path)?;
    let existing = match fs::metadata(&target) {
        Ok(metadata) => Some(metadata),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error.into()),
    };
    match existing {
        Some(metadata) if metadata.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a directory; give a file name",
        )
        .into()),
        Some(metadata) if !metadata.is_file() => {
            // A device or a pipe: what the user named is where the bytes go.
            let file = OpenOptions::new().write(true).open(&target)?;
            let mut out = BufWriter::new(file);
            write(&mut out).map_err(OutputError::Write)?;
            out.flush()?;
            Ok(())
        }
        existing => replace_file(&target, existing.as_ref(), write),
    }
}

/// `path` with every symbolic link along its last component followed (a dangling link
/// gives the path it points to, which will be created).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As the kernel does, give up after 40 links (a loop).
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn replace_file<E>(
    target: &Path,
    existing: Option<&fs::Metadata>,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), OutputError<E>> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let file = File::create(&temporary)?;
        if let Some(metadata) = existing {
            keep_owner_and_mode(&file, metadata)?;
        }
        let mut out = BufWriter::new(file);
        write(&mut out).map_err(OutputError::Write)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&temporary, target)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Gives `file` the permissions of `old`, and its owner and group where the system lets
/// this process (only the superuser may give a file away; others keep it their own).
pub(crate) fn keep_owner_and_mode(file: &File, old: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())) {
            Ok(()) => {}
            // Not allowed: try the group alone (a member may), else keep ours.
            Err(_) => {
                let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
            }
        }
    }
    // After the owner: changing the owner may clear set-id bits.
    file.set_permissions(old.permissions())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn write_text(path: &Path, text: &str) -> Result<(), OutputError<io::Error>> {
        write_output(path, |out| out.write_all(text.as_bytes()))
    }

    #[test]
    fn a_replaced_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.dot");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_text(&path, "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
        write_text(&path, "newer").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o664);
    }

    #[test]
    fn a_symlink_is_followed_and_its_target_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.dot");
        let link = dir.path().join("link.dot");
        fs::write(&target, "old").unwrap();
        symlink("real.dot", &link).unwrap();
        write_text(&link, "new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        // A dangling link makes its target.
        let dangling = dir.path().join("dangling.dot");
        symlink("made.dot", &dangling).unwrap();
        write_text(&dangling, "made").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("made.dot")).unwrap(),
            "made"
        );
    }

    #[test]
    fn devices_and_fifos_are_written_into_not_replaced() {
        write_text(Path::new("/dev/null"), "nothing").unwrap();
        let null = fs::metadata("/dev/null").unwrap();
        assert!(!null.is_file());
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo: the device case stands
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
        };
        write_text(&fifo, "through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        assert!(!fs::metadata(&fifo).unwrap().is_file());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.dot");
        fs::write(&path, "old").unwrap();
        let error = write_output(&path, |out| {
            out.write_all(b"half")?;
            Err(io::Error::other("broke"))
        })
        .unwrap_err();
        assert!(matches!(error, OutputError::Write(_)));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        let error = write_text(dir.path(), "x").unwrap_err();
        assert!(error.to_string().contains("directory"), "{error}");
    }
}
