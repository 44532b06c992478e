//! PNG and PDF pictures from the command line, with no Graphviz on the PATH: the format
//! from the file's extension, sizes for slides, standard output, and the options that
//! choose what is drawn.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::path::Path;

use crate::common::{assert_contains, command, finish, node_ids, run, temp_path};

/// Runs `agencygraph` with no Graphviz reachable (an empty PATH).
fn run_without_graphviz(args: &[&str], empty: &Path) -> (i32, Vec<u8>, String) {
    let output = command(args).env("PATH", empty).output().unwrap();
    (
        output.status.code().unwrap(),
        output.stdout,
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A PNG's width and height, read from its IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn pictures_are_drawn_without_graphviz_in_the_format_the_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let png = dir.path().join("iasc.png");
    let (code, stdout, stderr) = run_without_graphviz(
        &["export", "--focus", "IASC", "-o", png.to_str().unwrap()],
        empty.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    // IASC at depth 1, as for DOT (tests/it/cli.rs counts them).
    assert_eq!(
        stderr,
        format!("wrote {}: 9 entities, 14 relations\n", png.display())
    );
    let (width, height) = png_size(&std::fs::read(&png).unwrap());
    assert!(width > 300 && height > 200, "{width}x{height}");

    // A 16:9 slide, with a title, to standard output.
    let (code, stdout, stderr) = run_without_graphviz(
        &[
            "export",
            "--focus",
            "IASC",
            "--focus",
            "ICAT",
            "--format",
            "png",
            "--size",
            "slide",
            "--title",
            "IASC and ICAT",
            "-o",
            "-",
        ],
        empty.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(png_size(&stdout), (1920, 1080));

    let pdf = dir.path().join("iasc.pdf");
    let (code, _, stderr) = run_without_graphviz(
        &[
            "export",
            "--focus",
            "IASC",
            "--size",
            "1600x900",
            "-o",
            pdf.to_str().unwrap(),
        ],
        empty.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The page is the size asked for, in points.
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/MediaBox [0 0 1600 900]"),
        "{}",
        &text[..400.min(text.len())]
    );
    // The built-in font is embedded: text is never missing.
    assert_contains(&text, "DejaVuSans");
    // Nothing but the two files.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn a_format_that_contradicts_the_file_name_is_an_error() {
    let (dir, svg) = temp_path("iasc.svg");
    let run = run(&["export", "--format", "png", "-o", svg.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: --format png does not match the file name {} (a .svg file)\n",
            svg.display()
        )
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // An unknown extension keeps the default, DOT.
    let other = dir.path().join("iasc.txt");
    let run = self::run(&["export", "--focus", "IASC", "-o", other.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&other)
            .unwrap()
            .starts_with("digraph")
    );
}

#[test]
fn depth_without_focus_is_an_error_and_sizes_are_checked() {
    let run = run(&["export", "--depth", "2"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: --depth needs --focus: it counts relations away from the focus\n"
        )
    );
    let run = self::run(&["export", "--format", "png", "--size", "wide"]);
    assert_eq!(run.code, 2);
    assert_contains(&run.stderr, "`wide` is not a size; expected WIDTHxHEIGHT");
}

#[test]
fn kind_filters_drop_the_entities_left_alone() {
    // graph/*.ron: UNMAS chairs IACG-MA; three co-chairing relations join four more.
    let output = command(&[
        "export",
        "--format",
        "json",
        "--edge-kinds",
        "chairs,co-chairs",
    ])
    .output()
    .unwrap();
    let run = finish(output);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids = node_ids(&value);
    assert_eq!(
        ids,
        [
            "ESCAP",
            "IACG-MA",
            "IASC-GENCAP-SC",
            "TWG-GEEW",
            "UN-WOMEN",
            "UNMAS",
            "WFP-GENDER-OFFICE"
        ]
    );
    // Several focuses: each with its neighbours, here by relations of one kind only.
    let run = self::run(&[
        "export",
        "--format",
        "json",
        "--focus",
        "UNMAS",
        "--focus",
        "ESCAP",
        "--edge-kinds",
        "chairs,co-chairs",
    ]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let ids = node_ids(&value);
    assert_eq!(ids, ["ESCAP", "IACG-MA", "TWG-GEEW", "UNMAS"]);
}
