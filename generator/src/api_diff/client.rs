//! Changes to the client itself: the default base URL and the OAuth2 credential constructors.

use super::{verdict, Change, ChangeKind, Impact};
use crate::surface::Surface;

pub fn diff_client(old: &Surface, new: &Surface) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.base_url != new.base_url {
        let shown = |url: &Option<String>| url.clone().unwrap_or_else(|| "none".to_owned());
        changes.push(Change {
            kind: ChangeKind::Changed,
            item: format!(
                "DEFAULT_BASE_URL {} -> {}",
                shown(&old.base_url),
                shown(&new.base_url)
            ),
            rust: verdict(Impact::None, "same constant"),
            wire: verdict(
                Impact::Attention,
                "`Client::builder()` without `base_url` now talks to another server",
            ),
        });
    }
    for name in super::union_keys(&old.credentials, &new.credentials) {
        let item = format!("Credentials::{name}");
        let change = match (old.credentials.get(name), new.credentials.get(name)) {
            (None, Some(url)) => Change {
                kind: ChangeKind::Added,
                item: format!("{item} (token {url})"),
                rust: verdict(Impact::None, "a new constructor"),
                wire: verdict(Impact::None, "a new way to sign in"),
            },
            (Some(url), None) => Change {
                kind: ChangeKind::Removed,
                item: format!("{item} (token {url})"),
                rust: verdict(
                    Impact::Breaking,
                    "calls of the constructor no longer compile",
                ),
                wire: verdict(Impact::Breaking, "the spec no longer offers this sign-in"),
            },
            (Some(a), Some(b)) if a != b => Change {
                kind: ChangeKind::Changed,
                item: format!("{item} token {a} -> {b}"),
                rust: verdict(Impact::None, "same constructor"),
                wire: verdict(Impact::Attention, "tokens come from another URL"),
            },
            _ => continue,
        };
        changes.push(change);
    }
    changes
}
