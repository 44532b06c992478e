//! Terminal output: styles, aligned tables, wrapped text, and diagnostics with a caret
//! under the spot.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthStr;

use agencygraph::resolve::{Candidate, ResolveError};
use agencygraph::store::Diagnostic;

pub(crate) const HEADING: Style = Style::new().bold();
pub(crate) const ID: Style = bold(AnsiColor::Cyan);
pub(crate) const DIM: Style = Style::new().dimmed();
pub(crate) const ERROR: Style = bold(AnsiColor::Red);
pub(crate) const CARET: Style = bold(AnsiColor::Red);
pub(crate) const NOTE: Style = bold(AnsiColor::Blue);
pub(crate) const OK: Style = bold(AnsiColor::Green);

/// Bold text in one of the terminal's own colours: every coloured style above.
const fn bold(color: AnsiColor) -> Style {
    Style::new()
        .bold()
        .fg_color(Some(anstyle::Color::Ansi(color)))
}

/// `1 entity`, `2 entities`: a count with its noun, singular (`one`) or plural (`many`).
pub(crate) fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Writes a line of text in the heading style.
pub(crate) fn heading(out: &mut dyn Write, text: &str) -> io::Result<()> {
    writeln!(out, "{}", paint(HEADING, text))
}

/// The escape sequences this program writes itself (the styles above and their
/// resets): the only ones let through to a terminal; any other control character in
/// text for people is shown escaped (`agencygraph::visible`).
pub(crate) fn own_sequences() -> Vec<String> {
    let mut sequences: Vec<String> = [HEADING, ID, DIM, ERROR, CARET, NOTE, OK]
        .iter()
        .flat_map(|style| [style.render().to_string(), style.render_reset().to_string()])
        .filter(|s| !s.is_empty())
        .collect();
    // Longest first, so a whole style is matched before a part of it.
    sequences.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    sequences.dedup();
    sequences
}

/// `text` in `style`; the stream strips the codes when colour is off.
pub(crate) fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The width to lay text out in: `$COLUMNS` when set, else the terminal's on standard
/// output, else 80.
pub(crate) fn width() -> usize {
    let terminal = terminal_size::terminal_size().map(|(width, _)| usize::from(width.0));
    width_from(std::env::var("COLUMNS").ok().as_deref(), terminal)
}

/// [`width`] from its inputs; widths under 40 are taken for mistakes and passed over.
fn width_from(columns: Option<&str>, terminal: Option<usize>) -> usize {
    columns
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 40)
        .or(terminal.filter(|&c| c >= 40))
        .unwrap_or(80)
}

/// Cuts `text` to at most `max` columns, ending in `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Writes rows as columns aligned by display width, cutting the widest text columns
/// to a common width (see [`fit`]) when the table would be wider than `width`; the
/// header is bold.
pub(crate) fn table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
    right_aligned: &[usize],
    width: usize,
) -> io::Result<()> {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let floors: Vec<usize> = header
        .iter()
        .zip(&widths)
        .enumerate()
        .map(|(i, (heading, &natural))| {
            // Numbers are never cut; text keeps its heading and ten columns.
            if right_aligned.contains(&i) {
                natural
            } else {
                natural.min(heading.width().max(10))
            }
        })
        .collect();
    fit(&mut widths, &floors, width);
    let line = |cells: &[String]| -> String {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let cell = truncate(cell, widths[i]);
            let pad = " ".repeat(widths[i].saturating_sub(cell.width()));
            if right_aligned.contains(&i) {
                text.push_str(&pad);
                text.push_str(&cell);
            } else {
                text.push_str(&cell);
                if i + 1 < columns {
                    text.push_str(&pad);
                }
            }
            if i + 1 < columns {
                text.push_str("  ");
            }
        }
        text.trim_end().to_string()
    };
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    writeln!(out, "{}", paint(HEADING, &line(&header)))?;
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// Narrows columns of `widths` so that they fit `width` with two spaces between
/// them: every column wider than some cap is cut to it, the largest cap that fits,
/// but no column below its floor (so a table of many columns may still not fit).
fn fit(widths: &mut [usize], floors: &[usize], width: usize) {
    let gaps = 2 * widths.len().saturating_sub(1);
    let total = |cap: usize| -> usize {
        let cells: usize = widths
            .iter()
            .zip(floors)
            .map(|(&natural, &floor)| natural.min(cap.max(floor)))
            .sum();
        cells + gaps
    };
    let widest = widths.iter().copied().max().unwrap_or(0);
    if total(widest) <= width {
        return;
    }
    // The largest cap that fits, by bisection: `total` grows with the cap.
    let (mut fits, mut too_wide) = (0, widest);
    while fits + 1 < too_wide {
        let cap = (fits + too_wide) / 2;
        if total(cap) <= width {
            fits = cap;
        } else {
            too_wide = cap;
        }
    }
    for (natural, &floor) in widths.iter_mut().zip(floors) {
        *natural = (*natural).min(fits.max(floor));
    }
}

/// Wraps `text` to `width` columns, each line starting with `indent`.
pub(crate) fn wrap(text: &str, indent: &str, width: usize) -> String {
    let options = textwrap::Options::new(width.max(indent.width() + 20))
        .initial_indent(indent)
        .subsequent_indent(indent);
    textwrap::fill(text, options)
}

/// Writes one load or validation problem the way compilers do:
///
/// ```text
/// error: unknown node `ICATT`
///   --> graph/un-entity.ron:12:19
///    |
/// 12 |             to: "ICATT",
///    |                 ^ expected the id of a node
///    = hint: did you mean `ICAT`?
/// ```
pub(crate) fn diagnostic(out: &mut dyn Write, diagnostic: &Diagnostic) -> io::Result<()> {
    writeln!(
        out,
        "{}: {}",
        paint(ERROR, "error"),
        paint(HEADING, &diagnostic.message)
    )?;
    let location = &diagnostic.location;
    let margin = location.line.map_or(0, |l| l.to_string().len());
    let pad = " ".repeat(margin);
    writeln!(out, "{pad}{} {location}", paint(NOTE, "-->"))?;
    let bar = paint(NOTE, "|");
    match (&diagnostic.snippet, location.line, location.column) {
        (Some(snippet), Some(line), Some(column)) => {
            let snippet = snippet.replace('\t', " ");
            // A long line is shown as a window: the caret goes by the column in it.
            let column = diagnostic.snippet_column.unwrap_or(column);
            let before: String = snippet.chars().take(column.saturating_sub(1)).collect();
            writeln!(out, "{pad} {bar}")?;
            writeln!(out, "{} {bar} {snippet}", paint(NOTE, &line.to_string()))?;
            let label = diagnostic
                .expected
                .as_deref()
                .map(|e| format!(" expected {e}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{pad} {bar} {}{}",
                " ".repeat(before.width()),
                paint(CARET, &format!("^{label}"))
            )?;
        }
        _ => {
            if let Some(expected) = &diagnostic.expected {
                writeln!(out, "{pad} {} expected {expected}", paint(NOTE, "="))?;
            }
        }
    }
    if let Some(hint) = &diagnostic.hint {
        writeln!(out, "{pad} {} hint: {hint}", paint(NOTE, "="))?;
    }
    if let Some(related) = &diagnostic.related {
        writeln!(
            out,
            "{pad} {} note: first defined at {related}",
            paint(NOTE, "=")
        )?;
    }
    Ok(())
}

/// Writes `error: MESSAGE`, `error` in red: how every command says what it cannot do.
pub(crate) fn error_line(err: &mut dyn Write, message: impl std::fmt::Display) -> io::Result<()> {
    writeln!(err, "{}: {message}", paint(ERROR, "error"))
}

/// Writes why a name did not resolve, with the candidates or suggestions.
pub(crate) fn resolve_error(out: &mut dyn Write, error: &ResolveError) -> io::Result<()> {
    error_line(out, error)?;
    let (intro, candidates) = match error {
        ResolveError::Unknown { suggestions, .. } if suggestions.is_empty() => {
            writeln!(out, "  = hint: `agencygraph list` shows every entity")?;
            return Ok(());
        }
        ResolveError::Unknown { suggestions, .. } => ("did you mean", suggestions),
        ResolveError::Ambiguous { candidates, .. } => ("name one of these", candidates),
        // A kind of failure added later: its message above is all there is to say.
        _ => return Ok(()),
    };
    writeln!(out, "  = hint: {intro}:")?;
    for candidate in candidates {
        writeln!(out, "      {}", describe(candidate))?;
    }
    Ok(())
}

fn describe(candidate: &Candidate) -> String {
    let mut text = format!("{}  {}", paint(ID, &candidate.id), candidate.name);
    if let Some(matched) = &candidate.matched {
        text.push_str(&format!(" (as “{matched}”)"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use agencygraph::store::Location;

    #[test]
    fn tables_align_by_display_width() {
        let mut out = Vec::new();
        let rows = vec![
            vec![
                "A".to_string(),
                "3".to_string(),
                "“quoted” name".to_string(),
            ],
            vec!["LONGER-ID".to_string(), "12".to_string(), "x".to_string()],
        ];
        table(&mut out, &["ID", "N", "NAME"], &rows, &[1], 80).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "A           3  “quoted” name");
        assert_eq!(lines[2], "LONGER-ID  12  x");
    }

    #[test]
    fn wide_tables_cut_their_widest_text_columns_to_fit() {
        let mut out = Vec::new();
        let rows = vec![vec![
            "A-RATHER-LONG-IDENTIFIER".to_string(),
            "123456".to_string(),
            "a long name that would never fit in forty columns".to_string(),
        ]];
        table(&mut out, &["ID", "N", "NAME"], &rows, &[1], 40).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // 40 = 15 + 2 + 6 + 2 + 15: both text columns cut to 15, the number whole.
        assert_eq!(lines[1], "A-RATHER-LONG-…  123456  a long name th…");
        assert!(
            lines[0].contains("ID                    N  NAME"),
            "{}",
            lines[0]
        );
        // A table that fits is left alone, and floors hold when nothing fits.
        let mut widths = vec![5, 30];
        fit(&mut widths, &[5, 10], 80);
        assert_eq!(widths, [5, 30]);
        fit(&mut widths, &[5, 10], 4);
        assert_eq!(widths, [5, 10]);
    }

    #[test]
    fn long_last_columns_are_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }

    #[test]
    fn caret_under_the_column() {
        let mut out = Vec::new();
        let d = Diagnostic {
            location: Location {
                file: "g.ron".into(),
                line: Some(3),
                column: Some(9),
            },
            message: "unknown node `ICATT`".into(),
            expected: Some("the id of a node".into()),
            hint: Some("did you mean `ICAT`?".into()),
            snippet: Some("    to: \"ICATT\",".into()),
            snippet_column: None,
            related: None,
        };
        diagnostic(&mut out, &d).unwrap();
        let text = String::from_utf8(out).unwrap();
        // No terminal here, but `paint` always writes codes; strip them to compare.
        let plain = strip(&text);
        assert_eq!(
            plain,
            "error: unknown node `ICATT`\n --> g.ron:3:9\n  |\n3 |     to: \"ICATT\",\n  |         ^ expected the id of a node\n  = hint: did you mean `ICAT`?\n"
        );
    }

    fn strip(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn width_is_columns_then_the_terminal_then_80() {
        assert_eq!(width_from(Some("100"), Some(120)), 100);
        // A 120-column terminal without COLUMNS exported: the terminal's width.
        assert_eq!(width_from(None, Some(120)), 120);
        assert_eq!(width_from(Some("junk"), Some(120)), 120);
        assert_eq!(width_from(None, None), 80);
        assert_eq!(width_from(Some("10"), Some(20)), 80);
    }
}
