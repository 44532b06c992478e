//! Laying DOT out as an SVG picture: with the system's Graphviz `dot` when it is
//! installed, or with the built-in pure-Rust port of Graphviz (feature
//! `builtin-render`), so that a fresh machine draws pictures too.

use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

/// Which layout engine draws the picture.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Engine {
    /// The system's `dot` when it is installed, else the built-in engine.
    #[default]
    Auto,
    /// The system's Graphviz `dot` program.
    System,
    /// The built-in engine (graphviz-pure, a pure-Rust port of Graphviz).
    Builtin,
}

/// Why a picture could not be drawn.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// `--engine system` without Graphviz installed.
    #[error("Graphviz's `dot` program is not installed")]
    SystemMissing,
    /// `dot` ran and refused the input.
    #[error("Graphviz's `dot` failed: {0}")]
    SystemFailed(String),
    /// `dot` could not be run or talked to.
    #[error("could not run Graphviz's `dot`: {0}")]
    Io(#[from] io::Error),
    /// The built-in engine refused the input.
    #[error("the built-in layout engine failed: {0}")]
    Builtin(String),
    /// The picture is larger than the built-in engine is allowed to draw: its memory
    /// grows much faster than the picture, and a million relations took 10 GB before
    /// failing.
    #[error(
        "{edges} relations are too many for the built-in layout engine (at most {BUILTIN_MAX_EDGES}); draw a part with --focus ID --depth N, install Graphviz, or use the HTML map"
    )]
    TooLarge {
        /// How many relations the picture has.
        edges: usize,
    },
    /// This build was made without the built-in engine.
    #[error("this build has no built-in layout engine (cargo feature `builtin-render`)")]
    BuiltinUnavailable,
}

/// The most relations (`->` statements) the built-in engine is given: larger pictures
/// are refused before any memory is spent ([`RenderError::TooLarge`]).
pub const BUILTIN_MAX_EDGES: usize = 5_000;

/// Lays `dot` out with the `dot` algorithm and returns the SVG document.
///
/// ```
/// use agencygraph::export::{Engine, render_svg};
///
/// let svg = render_svg("digraph { \"UN Women\" -> \"ESCAP\" }", Engine::Builtin).unwrap();
/// assert!(svg.contains("<svg") && svg.contains("UN Women"));
/// ```
pub fn render_svg(dot: &str, engine: Engine) -> Result<String, RenderError> {
    let svg = match engine {
        Engine::System => system(dot),
        Engine::Builtin => builtin(dot),
        Engine::Auto => match system(dot) {
            Err(RenderError::SystemMissing) => builtin(dot),
            other => other,
        },
    }?;
    Ok(with_fallback_font(svg))
}

/// `svg` with a generic sans-serif font after DejaVu Sans wherever text asks for it: a
/// browser without DejaVu Sans would otherwise fall back to its default, often a serif.
/// Common sans-serif fonts are narrower than DejaVu Sans, so labels still fit.
fn with_fallback_font(svg: String) -> String {
    let font = super::dot::FONT;
    svg.replace(
        &format!("font-family=\"{font}\""),
        &format!("font-family=\"{font},sans-serif\""),
    )
}

fn system(dot: &str) -> Result<String, RenderError> {
    let mut child = match Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(RenderError::SystemMissing);
        }
        Err(error) => return Err(error.into()),
    };
    // Feed stdin from a thread: a large graph fills the pipes both ways.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot.to_string();
    let feeder = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut svg = String::new();
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_string(&mut svg)?;
    let output = child.wait_with_output()?;
    // `dot` may stop reading early when it refuses the input; its stderr says why.
    let fed = feeder.join().unwrap_or(Ok(()));
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(RenderError::SystemFailed(if message.is_empty() {
            output.status.to_string()
        } else {
            message
        }));
    }
    fed?;
    Ok(svg)
}

#[cfg(feature = "builtin-render")]
fn builtin(dot: &str) -> Result<String, RenderError> {
    // An upper bound (an arrow inside a quoted name counts too), cheap to take.
    let edges = dot.matches("->").count();
    if edges > BUILTIN_MAX_EDGES {
        return Err(RenderError::TooLarge { edges });
    }
    graphviz_pure::render_dot(dot, "dot", "svg")
        .map(|rendered| rendered.into_output())
        .map_err(|error| RenderError::Builtin(error.to_string()))
}

#[cfg(not(feature = "builtin-render"))]
fn builtin(_dot: &str) -> Result<String, RenderError> {
    Err(RenderError::BuiltinUnavailable)
}
