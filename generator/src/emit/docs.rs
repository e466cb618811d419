//! The spec's descriptions as rustdoc: readable, and clean under `RUSTDOCFLAGS=-D warnings`
//! (no doctests from indented text, no broken intra-doc links, no bare URLs, no stray HTML).

use crate::ir::{Bound, Constraints, Docs};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for the given paragraphs (already markdown), blank-line separated.
pub fn doc_attrs(paragraphs: &[String]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote!(#(#[doc = #lines])*)
}

/// [`doc_attrs`] as inner attributes: the docs of the file they open.
pub fn inner_doc_attrs(paragraphs: &[String]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote!(#(#![doc = #lines])*)
}

fn doc_lines(paragraphs: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs.iter().filter(|p| !p.trim().is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(p.lines().map(|l| l.trim_end().to_owned()));
    }
    lines
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect()
}

/// Title and description of a schema, parameter or operation as markdown paragraphs.
pub fn paragraphs(docs: &Docs) -> Vec<String> {
    let mut out = Vec::new();
    let description = docs.description.as_deref().map(markdown);
    if let Some(title) = &docs.title {
        let repeated = description
            .as_deref()
            .is_some_and(|d| d.starts_with(title.as_str()));
        if !repeated {
            out.push(markdown(title));
        }
    }
    out.extend(description);
    if let Some(url) = &docs.external_url {
        out.push(format!("See <{url}>."));
    }
    out
}

/// Escapes what rustdoc would misread, outside code spans and fences.
pub fn markdown(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Width of the open list item's marker: its continuation lines are indented by it.
    let mut list_indent = 0;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // An unlabelled fence would be compiled as a doctest.
            let label = trimmed.strip_prefix("```").unwrap_or_default();
            out.push(if in_fence || !label.is_empty() {
                format!("```{label}")
            } else {
                "```text".to_owned()
            });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        if trimmed.is_empty() {
            list_indent = 0;
            out.push(String::new());
        } else if let Some(width) = list_marker_width(trimmed) {
            list_indent = width;
            out.push(escape_line(trimmed));
        } else {
            // Other indentation would make an (uncompilable) indented code block.
            out.push(format!(
                "{}{}",
                " ".repeat(list_indent),
                escape_line(trimmed)
            ));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n").trim().to_owned()
}

/// `- `, `* `, `+ ` or `12. ` at the start of a line: the marker's width.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            // Code span: copy verbatim up to the closing backtick.
            match after.find('`') {
                Some(end) => {
                    out.push_str(&rest[..end + 2]);
                    rest = &after[end + 1..];
                }
                None => {
                    out.push_str("\\`");
                    rest = after;
                }
            }
            continue;
        }
        if let Some((text, url, len)) = markdown_link(rest) {
            if url.starts_with("http://") || url.starts_with("https://") {
                out.push('[');
                out.push_str(&escape_text(text));
                out.push_str("](");
                out.push_str(url);
                out.push(')');
            } else {
                // Anchors into the vendor's docs site mean nothing in rustdoc.
                out.push_str(&escape_text(text));
            }
            rest = &rest[len..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == '>' || c == '"' || c == '\'')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        push_escaped(&mut out, c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| push_escaped(&mut out, c));
    out
}

/// One character of text, escaped (in one pass: this runs on every character of every doc).
fn push_escaped(out: &mut String, c: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '[' => out.push_str("\\["),
        ']' => out.push_str("\\]"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        c => out.push(c),
    }
}

/// `[text](url)` at the start of `s`: (text, url, bytes consumed).
fn markdown_link(s: &str) -> Option<(&str, &str, usize)> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']')?;
    let after = inner[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let url = &after[..end];
    if url.contains(char::is_whitespace) {
        return None;
    }
    Some((&inner[..close], url, 1 + close + 2 + end + 1))
}

/// Inline code for a value that may itself contain backticks.
pub fn code(value: &str) -> String {
    if value.contains('`') {
        format!("`` {value} ``")
    } else {
        format!("`{value}`")
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One line listing constraints, default, format and access of a field or parameter.
pub fn facts(
    constraints: &Constraints,
    default: Option<&serde_json::Value>,
    format: Option<&str>,
) -> Option<String> {
    let mut parts = Vec::new();
    let bound = |word: &str, b: &Bound| {
        let strict = if b.exclusive { " (exclusive)" } else { "" };
        format!("{word} {}{strict}", number(b.value))
    };
    if let Some(f) = format {
        parts.push(format!("Format: {}", code(f)));
    }
    if let Some(p) = &constraints.pattern {
        parts.push(format!("Pattern: {}", code(p)));
    }
    if let Some(b) = &constraints.minimum {
        parts.push(bound("Minimum:", b));
    }
    if let Some(b) = &constraints.maximum {
        parts.push(bound("Maximum:", b));
    }
    let range = |what: &str, min: Option<usize>, max: Option<usize>| match (min, max) {
        (Some(a), Some(b)) => Some(format!("{what}: {a} to {b}")),
        (Some(a), None) => Some(format!("{what}: at least {a}")),
        (None, Some(b)) => Some(format!("{what}: at most {b}")),
        (None, None) => None,
    };
    parts.extend(range(
        "Length",
        constraints.min_length,
        constraints.max_length,
    ));
    parts.extend(range("Items", constraints.min_items, constraints.max_items));
    if constraints.unique_items {
        parts.push("Items are unique".to_owned());
    }
    if !constraints.allowed.is_empty() {
        let values: Vec<String> = constraints
            .allowed
            .iter()
            .map(|v| code(&v.to_string()))
            .collect();
        parts.push(format!("One of: {}", values.join(", ")));
    }
    if let Some(items) = &constraints.items {
        if let Some(inner) = facts(items, None, None) {
            parts.push(format!(
                "Each item: {}",
                lowercase_first(inner.trim_end_matches('.'))
            ));
        }
    }
    if let Some(values) = &constraints.values {
        if let Some(inner) = facts(values, None, None) {
            parts.push(format!(
                "Each value: {}",
                lowercase_first(inner.trim_end_matches('.'))
            ));
        }
    }
    if let Some(d) = default {
        let shown = match d {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        parts.push(format!("Default: {}", code(&shown)));
    }
    (!parts.is_empty()).then(|| parts.join(". ") + ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rustdoc_misreads() {
        assert_eq!(
            markdown("see [a] and <b> at https://x.io/y."),
            "see \\[a\\] and &lt;b&gt; at <https://x.io/y>."
        );
        assert_eq!(
            markdown("use [/groups](#tag/Projects) or [docs](https://d.io)"),
            "use /groups or [docs](https://d.io)"
        );
        assert_eq!(
            markdown("keep `Vec<T>` and `[x]`"),
            "keep `Vec<T>` and `[x]`"
        );
        assert_eq!(
            markdown("    indented\n```\nfn x\n```"),
            "indented\n```text\nfn x\n```"
        );
    }
}
