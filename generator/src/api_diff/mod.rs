//! What a spec change means for code that calls the client: two [`Surface`]s compared item by
//! item (never text lines), each change judged for a Rust caller and for the wire, with why.
//!
//! The judgement follows how the generated code is built: structs have public fields and no
//! `#[non_exhaustive]`, derive `Default` only when every field is optional, and get `new(required
//! fields)` when they are sent; enums and tagged unions have an `Unknown` variant but are
//! exhaustive; an operation's optional parameters are a `Params` struct deriving `Default`.

mod client;
mod members;
mod operations;
mod report;

pub use report::{render_markdown, render_text};

use crate::surface::{Surface, Ty, TypeItem};

/// How much a change matters to one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    None,
    /// Compiles and works for most callers, but some code or behaviour needs a look.
    Attention,
    Breaking,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::None => "ok",
            Impact::Attention => "check",
            Impact::Breaking => "breaking",
        }
    }
}

/// An impact with the reason a reviewer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub impact: Impact,
    pub reason: String,
}

fn verdict(impact: Impact, reason: impl Into<String>) -> Verdict {
    Verdict {
        impact,
        reason: reason.into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// The client itself: base URL and credential constructors.
    Client,
    Operation(String),
    Type(String),
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Group::Client => write!(f, "client"),
            Group::Operation(name) => write!(f, "operation {name}"),
            Group::Type(name) => write!(f, "type {name}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// What changed, e.g. `field archive_tier: Option<String> ("archiveTier", optional)`.
    pub item: String,
    pub rust: Verdict,
    pub wire: Verdict,
}

impl Change {
    pub fn impact(&self) -> Impact {
        self.rust.impact.max(self.wire.impact)
    }
}

/// Every change, grouped by operation and type (operations first, each sorted by name).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub groups: Vec<(Group, Vec<Change>)>,
}

impl Report {
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        self.groups.iter().flat_map(|(_, changes)| changes)
    }

    pub fn is_breaking(&self) -> bool {
        self.changes().any(|c| c.impact() == Impact::Breaking)
    }

    /// How many changes are breaking, need attention, or neither.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for c in self.changes() {
            match c.impact() {
                Impact::Breaking => counts.0 += 1,
                Impact::Attention => counts.1 += 1,
                Impact::None => counts.2 += 1,
            }
        }
        counts
    }
}

/// Compares the surface of the old client with the new one.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut groups = Vec::new();
    let client = client::diff_client(old, new);
    if !client.is_empty() {
        groups.push((Group::Client, client));
    }
    for name in union_keys(&old.operations, &new.operations) {
        let changes =
            operations::diff_operation(name, old.operations.get(name), new.operations.get(name));
        if !changes.is_empty() {
            groups.push((Group::Operation(name.clone()), changes));
        }
    }
    for name in union_keys(&old.types, &new.types) {
        let changes = diff_type(old.types.get(name), new.types.get(name));
        if !changes.is_empty() {
            groups.push((Group::Type(name.clone()), changes));
        }
    }
    Report { groups }
}

/// Keys of either map, sorted, each once.
fn union_keys<'a, V>(
    a: &'a std::collections::BTreeMap<String, V>,
    b: &'a std::collections::BTreeMap<String, V>,
) -> std::collections::BTreeSet<&'a String> {
    a.keys().chain(b.keys()).collect()
}

fn diff_type(old: Option<&TypeItem>, new: Option<&TypeItem>) -> Vec<Change> {
    let (old, new) = match (old, new) {
        (None, Some(new)) => {
            return vec![Change {
                kind: ChangeKind::Added,
                item: new.kind.as_str().to_owned(),
                rust: verdict(Impact::None, "a new type"),
                wire: verdict(
                    Impact::None,
                    "used only where an operation or field names it",
                ),
            }]
        }
        (Some(old), None) => {
            return vec![Change {
                kind: ChangeKind::Removed,
                item: old.kind.as_str().to_owned(),
                rust: verdict(Impact::Breaking, "code naming the type no longer compiles"),
                wire: verdict(
                    Impact::None,
                    "its uses are reported with the operations and fields that change",
                ),
            }]
        }
        (Some(old), Some(new)) => (old, new),
        (None, None) => return Vec::new(),
    };
    if old.kind != new.kind || old.tag != new.tag {
        let describe = |t: &TypeItem| match &t.tag {
            Some(tag) => format!("{} (tag {tag:?})", t.kind.as_str()),
            None => t.kind.as_str().to_owned(),
        };
        return vec![Change {
            kind: ChangeKind::Changed,
            item: format!("{} -> {}", describe(old), describe(new)),
            rust: verdict(Impact::Breaking, "a different kind of type"),
            wire: verdict(Impact::Breaking, "a different JSON shape"),
        }];
    }
    let mut changes = Vec::new();
    if old.deprecated != new.deprecated {
        changes.push(deprecation(new.deprecated, "type"));
    }
    if old.default && !new.default {
        changes.push(Change {
            kind: ChangeKind::Removed,
            item: "derive(Default)".to_owned(),
            rust: verdict(
                Impact::Breaking,
                "`..Default::default()` and `default()` no longer compile",
            ),
            wire: verdict(Impact::None, "unchanged"),
        });
    }
    match (&old.constructor, &new.constructor) {
        (Some(args), None) => changes.push(Change {
            kind: ChangeKind::Removed,
            item: format!("new({})", args.join(", ")),
            rust: verdict(
                Impact::Breaking,
                "no longer sent, so no constructor: calls of `new` no longer compile",
            ),
            wire: verdict(Impact::None, "unchanged"),
        }),
        (None, Some(args)) => changes.push(Change {
            kind: ChangeKind::Added,
            item: format!("new({})", args.join(", ")),
            rust: verdict(Impact::None, "a new constructor"),
            wire: verdict(Impact::None, "unchanged"),
        }),
        _ => {}
    }
    changes.extend(members::diff_members(old, new));
    changes
}

/// Rust: breaking when callers write the type differently; wire: breaking when the JSON
/// differs, so a renamed schema breaks callers but not the wire.
fn retyped(old: &Ty, new: &Ty) -> (Verdict, Verdict) {
    if old == new {
        return (
            verdict(Impact::None, "same Rust type"),
            verdict(Impact::None, "same JSON"),
        );
    }
    let rust = verdict(
        Impact::Breaking,
        format!("was `{}`, now `{}`", old.rust, new.rust),
    );
    let wire = if old.shape == new.shape {
        verdict(Impact::None, "same JSON (a renamed type)")
    } else {
        verdict(Impact::Breaking, "a different JSON shape")
    };
    (rust, wire)
}

/// Deprecating warns callers (and fails builds that deny warnings); it changes nothing sent.
fn deprecation(now: bool, what: &str) -> Change {
    if now {
        Change {
            kind: ChangeKind::Changed,
            item: format!("{what} deprecated"),
            rust: verdict(
                Impact::Attention,
                "uses now warn (`#[deprecated]`), an error under `-D warnings`",
            ),
            wire: verdict(Impact::None, "still served; plan to move off it"),
        }
    } else {
        Change {
            kind: ChangeKind::Changed,
            item: format!("{what} no longer deprecated"),
            rust: verdict(Impact::None, "the deprecation warning goes away"),
            wire: verdict(Impact::None, "unchanged"),
        }
    }
}
