//! Pictures for a slide, without Graphviz: an SVG picture framed with a title and a
//! source note ([`frame_svg`]), then drawn as PNG (resvg and tiny-skia) or PDF
//! (svg2pdf), all in Rust.
//!
//! Text is set in DejaVu Sans, which is built into the program (its licence is in
//! `src/export/fonts/`), and no system font is looked up: every name is drawn, with the
//! same metrics, on every machine. Any font family the SVG asks for is drawn in DejaVu
//! Sans; the diagrams ask for it by name, so their shapes were sized for it.

use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use resvg::{tiny_skia, usvg};

use super::{Subgraph, escape_markup};

/// DejaVu Sans, the one font pictures are drawn with (Bitstream Vera licence, see
/// `src/export/fonts/LICENSE-DejaVu.txt`).
const FONT: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const FONT_FAMILY: &str = "DejaVu Sans";

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    /// The SVG could not be read.
    #[error("cannot read the SVG picture: {0}")]
    Svg(String),
    /// The picture has no area, or is too big to hold in memory.
    #[error("cannot draw a picture of {width} × {height} pixels")]
    Size {
        /// Width asked for.
        width: u32,
        /// Height asked for.
        height: u32,
    },
    /// The PNG or PDF encoder failed.
    #[error("cannot encode the picture: {0}")]
    Encode(String),
}

/// What goes around a picture, and its size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    /// A heading above the picture.
    pub title: Option<String>,
    /// A line below it, such as the sources cited.
    pub note: Option<String>,
    /// Width and height of the whole page, in pixels (PNG) or points (PDF); the picture
    /// is scaled to fit, keeping its proportions. `None` keeps the picture's own size.
    pub size: Option<(u32, u32)>,
}

/// The note a picture of `subgraph` gets by default: the titles of the sources its
/// relations cite, or `None` when they cite none.
///
/// ```
/// use agencygraph::export::{Selection, picture::source_note};
///
/// let graph = agencygraph::Graph::bundled();
/// let note = source_note(&graph.subgraph(&Selection::around("ICAT", 1)));
/// assert_eq!(note.as_deref(), Some("Source: Inter-Agency Mechanisms and Activities"));
/// ```
pub fn source_note(subgraph: &Subgraph<'_>) -> Option<String> {
    let titles: Vec<&str> = subgraph.sources.iter().map(|s| s.title.as_str()).collect();
    match titles.as_slice() {
        [] => None,
        [one] => Some(format!("Source: {one}")),
        many => Some(format!("Sources: {}", many.join("; "))),
    }
}

/// The fonts pictures are drawn with: only the built-in DejaVu Sans, standing in for
/// every family.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(FONT.to_vec());
            database.set_serif_family(FONT_FAMILY);
            database.set_sans_serif_family(FONT_FAMILY);
            database.set_monospace_family(FONT_FAMILY);
            database.set_cursive_family(FONT_FAMILY);
            database.set_fantasy_family(FONT_FAMILY);
            Arc::new(database)
        })
        .clone()
}

fn parse(svg: &str) -> Result<usvg::Tree, PictureError> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| PictureError::Svg(e.to_string()))
}

/// DejaVu Sans's average advance is about 0.6 em; lines are broken at about this many
/// ems so that they fit.
const EM_PER_CHARACTER: f64 = 0.6;

/// `text` broken at spaces into lines of at most `width` characters (longer words stay
/// whole).
fn lines(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match out.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    out
}

/// `svg` placed on a white page with `frame`'s title above and note below, scaled to
/// fit `frame.size` (or at its own size), as a new SVG document.
///
/// ```
/// use agencygraph::export::picture::{Frame, frame_svg};
///
/// let picture = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100"/></svg>"#;
/// let framed = frame_svg(picture, &Frame { title: Some("R & D".into()), size: Some((1920, 1080)), ..Frame::default() })?;
/// assert!(framed.contains(r#"width="1920" height="1080""#));
/// assert!(framed.contains(">R &amp; D</text>"));
/// # Ok::<(), agencygraph::export::picture::PictureError>(())
/// ```
pub fn frame_svg(svg: &str, frame: &Frame) -> Result<String, PictureError> {
    let inner = parse(svg)?.size();
    let (inner_width, inner_height) = (f64::from(inner.width()), f64::from(inner.height()));
    // Text sizes follow the page's width, so a title reads the same on any slide.
    let width = frame
        .size
        .map_or(inner_width.max(480.0), |(w, _)| f64::from(w));
    let title_size = (width / 48.0).clamp(14.0, 40.0);
    let note_size = (width / 110.0).clamp(9.0, 18.0);
    let margin = title_size;
    let characters = |size: f64| ((width - 2.0 * margin) / (size * EM_PER_CHARACTER)) as usize;
    let title_lines = frame
        .title
        .as_deref()
        .map_or_else(Vec::new, |t| lines(t, characters(title_size)));
    let note_lines = frame
        .note
        .as_deref()
        .map_or_else(Vec::new, |t| lines(t, characters(note_size)));
    let title_band = if title_lines.is_empty() {
        margin / 2.0
    } else {
        margin + title_lines.len() as f64 * title_size * 1.25
    };
    let note_band = if note_lines.is_empty() {
        margin / 2.0
    } else {
        margin / 2.0 + note_lines.len() as f64 * note_size * 1.3 + margin / 2.0
    };
    let height = frame
        .size
        .map_or(inner_height + title_band + note_band, |(_, h)| f64::from(h));
    let picture_width = width - 2.0 * margin;
    let picture_height = height - title_band - note_band;
    if picture_width <= 0.0 || picture_height <= 0.0 {
        let (w, h) = frame.size.unwrap_or((width as u32, height as u32));
        return Err(PictureError::Size {
            width: w,
            height: h,
        });
    }
    let data = base64::engine::general_purpose::STANDARD.encode(svg);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{w}" height="{h}" viewBox="0 0 {w} {h}">
<rect width="{w}" height="{h}" fill="white"/>
"#,
        w = fmt(width),
        h = fmt(height)
    );
    for (i, line) in title_lines.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-family=\"{FONT_FAMILY}\" font-size=\"{}\" fill=\"#222222\">{}</text>\n",
            fmt(margin),
            fmt(margin + (i as f64 + 0.8) * title_size * 1.25),
            fmt(title_size),
            escape_markup(line)
        ));
    }
    out.push_str(&format!(
        "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"xMidYMid meet\" xlink:href=\"data:image/svg+xml;base64,{data}\"/>\n",
        fmt(margin),
        fmt(title_band),
        fmt(picture_width),
        fmt(picture_height)
    ));
    for (i, line) in note_lines.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-family=\"{FONT_FAMILY}\" font-size=\"{}\" fill=\"#555555\">{}</text>\n",
            fmt(margin),
            fmt(height - note_band + margin / 2.0 + (i as f64 + 0.9) * note_size * 1.3),
            fmt(note_size),
            escape_markup(line)
        ));
    }
    out.push_str("</svg>\n");
    Ok(out)
}

/// A length with at most two decimals, as SVG attributes take it.
fn fmt(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    format!("{rounded}")
}

/// Draws an SVG document as a PNG image, at one pixel per SVG unit.
///
/// ```
/// use agencygraph::export::picture::svg_to_png;
///
/// let png = svg_to_png(r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text y="15">UN</text></svg>"#)?;
/// assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
/// # Ok::<(), agencygraph::export::picture::PictureError>(())
/// ```
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, PictureError> {
    let tree = parse(svg)?;
    let size = tree.size().to_int_size();
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(PictureError::Size {
            width: size.width(),
            height: size.height(),
        })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| PictureError::Encode(e.to_string()))
}

/// Converts an SVG document to a one-page PDF with its text as text (in the built-in
/// font, embedded), at one point per SVG unit.
///
/// ```
/// use agencygraph::export::picture::svg_to_pdf;
///
/// let pdf = svg_to_pdf(r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text y="15">UN</text></svg>"#)?;
/// assert!(pdf.starts_with(b"%PDF-"));
/// # Ok::<(), agencygraph::export::picture::PictureError>(())
/// ```
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, PictureError> {
    let tree = parse(svg)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions::default(),
    )
    .map_err(|e| PictureError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces() {
        assert_eq!(lines("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(
            lines("averyveryverylongword x", 4),
            ["averyveryverylongword", "x"]
        );
        assert!(lines("   ", 10).is_empty());
    }

    #[test]
    fn a_frame_too_small_for_its_text_is_an_error() {
        let picture = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        let frame = Frame {
            title: Some("A long title ".repeat(20)),
            size: Some((100, 30)),
            ..Frame::default()
        };
        assert!(matches!(
            frame_svg(picture, &frame),
            Err(PictureError::Size {
                width: 100,
                height: 30
            })
        ));
        assert!(matches!(svg_to_png("<svg"), Err(PictureError::Svg(_))));
    }
}
