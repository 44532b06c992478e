//! `-o PATH` writes where the user pointed, as a shell's `>` would: into devices, through
//! links, keeping a replaced file's mode.

// Runs the `agencygraph` binary, which is built only with the `cli` feature, and
// uses Unix links, modes and devices.
#![cfg(all(feature = "cli", unix))]

use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};

use crate::common::{run, temp_path};

#[test]
fn export_o_follows_links_keeps_modes_and_writes_into_devices() {
    let (dir, real) = temp_path("real.dot");
    let link = dir.path().join("link.dot");
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    symlink(&real, &link).unwrap();
    let exported = run(&["export", "-o", link.to_str().unwrap()]);
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .starts_with("digraph")
    );
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let exported = run(&["export", "-o", "/dev/null"]);
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}
