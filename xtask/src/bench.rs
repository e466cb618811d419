//! `cargo xtask bench [--no-build]`: what generation and the generated client cost, printed
//! side by side for the nine-operation spec and the whole upstream Atlas spec.
//!
//! Stage times are the median of several in-process runs (emitting and formatting are one
//! stage: each thread formats the files it emits; the whole generation also renders `API.txt`
//! beside them and runs the shape check, so it is not the sum of the rows); peak memory is read from a fresh
//! child process per spec (`VmHWM`), so one measurement never inherits another's heap. The
//! client's `cargo check` and `cargo build` are timed on a crate generated under
//! `target/bench-client/`, its dependencies built once beforehand, so only the client crate
//! itself is compiled cold. Numbers depend on the machine and its load: `uptime` is printed.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use xtask::workspace_root;

const UPSTREAM: &str = "../shared/reference/atlas-admin-api-v2-2025-06-30.yaml";
const RUNS: usize = 5;
/// Hidden subcommand: generate once and print this process's peak resident memory.
pub const PEAK_COMMAND: &str = "__bench-peak";

pub fn main(args: &[String]) -> ExitCode {
    if cfg!(debug_assertions) {
        // Figures of an unoptimised generator mean nothing: run the release build instead.
        let status = Command::new(env!("CARGO"))
            .args([
                "run",
                "--quiet",
                "--release",
                "--package",
                "xtask",
                "--",
                "bench",
            ])
            .args(args)
            .current_dir(workspace_root())
            .status();
        return match status {
            Ok(s) if s.success() => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        };
    }
    let build = !args.iter().any(|a| a == "--no-build");
    let root = workspace_root();
    let specs = [
        ("nine operations", root.join(xtask::DEFAULT_SPEC)),
        ("upstream (454 ops)", root.join(UPSTREAM)),
    ];
    println!("load: {}", uptime());
    println!("generation (median of {RUNS} runs, release build):");
    println!("{:<22}{:>20}{:>20}", "", specs[0].0, specs[1].0);
    let figures: Vec<Option<Figures>> = specs.iter().map(|(_, p)| measure(p)).collect();
    type Row = (&'static str, fn(&Figures) -> String);
    let rows: [Row; 9] = [
        ("parse", |f| ms(f.parse)),
        ("resolve", |f| ms(f.resolve)),
        ("emit+format", |f| ms(f.emit_format)),
        ("API.txt", |f| ms(f.surface)),
        ("whole generation", |f| ms(f.whole)),
        ("peak memory", |f| f.peak.clone()),
        ("files", |f| f.files.to_string()),
        ("generated lines", |f| f.lines.to_string()),
        ("largest file", |f| {
            format!("{} ({})", f.largest.1, f.largest.0)
        }),
    ];
    for (label, show) in rows {
        let cells: Vec<String> = figures
            .iter()
            .map(|f| f.as_ref().map_or("(spec missing)".to_owned(), show))
            .collect();
        println!("{label:<22}{:>20}{:>20}", cells[0], cells[1]);
    }
    if build && specs[1].1.exists() {
        println!("\nthe upstream client, its dependencies already built:");
        if let Err(e) = client_builds(&specs[1].1) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

struct Figures {
    parse: Duration,
    resolve: Duration,
    /// One stage: each thread formats the files it emits (tokens cannot change threads).
    emit_format: Duration,
    surface: Duration,
    whole: Duration,
    peak: String,
    files: usize,
    lines: usize,
    largest: (String, usize),
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed(), value)
}

fn measure(spec: &Path) -> Option<Figures> {
    let text = std::fs::read_to_string(spec).ok()?;
    let options = generator::Options::new("spec.yaml");
    let mut stages = vec![Vec::new(); 5];
    let mut files = None;
    for _ in 0..RUNS {
        let (parse, openapi) = timed(|| generator::load::parse(&text, "spec.yaml").unwrap());
        let (resolve, ir) = timed(|| {
            let warnings = generator::diagnostics::Warnings::default();
            generator::resolve::resolve(&openapi, &options, &warnings).unwrap()
        });
        let (emit_format, _) =
            timed(|| generator::format::emit_files(&ir, &options, "// bench\n").unwrap());
        let (surface, _) = timed(|| generator::surface::file(&ir, "// bench\n"));
        let (whole, out) = timed(|| generator::generate(&text, &options).unwrap());
        for (i, d) in [parse, resolve, emit_format, surface, whole]
            .into_iter()
            .enumerate()
        {
            stages[i].push(d);
        }
        files = Some(out);
    }
    let files = files.expect("at least one run");
    let mut stages = stages.into_iter().map(median);
    let mut next = || stages.next().expect("five stages");
    let lines: Vec<(String, usize)> = files
        .files
        .iter()
        .map(|f| (f.path.clone(), f.contents.lines().count()))
        .collect();
    Some(Figures {
        parse: next(),
        resolve: next(),
        emit_format: next(),
        surface: next(),
        whole: next(),
        peak: peak_in_child(spec),
        files: lines.len(),
        lines: lines.iter().map(|l| l.1).sum(),
        largest: lines.into_iter().max_by_key(|l| l.1).unwrap_or_default(),
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The `__bench-peak` child: one generation, then `VmHWM` from `/proc/self/status`.
pub fn peak(args: &[String]) -> ExitCode {
    let Some(spec) = args.first() else {
        return ExitCode::from(2);
    };
    let Ok(text) = std::fs::read_to_string(spec) else {
        return ExitCode::FAILURE;
    };
    let files = generator::generate(&text, &generator::Options::new("spec.yaml"));
    std::hint::black_box(&files);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    match status.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
        Some(hwm) => println!("{}", hwm.trim()),
        None => println!("n/a"),
    }
    ExitCode::SUCCESS
}

fn peak_in_child(spec: &Path) -> String {
    let out = std::env::current_exe()
        .and_then(|exe| Command::new(exe).arg(PEAK_COMMAND).arg(spec).output());
    match out {
        Ok(o) if o.status.success() => {
            let kb: Option<u64> = String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok());
            kb.map_or("n/a".to_owned(), |kb| format!("{} MB", kb / 1024))
        }
        _ => "n/a".to_owned(),
    }
}

fn uptime() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().take(3).collect();
            format!(
                "load average {} on {} cores",
                parts.join(" "),
                std::thread::available_parallelism().map_or(0, |n| n.get())
            )
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Generates the upstream client into `target/bench-client/`, builds its dependencies, then
/// times a cold `cargo check` and `cargo build` of the client crate alone.
fn client_builds(spec: &Path) -> Result<(), String> {
    let root = workspace_root();
    let dir = root.join("target/bench-client");
    let files = xtask::generate(spec, &root).map_err(|e| e.to_string())?;
    let generated = dir.join("src/generated");
    xtask::write_all(&files, &generated).map_err(|e| e.to_string())?;
    let runtime = root.join("generated-client/src/runtime/mod.rs");
    let lib = format!(
        "//! The upstream Atlas client, for `cargo xtask bench`.\n#[path = {:?}]\npub mod runtime;\n#[rustfmt::skip]\npub mod generated;\npub use runtime::*;\n",
        runtime.display().to_string()
    );
    write(&dir.join("src/lib.rs"), &lib)?;
    write(&dir.join("Cargo.toml"), &manifest(&root)?)?;
    // The workspace's versions, so the dependencies are the ones the client is tested with.
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| e.to_string())?;
    write(&dir.join("Cargo.lock"), &lock)?;
    let target = dir.join("target");
    let cargo = |args: &[&str]| -> Result<(Duration, String), String> {
        let mut cmd = match Path::new("/usr/bin/time").exists() {
            true => {
                let mut c = Command::new("/usr/bin/time");
                c.args(["-f", "%M"]).arg(env!("CARGO"));
                c
            }
            false => Command::new(env!("CARGO")),
        };
        cmd.args(args)
            .arg("--quiet")
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target);
        let (elapsed, out) = timed(|| cmd.output());
        let out = out.map_err(|e| e.to_string())?;
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if !out.status.success() {
            return Err(format!("cargo {} failed:\n{stderr}", args.join(" ")));
        }
        let peak = stderr
            .lines()
            .last()
            .and_then(|l| l.trim().parse::<u64>().ok())
            .map_or("n/a".to_owned(), |kb| format!("{} MB", kb / 1024));
        Ok((elapsed, peak))
    };
    // Dependencies once, for check (metadata) and build; then the client alone, cold.
    cargo(&["check"])?;
    cargo(&["build"])?;
    for (what, args) in [("cargo check", ["check"]), ("cargo build", ["build"])] {
        cargo(&["clean", "--package", "atlas_bench_client"])?;
        let (elapsed, peak) = cargo(&args)?;
        println!(
            "{what:<22}{:>20}{:>20}",
            format!("{:.1} s", elapsed.as_secs_f64()),
            format!("peak {peak}")
        );
    }
    println!("{:<22}{:>20}", "", uptime());
    Ok(())
}

fn write(path: &PathBuf, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The client crate's manifest with generated-client's dependencies, in a workspace of its own.
fn manifest(root: &Path) -> Result<String, String> {
    let path = root.join("generated-client/Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = text
        .find("[dependencies]")
        .ok_or("generated-client has no [dependencies]")?;
    let deps = &text[start..];
    let deps = &deps[..deps[1..].find("\n[").map_or(deps.len(), |i| i + 1)];
    Ok(format!(
        "[package]\nname = \"atlas_bench_client\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n{deps}\n[workspace]\n"
    ))
}
