//! Merging a slice into an existing document as text, so a hand-kept spec grows by one
//! operation without losing its comments, examples or edits: only new lines are inserted
//! (new paths, operations, components and tags, each at the end of its block), nothing that is
//! already there changes. The result is parsed again and must equal the merge done on data.

use crate::diagnostics::{Error, Pointer};
use crate::load;
use serde_json::{Map, Value};

/// A merged document and what the merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Pointers of the entries that were added.
    pub added: Vec<String>,
    /// Pointers of entries the document already had in another form; they are kept as they
    /// were, so a maintainer can see where the document departs from the source.
    pub kept: Vec<String>,
}

/// One entry to add: `key: value` at the end of the mapping at `parent` (a sequence item when
/// `key` is `None`).
struct Insertion {
    parent: Vec<String>,
    key: Option<String>,
    value: Value,
}

/// Adds the paths, operations, components and tags of `addition` that `existing_text` lacks.
/// Entries already present are kept as they are; other top-level fields are left alone.
pub fn merge_into_yaml(
    existing_text: &str,
    addition: &Value,
    target_name: &str,
) -> Result<Merged, Error> {
    let existing = load::parse_document(existing_text, target_name)?;
    let error = |pointer: Pointer, message: String| Error::Spec {
        source_name: target_name.to_owned(),
        pointer,
        message,
    };
    let (Some(old), Some(new)) = (existing.as_object(), addition.as_object()) else {
        return Err(error(
            Pointer::root(),
            "both documents must be mappings".to_owned(),
        ));
    };
    let mut plan = Vec::new();
    let mut kept = Vec::new();
    for (section, depth) in [("paths", 2), ("components", 2)] {
        if let Some(Value::Object(entries)) = new.get(section) {
            plan_map(
                old.get(section),
                entries,
                &mut vec![section.to_owned()],
                depth,
                &mut plan,
                &mut kept,
            );
        }
    }
    if let Some(Value::Array(tags)) = new.get("tags") {
        let names: Vec<&Value> = old
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| t.get("name"))
            .collect();
        let missing: Vec<Value> = tags
            .iter()
            .filter(|t| t.get("name").is_some_and(|n| !names.contains(&n)))
            .cloned()
            .collect();
        if old.get("tags").is_none() && !missing.is_empty() {
            plan.push(Insertion {
                parent: vec![],
                key: Some("tags".to_owned()),
                value: Value::Array(missing),
            });
        } else {
            plan.extend(missing.into_iter().map(|value| Insertion {
                parent: vec!["tags".to_owned()],
                key: None,
                value,
            }));
        }
    }

    let mut expected = existing.clone();
    let added = plan
        .iter()
        .map(|i| apply(&mut expected, i))
        .collect::<TextResult<_>>()
        .map_err(|(at, message)| error(at, message))?;
    let text = if existing_text.trim_start().starts_with('{') {
        // JSON has no comments to keep: writing the merged data is enough.
        serde_json::to_string_pretty(&expected).expect("JSON values serialize") + "\n"
    } else {
        insert_text(existing_text, &plan).map_err(|(at, message)| error(at, message))?
    };
    if load::parse_document(&text, target_name).ok().as_ref() != Some(&expected) {
        return Err(error(
            Pointer::root(),
            "cannot merge into this layout (flow-style mappings or unusual indentation); merge by hand or write the slice with --out".to_owned(),
        ));
    }
    Ok(Merged { text, added, kept })
}

/// Plans the entries of `new` missing from `old`, descending `depth` levels into entries both have.
fn plan_map(
    old: Option<&Value>,
    new: &Map<String, Value>,
    at: &mut Vec<String>,
    depth: usize,
    plan: &mut Vec<Insertion>,
    kept: &mut Vec<String>,
) {
    let Some(old) = old else {
        let (key, parent) = at.split_last().expect("never called at the root");
        plan.push(Insertion {
            parent: parent.to_vec(),
            key: Some(key.clone()),
            value: Value::Object(new.clone()),
        });
        return;
    };
    for (key, value) in new {
        at.push(key.clone());
        match (old.get(key), value) {
            (None, _) => plan.push(Insertion {
                parent: at[..at.len() - 1].to_vec(),
                key: Some(key.clone()),
                value: value.clone(),
            }),
            (Some(same), _) if same == value => {}
            (Some(_), Value::Object(inner)) if depth > 1 => {
                plan_map(old.get(key), inner, at, depth - 1, plan, kept)
            }
            (Some(_), _) => kept.push(pointer(at).to_string()),
        }
        at.pop();
    }
}

fn pointer(path: &[String]) -> Pointer {
    path.iter().fold(Pointer::root(), |p, s| p.push(s))
}

/// Applies one insertion to the data; returns the pointer of what was added.
fn apply(document: &mut Value, insertion: &Insertion) -> TextResult<String> {
    let mut parent = document;
    for key in &insertion.parent {
        parent = parent
            .get_mut(key)
            .expect("insertions are planned under entries the document has");
    }
    let at = pointer(&insertion.parent);
    match (&insertion.key, parent) {
        (Some(key), Value::Object(map)) => {
            map.insert(key.clone(), insertion.value.clone());
            Ok(at.push(key).to_string())
        }
        (None, Value::Array(items)) => {
            items.push(insertion.value.clone());
            let name = insertion.value.get("name").and_then(Value::as_str);
            Ok(format!("{at} (`{}`)", name.unwrap_or_default()))
        }
        (Some(_), _) => Err((at, "expected a mapping here".to_owned())),
        (None, _) => Err((at, "expected a list here".to_owned())),
    }
}

type TextResult<T> = Result<T, (Pointer, String)>;

/// Inserts each planned entry as YAML lines at the end of its parent's block.
fn insert_text(text: &str, plan: &[Insertion]) -> TextResult<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
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
