//! Inserting entries into YAML text at the end of a block, found by key and indentation:
//! enough of YAML's block layout to add lines without rewriting any (flow style is refused).

use super::merge::Insertion;
use crate::diagnostics::Pointer;
use serde_json::{Map, Value};

pub(super) type TextResult<T> = Result<T, (Pointer, String)>;

pub(super) fn pointer(path: &[String]) -> Pointer {
    path.iter().fold(Pointer::root(), |p, s| p.push(s))
}

/// Inserts each planned entry as YAML lines at the end of its parent's block.
pub(super) fn insert_text(text: &str, plan: &[Insertion]) -> TextResult<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let indented = indents_sequences(&lines);
    for insertion in plan {
        let Block { at, indent, spaced } = block_end(&lines, &insertion.parent)?;
        let rendered = match &insertion.key {
            Some(key) => {
                let mut one = Map::new();
                one.insert(key.clone(), insertion.value.clone());
                super::to_yaml(&Value::Object(one))
            }
            None => super::to_yaml(&Value::Array(vec![insertion.value.clone()])),
        };
        let rendered = if indented {
            indent_sequences(&rendered)
        } else {
            rendered
        };
        let pad = " ".repeat(indent);
        let blank = spaced.then(String::new);
        let new_lines = blank.into_iter().chain(rendered.lines().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        }));
        lines.splice(at..at, new_lines);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out)
}

/// Whether the document writes a sequence under a key indented (`key:` then `  - item`), as
/// hand-written YAML often does; the YAML printer puts the dash under the key.
fn indents_sequences(lines: &[String]) -> bool {
    let content: Vec<&String> = lines.iter().filter(|l| is_content(l)).collect();
    content.windows(2).find_map(|pair| {
        let (key, item) = (pair[0], pair[1]);
        let opens = key.trim_end().ends_with(':') && item.trim_start().starts_with("- ");
        opens.then(|| indent_of(item) > indent_of(key))
    }) == Some(true)
}

/// Re-indents printed YAML so each sequence under a key sits two spaces deeper than the key.
/// Kept only if it reads back the same; otherwise the printer's layout is used as it is.
fn indent_sequences(printed: &str) -> String {
    let mut out = Vec::new();
    // Indentation (before shifting) of the sequences being shifted, innermost last.
    let mut open: Vec<usize> = Vec::new();
    let mut previous: Option<&str> = None;
    for line in printed.lines() {
        let indent = indent_of(line);
        let item = line.trim_start().starts_with("- ") || line.trim() == "-";
        open.retain(|&at| indent > at || (indent == at && item));
        let opens = item
            && previous.is_some_and(|p| indent_of(p) == indent && p.trim_end().ends_with(':'))
            && !open.contains(&indent);
        if opens {
            open.push(indent);
        }
        out.push(format!("{}{line}", "  ".repeat(open.len())));
        previous = Some(line);
    }
    let shifted = out.join("\n") + "\n";
    let same = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text).ok();
    if same(&shifted).is_some() && same(&shifted) == same(printed) {
        shifted
    } else {
        printed.to_owned()
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Comments and blank lines belong to no block.
fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#') && t != "---"
}

/// The key a `key: ...` line starts with (plain, 'single' or "double" quoted) and the text
/// after its colon.
fn key_of(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start();
    let quote = t.chars().next().filter(|c| matches!(c, '\'' | '"'));
    let (key, rest) = match quote {
        Some(q) => {
            let mut end = 1;
            loop {
                end += t[end..].find(q)? + 1;
                let escaped = match q {
                    '\'' => t[end..].starts_with('\''),
                    _ => t[..end - 1].ends_with('\\'),
                };
                if !escaped {
                    break;
                }
                end += usize::from(q == '\'');
            }
            // Quoted scalars are YAML's to unescape.
            let key: String = serde_yaml::from_str(&t[..end]).ok()?;
            (key, t[end..].strip_prefix(':')?)
        }
        None => {
            let end = t.find(": ").or_else(|| t.strip_suffix(':').map(str::len))?;
            (t[..end].to_owned(), &t[end + 1..])
        }
    };
    (rest.is_empty() || rest.starts_with(' ')).then_some((key, rest))
}

/// Where new entries of a block go.
struct Block {
    /// The line after the block's last entry.
    at: usize,
    indent: usize,
    /// Whether its entries are separated by blank lines.
    spaced: bool,
}

/// Where the block of the mapping (or sequence) at `path` ends, and the indentation of its
/// entries.
fn block_end(lines: &[String], path: &[String]) -> TextResult<Block> {
    let (mut start, mut end, mut parent_indent) = (0, lines.len(), None::<usize>);
    for (depth, key) in path.iter().enumerate() {
        let here = pointer(&path[..=depth]);
        let child = child_indent(lines, start, end, parent_indent);
        let found = (start..end).find(|&i| {
            is_content(&lines[i])
                && indent_of(&lines[i]) == child
                && key_of(&lines[i]).is_some_and(|(k, _)| k == *key)
        });
        let Some(line) = found else {
            return Err((
                here,
                "cannot find this block in the document's text".to_owned(),
            ));
        };
        let after_colon = key_of(&lines[line]).map_or("", |(_, rest)| rest.trim());
        if !(after_colon.is_empty() || after_colon.starts_with('#')) {
            return Err((
                here,
                "this block is written inline (flow style); only block style can be merged into"
                    .to_owned(),
            ));
        }
        start = line + 1;
        end = (start..end)
            .find(|&i| {
                is_content(&lines[i])
                    && (indent_of(&lines[i]) < child
                        || (indent_of(&lines[i]) == child
                            && !lines[i].trim_start().starts_with('-')))
            })
            .unwrap_or(end);
        parent_indent = Some(child);
    }
    let indent = child_indent(lines, start, end, parent_indent);
    let last = (start..end)
        .rev()
        .find(|&i| is_content(&lines[i]))
        .map_or(start, |i| i + 1);
    // Entries set apart by blank lines (like the paths of spec/) get one before them too.
    let spaced = (start + 1..last).any(|i| {
        lines[i - 1].trim().is_empty() && is_content(&lines[i]) && indent_of(&lines[i]) == indent
    });
    Ok(Block {
        at: last,
        indent,
        spaced,
    })
}

/// Indentation of the first entry between `start` and `end`, or two more than the parent's.
fn child_indent(lines: &[String], start: usize, end: usize, parent: Option<usize>) -> usize {
    (start..end)
        .find(|&i| is_content(&lines[i]))
        .map(|i| indent_of(&lines[i]))
        .unwrap_or_else(|| parent.map_or(0, |p| p + 2))
}

#[cfg(test)]
mod tests {
    use super::key_of;

    #[test]
    fn sequences_are_indented_under_their_keys() {
        let printed = "a:\n- b: 1\n  c:\n  - x\n  - y: |-\n      - not an item\n      z:\n  d: 2\n- e\nf: 3\n";
        assert_eq!(
            super::indent_sequences(printed),
            "a:\n  - b: 1\n    c:\n      - x\n      - y: |-\n          - not an item\n          z:\n    d: 2\n  - e\nf: 3\n"
        );
        let lines = |t: &str| t.lines().map(str::to_owned).collect::<Vec<_>>();
        assert!(super::indents_sequences(&lines("# c\nk:\n  - 1\n")));
        assert!(!super::indents_sequences(&lines("k:\n- 1\n")));
    }

    #[test]
    fn keys_plain_and_quoted() {
        let key = |line| key_of(line).map(|(k, rest)| (k, rest.to_owned()));
        let pair = |k: &str, rest: &str| Some((k.to_owned(), rest.to_owned()));
        assert_eq!(key("  /v1/{name}:cancel:"), pair("/v1/{name}:cancel", ""));
        assert_eq!(key("    get:  # comment"), pair("get", "  # comment"));
        assert_eq!(key("  paths: {}"), pair("paths", " {}"));
        assert_eq!(key("  '200':"), pair("200", ""));
        assert_eq!(key("  'it''s': x"), pair("it's", " x"));
        assert_eq!(key(r#"  "a \"b\"":"#), pair("a \"b\"", ""));
        assert_eq!(key("  - name: x"), pair("- name", " x"));
        assert_eq!(key("  plain text"), None);
    }
}
