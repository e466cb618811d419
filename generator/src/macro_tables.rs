//! Lays out invocations of the runtime's table macros one entry per line.
//!
//! `string_enum!(Status { Queued = "QUEUED", .. } unknown: Unknown)` and
//! `serde_struct!(Archive { name: String = "name", .. } rest: additional_properties)` are tables a
//! reader scans down; prettyplease cannot know their grammar and fills them like prose
//! (`Queued = "QUEUED", Failed =\n "FAILED"`, `name : "name"`). This pass rewrites exactly
//! those invocations after printing; anything that does not have their shape is left as
//! prettyplease printed it.

/// Macros whose arguments are `Name { entry, entry, .. } tail`.
const TABLE_MACROS: [&str; 2] = ["string_enum", "serde_struct"];

const INDENT: &str = "    ";

pub fn lay_out(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < lines.len() {
        let relaid = invocation_end(&lines, i).and_then(|end| {
            let joined: Vec<&str> = lines[i..=end].iter().map(|l| l.trim()).collect();
            relay(&joined.join(" "), indent_of(lines[i])).map(|text| (end, text))
        });
        match relaid {
            Some((end, text)) => {
                out.push_str(&text);
                i = end + 1;
            }
            None => {
                out.push_str(lines[i]);
                out.push('\n');
                i += 1;
            }
        }
    }
    out
}

fn indent_of(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

/// The last line of a table-macro invocation statement starting at `lines[start]`.
fn invocation_end(lines: &[&str], start: usize) -> Option<usize> {
    let line = lines[start];
    let (path, _) = line.trim_start().split_once("!(")?;
    let name = path.rsplit("::").next()?;
    if !TABLE_MACROS.contains(&name)
        || !path
            .chars()
            .all(|c| c.is_alphanumeric() || "_:".contains(c))
    {
        return None;
    }
    let indent = indent_of(line);
    (start..lines.len())
        .find(|&j| indent_of(lines[j]) == indent && lines[j].trim_end().ends_with(");"))
}

/// `head!(Name { a, b } tail);` as a table, or `None` when it is not of that shape.
fn relay(invocation: &str, indent: &str) -> Option<String> {
    let (head, args) = invocation.split_once("!(")?;
    let args = args.trim_end().strip_suffix(");")?.trim();
    let open = args.find('{')?;
    let name = args[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let body = &args[open + 1..];
    let close = top_level(body).find(|&(_, c)| c == '}' || c == '{')?;
    if close.1 == '{' {
        return None;
    }
    let (inner, tail) = (&body[..close.0], body[close.0 + 1..].trim());
    if top_level(tail).any(|(_, c)| "{}".contains(c)) {
        return None;
    }
    let mut entries = Vec::new();
    let mut from = 0;
    // Commas inside a type's angle brackets (`BTreeMap<String, T>`) do not end an entry.
    let mut depth = 0i32;
    for (at, c) in top_level(inner) {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => {
                entries.push(&inner[from..at]);
                from = at + 1;
            }
            _ => {}
        }
    }
    entries.push(&inner[from..]);
    let entries: Vec<String> = entries
        .into_iter()
        .map(tidy)
        .filter(|e| !e.is_empty())
        .collect();
    let tail = tidy(tail);
    let tail = if tail.is_empty() {
        tail
    } else {
        format!(" {tail}")
    };
    let mut out = format!("{indent}{head}!({name} {{");
    if entries.is_empty() {
        out.push_str(&format!("}}{tail});\n"));
        return Some(out);
    }
    out.push('\n');
    for entry in entries {
        out.push_str(&format!("{indent}{INDENT}{entry},\n"));
    }
    out.push_str(&format!("{indent}}}{tail});\n"));
    Some(out)
}

/// The characters of `text` outside string literals, with their byte offsets.
fn top_level(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut in_string = false;
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            false
        } else if c == '"' {
            in_string = true;
            false
        } else {
            true
        }
    })
}

/// One space between tokens outside strings, none before `:` and none inside the angle
/// brackets of a type: `name : Option < Vec < T > > = "x"` -> `name: Option<Vec<T>> = "x"`.
fn tidy(text: &str) -> String {
    let mut words: Vec<&str> = Vec::new();
    let mut start = None;
    let spaces: Vec<usize> = top_level(text)
        .filter(|&(_, c)| c.is_whitespace())
        .map(|(at, _)| at)
        .collect();
    let mut next_space = spaces.iter().peekable();
    for (at, _) in text.char_indices() {
        if next_space.peek() == Some(&&at) {
            next_space.next();
            if let Some(s) = start.take() {
                words.push(&text[s..at]);
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    if let Some(s) = start {
        words.push(&text[s..]);
    }
    let mut out = String::new();
    let mut previous = "";
    for word in words {
        let glued = word == ":" || word == "<" || word.starts_with(['>', ',']) || previous == "<";
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(word);
        previous = word;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_get_one_entry_per_line() {
        let printed = "crate::runtime::string_enum!(\n    Status { Pending = \"PENDING\", Queued = \"QUEUED\", Running =\n    \"RUNNING\", } unknown : Unknown\n);\nimpl X {}\n";
        assert_eq!(
            lay_out(printed),
            "crate::runtime::string_enum!(Status {\n    Pending = \"PENDING\",\n    Queued = \"QUEUED\",\n    Running = \"RUNNING\",\n} unknown: Unknown);\nimpl X {}\n"
        );
    }

    #[test]
    fn strings_keep_their_commas_braces_and_spaces() {
        let printed = "    rt::serde_struct!(A { a_b : \"a, b } {\\\"c  d\", } rest : extra);\n";
        assert_eq!(
            lay_out(printed),
            "    rt::serde_struct!(A {\n        a_b: \"a, b } {\\\"c  d\",\n    } rest: extra);\n"
        );
    }

    #[test]
    fn types_in_tables_read_as_written() {
        let printed = "serde_struct!(\n    A { m : Option < std::collections::BTreeMap < String, Vec < T > > > =\n    \"m\" skip_none, } rest : r\n);\n";
        assert_eq!(
            lay_out(printed),
            "serde_struct!(A {\n    m: Option<std::collections::BTreeMap<String, Vec<T>>> = \"m\" skip_none,\n} rest: r);\n"
        );
    }

    #[test]
    fn empty_tables_and_other_macros_are_left_alone_or_closed() {
        assert_eq!(
            lay_out("serde_struct!(A {} rest : r);\n"),
            "serde_struct!(A {} rest: r);\n"
        );
        let other = "format!(\"{x}\");\nmy_macro!(A { a : 1 });\n";
        assert_eq!(lay_out(other), other);
    }
}
