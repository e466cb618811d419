//! How long generation takes: the nine-operation Atlas spec (what `cargo xtask codegen` does)
//! and the whole upstream Atlas spec (454 operations, 824 schemas), parse to formatted files,
//! with each stage alone for the upstream spec (and the selection pass, `slice`).
//!
//! `cargo bench -p generator`

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn read(relative: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).ok()
}

fn bench(c: &mut Criterion) {
    let options = generator::Options::new("spec.yaml");
    let atlas = read("../spec/atlas-admin-v2.yaml").expect("the workspace spec");
    c.bench_function("generate/atlas-9-operations", |b| {
        b.iter(|| generator::generate(black_box(&atlas), &options).unwrap())
    });
    let Some(upstream) = read("../../shared/reference/atlas-admin-api-v2-2025-06-30.yaml") else {
        eprintln!("upstream spec not found beside the checkout: skipping the upstream benchmarks");
        return;
    };
    let mut group = c.benchmark_group("upstream");
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| generator::load::parse(black_box(&upstream), "spec").unwrap())
    });
    let spec = generator::load::parse(&upstream, "spec").unwrap();
    group.bench_function("resolve", |b| {
        b.iter(|| {
            generator::resolve::resolve(black_box(&spec), &options, &Default::default()).unwrap()
        })
    });
    // The selection pass alone, on the plain document: the nine operations of spec/.
    let document = generator::load::parse_document(&upstream, "spec").unwrap();
    let nine = generator::slice::Selection::operations([
        "listFlexBackups",
        "deleteAllCustomZoneMappings",
        "createOnlineArchive",
        "getOnlineArchive",
        "updateOrganizationInvitation",
        "getPrivateEndpoint",
        "listApiKeyAccessListsEntries",
        "updateProjectInvitationById",
        "createStreamProcessor",
    ]);
    group.bench_function("slice-9-operations", |b| {
        b.iter(|| generator::slice::slice(black_box(&document), &nine).unwrap())
    });
    group.bench_function("generate", |b| {
        b.iter(|| generator::generate(black_box(&upstream), &options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
