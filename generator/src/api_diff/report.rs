//! The report as plain text (a terminal) or Markdown (a pull-request comment): a summary line
//! first, then each operation and type with its changes.

use super::{Group, Impact, Report, Verdict};
use std::fmt::Write;

fn summary(report: &Report) -> String {
    let (breaking, attention, compatible) = report.counts();
    if breaking + attention + compatible == 0 {
        return "No API changes.".to_owned();
    }
    format!("API changes: {breaking} breaking, {attention} to check, {compatible} compatible.")
}

fn label(impact: Impact) -> &'static str {
    match impact {
        Impact::Breaking => "BREAKING",
        Impact::Attention => "check",
        Impact::None => "ok",
    }
}

pub fn render_text(report: &Report) -> String {
    let mut out = summary(report);
    out.push('\n');
    for (group, changes) in &report.groups {
        let _ = writeln!(out, "\n{group}");
        for c in changes {
            let _ = writeln!(out, "  {} {}", c.kind.as_str(), c.item);
            for (side, v) in [("Rust", &c.rust), ("wire", &c.wire)] {
                let _ = writeln!(out, "    {side}: {:<8} {}", label(v.impact), v.reason);
            }
        }
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn verdict_cell(v: &Verdict) -> String {
    let label = match v.impact {
        Impact::Breaking => "**breaking**",
        other => other.as_str(),
    };
    format!("{label}: {}", cell(&v.reason))
}

pub fn render_markdown(report: &Report) -> String {
    let mut out = format!("**{}**\n", summary(report));
    for (group, changes) in &report.groups {
        let heading = match group {
            Group::Client => "client".to_owned(),
            Group::Operation(name) => format!("operation `{name}`"),
            Group::Type(name) => format!("type `{name}`"),
        };
        let _ = writeln!(out, "\n#### {heading}\n");
        out.push_str("| change | item | Rust caller | wire |\n| --- | --- | --- | --- |\n");
        for c in changes {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                c.kind.as_str(),
                cell(&c.item),
                verdict_cell(&c.rust),
                verdict_cell(&c.wire)
            );
        }
    }
    out
}
