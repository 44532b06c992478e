//! Splitting a report into sentences and table cells, each with its byte range.

use std::ops::Range;

/// One sentence, or one cell of a table row, of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Its bytes in the report, whitespace trimmed.
    pub range: Range<usize>,
    /// Whether it is a cell of a table row (a line holding `|`).
    pub cell: bool,
    /// Whether it opens with a list number (`3. `), as rows of numbered tables do.
    pub numbered: bool,
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "no", "nos", "art", "para", "paras", "vol", "p",
    "pp", "st", "inc", "ltd", "co", "vs", "cf", "approx", "jan", "feb", "apr", "aug", "sept",
    "sep", "oct", "nov", "dec", "fig", "op", "cit", "al", "rev", "corr", "add",
];

/// The sentences and table cells of `text`, in order.
///
/// Lines are paragraphs; a line holding `|` is a table row, split into cells. A full
/// stop, question or exclamation mark ends a sentence when whitespace and then a
/// capital, a digit, a quote or `#` follow, unless it ends an abbreviation (`e.g.`,
/// `No.`), an initial or dotted acronym (`U.S.`), or a list number opening the line.
/// Parts without a letter are left out.
///
/// ```
/// use agencygraph::extract::segment::sentences;
/// let text = "UNODC chairs it, e.g. in 2019. ICAT met.\n| 1. UN Action (UNA) | 2018 |\n";
/// let parts: Vec<&str> = sentences(text).iter().map(|s| &text[s.range.clone()]).collect();
/// // A cell without letters ("2018") holds no name and is left out.
/// assert_eq!(parts, ["UNODC chairs it, e.g. in 2019.", "ICAT met.", "1. UN Action (UNA)"]);
/// ```
pub fn sentences(text: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_range = line_start..line_start + line.len();
        line_start += line.len();
        if line.contains('|') {
            let mut cell_start = line_range.start;
            for cell in line.split('|') {
                let range = cell_start..cell_start + cell.len();
                cell_start += cell.len() + 1;
                split_sentences(text, range, true, &mut segments);
            }
        } else {
            split_sentences(text, line_range, false, &mut segments);
        }
    }
    segments
}

fn split_sentences(text: &str, range: Range<usize>, cell: bool, out: &mut Vec<Segment>) {
    let part = &text[range.clone()];
    let mut start = 0;
    let chars: Vec<(usize, char)> = part.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        // Closing quotes and brackets stay with the sentence they close.
        let mut end_k = k + 1;
        while end_k < chars.len() && matches!(chars[end_k].1, '"' | '”' | '’' | ')' | ']') {
            end_k += 1;
        }
        let Some(&(space_at, space)) = chars.get(end_k) else {
            continue;
        };
        if !space.is_whitespace() {
            continue;
        }
        let next = chars[end_k..].iter().find(|(_, c)| !c.is_whitespace());
        let opens = next.is_some_and(|&(_, c)| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '#' | '(')
        });
        if !opens || c == '.' && protected(&part[start..i]) {
            continue;
        }
        push(text, range.start + start..range.start + space_at, cell, out);
        start = space_at;
    }
    push(text, range.start + start..range.end, cell, out);
}

/// Whether the full stop after `before` (the sentence so far) does not end it.
fn protected(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let bare = word.trim_start_matches(['"', '“', '‘']);
    if bare.is_empty() {
        return false;
    }
    let lower = bare.to_lowercase();
    // A list number opening the line: "3. OCHA is ...".
    let list_number =
        before.trim() == word && bare.len() <= 3 && bare.chars().all(|c| c.is_ascii_digit());
    ABBREVIATIONS.contains(&lower.as_str())
        || list_number
        // An initial ("J. Smith") or a dotted acronym ("U.S.", "U.N.").
        || bare.chars().count() == 1 && bare.chars().all(char::is_uppercase)
        || bare.contains('.') && bare.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

fn push(text: &str, range: Range<usize>, cell: bool, out: &mut Vec<Segment>) {
    let part = &text[range.clone()];
    let trimmed = part.trim();
    if !trimmed.chars().any(char::is_alphabetic) {
        return;
    }
    let start = range.start + (part.len() - part.trim_start().len());
    let range = start..start + trimmed.len();
    let numbered = {
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && digits <= 3 && trimmed[digits..].starts_with(". ")
    };
    out.push(Segment {
        range,
        cell,
        numbered,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.range.clone()])
            .collect()
    }

    #[test]
    fn full_stops_end_sentences_except_after_abbreviations_and_acronyms() {
        assert_eq!(
            split("The U.N. system met. It chose Dr. Smith, i.e. a chair. 2019 was busy."),
            [
                "The U.N. system met.",
                "It chose Dr. Smith, i.e. a chair.",
                "2019 was busy."
            ]
        );
        // No space after the stop: not a boundary ("E.Quality Talks").
        assert_eq!(
            split("The event named E.Quality Talks ran."),
            ["The event named E.Quality Talks ran."]
        );
        // A lower-case word after the stop: not a boundary.
        assert_eq!(
            split("See p. 4 and approx. three."),
            ["See p. 4 and approx. three."]
        );
    }

    #[test]
    fn list_numbers_and_table_cells() {
        let text = "2. OCHA participates. It helps.\n| 1. A (B) | 2018-2022 |\n- Side-event, co-sponsored by X;\n";
        let segments = sentences(text);
        assert_eq!(
            split(text),
            [
                "2. OCHA participates.",
                "It helps.",
                "1. A (B)",
                "- Side-event, co-sponsored by X;"
            ]
        );
        assert!(segments[0].numbered && !segments[0].cell);
        assert!(segments[2].numbered && segments[2].cell);
        assert!(!segments[3].numbered);
    }
}
