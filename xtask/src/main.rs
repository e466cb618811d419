mod bench;

use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{stale_files, workspace_root, write_all, DEFAULT_SPEC, OUTPUT_DIR};

const HELP: &str = "\
Usage: cargo xtask codegen [--spec PATH] [--overlay FILE]... [--out DIR] [--check]
                           [--deny-warnings] [--operations IDS] [--tags TAGS]
       cargo xtask api-diff OLD NEW [--format text|markdown] [--fail-on-breaking]
       cargo xtask slice --help
       cargo xtask bench [--no-build]

Regenerates generated-client/src/generated/ from an OpenAPI 3.0 or 3.1 document, after
applying the Overlay 1.0 documents in the overlays/ directory beside it (spec/overlays/ for
the default spec) in file-name order.

Options:
  --spec PATH       the OpenAPI document (YAML or JSON) [default: spec/atlas-admin-v2.yaml]
  --overlay FILE    one more overlay, applied after those beside the spec (repeatable, in
                    order)
  --out DIR         where the module tree goes [default: generated-client/src/generated]
  --check           change nothing; fail, naming the stale files, if the checked-in code
                    differs from what the spec generates
  --deny-warnings   treat warnings (constructs generated in a weaker form) as errors:
                    exit 1 and write nothing
  --operations IDS, --tags TAGS
                    generate only these operations (comma-separated operationIds, or
                    every operation with one of these tags; both: the union) and what
                    they use
  -h, --help        print this help

Errors and warnings are printed one per line on stderr:
  error: <spec>: <JSON pointer>: <message>
  warning: <spec>: <JSON pointer>: <message>

`bench` prints generation times, peak memory and output size for the nine-operation and the
upstream spec, and (unless --no-build) the upstream client's cargo check and build times.
";

struct Args {
    spec: PathBuf,
    overlays: Vec<PathBuf>,
    out: PathBuf,
    check: bool,
    deny_warnings: bool,
    selection: Option<generator::slice::Selection>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    match args.next().as_deref() {
        Some("codegen") => {}
        Some("-h" | "--help") | None => return Ok(None),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let mut parsed = Args {
        spec: workspace_root().join(DEFAULT_SPEC),
        overlays: Vec::new(),
        out: workspace_root().join(OUTPUT_DIR),
        check: false,
        deny_warnings: false,
        selection: None,
    };
    while let Some(arg) = args.next() {
        if xtask::slice::selection_flag(&arg, &mut args, &mut parsed.selection)? {
            continue;
        }
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--deny-warnings" => parsed.deny_warnings = true,
            "--spec" => parsed.spec = args.next().ok_or("--spec needs a path")?.into(),
            "--out" => parsed.out = args.next().ok_or("--out needs a directory")?.into(),
            "--overlay" => parsed
                .overlays
                .push(args.next().ok_or("--overlay needs a file")?.into()),
            "-h" | "--help" => return Ok(None),
            other => match other.strip_prefix("--spec=") {
                Some(path) => parsed.spec = path.into(),
                None => return Err(format!("unknown argument `{other}`")),
            },
        }
    }
    Ok(Some(parsed))
}

fn run(args: Args) -> Result<ExitCode, String> {
    let root = workspace_root();
    let files = xtask::generate_selected(
        &args.spec,
        &args.overlays,
        &root,
        args.deny_warnings,
        args.selection,
    )
    .map_err(|e| e.to_string())?;
    let source = xtask::display_name(&args.spec, &root);
    for warning in &files.warnings {
        eprintln!("warning: {source}: {warning}");
    }
    let out_dir = args.out;
    let shown = xtask::display_name(&out_dir, &root);
    if args.check {
        let stale = stale_files(&files, &out_dir, &shown);
        if stale.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("error: the generated client is stale:");
        for s in &stale {
            eprintln!("  {} {}", s.path, s.reason);
        }
        eprintln!("run `cargo xtask codegen` and commit the result");
        return Ok(ExitCode::FAILURE);
    }
    let changed = write_all(&files, &out_dir).map_err(|e| e.to_string())?;
    let verb = if changed { "wrote" } else { "unchanged:" };
    println!("{verb} {} files in {shown}", files.files.len());
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench") => return bench::main(&args[1..]),
        Some(bench::PEAK_COMMAND) => return bench::peak(&args[1..]),
        _ => {}
    }
    let mut args = args.into_iter().peekable();
    if args.next_if(|a| a == "api-diff").is_some() {
        return xtask::api_diff::main(args);
    }
    if args.peek().map(String::as_str) == Some("slice") {
        return xtask::slice::main(args.skip(1));
    }
    match parse_args(args) {
        Ok(None) => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Ok(Some(args)) => run(args).unwrap_or_else(|message| {
            // Several errors come one per line; each gets its prefix.
            for line in message.lines() {
                eprintln!("error: {line}");
            }
            ExitCode::FAILURE
        }),
        Err(message) => {
            eprintln!("error: {message}\n\n{HELP}");
            ExitCode::from(2)
        }
    }
}
