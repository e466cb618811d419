//! "Did you mean": the known names closest to a name that matched nothing.

use indexmap::IndexSet;

const SHOWN: usize = 3;

/// `" (closest: `a`, `b`, `c`)"`, or nothing when there are no names at all.
pub(super) fn closest(wanted: &str, known: &IndexSet<&str>) -> String {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .iter()
        .map(|name| {
            (
                strsim::jaro_winkler(&wanted_lower, &name.to_lowercase()),
                *name,
            )
        })
        .collect();
    // Best first; equal scores by name, so the message does not depend on document order.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let names: Vec<String> = scored
        .iter()
        .take(SHOWN)
        .map(|(_, name)| format!("`{name}`"))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" (closest: {})", names.join(", "))
    }
}
