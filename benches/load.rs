//! Loading and lookups: `cargo bench --bench load`.
//!
//! The 1,000,000-edge measurement lives in `examples/synthetic.rs` (one run takes
//! seconds, too long to repeat here); these cover the bundled data set and a
//! 10,000-edge graph.

#[path = "../examples/support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;

use agencygraph::Graph;
use agencygraph::store::to_canonical_ron;
use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    c.bench_function("bundled", |b| b.iter(Graph::bundled));

    let text = to_canonical_ron(&synthetic::dataset(1_000, 10_000, 42));
    c.bench_function("from_ron_str 1k nodes 10k edges", |b| {
        b.iter(|| Graph::from_ron_str(black_box(&text)).unwrap())
    });
}

fn lookups(c: &mut Criterion) {
    let graph = Graph::bundled();
    c.bench_function("resolve exact", |b| {
        b.iter(|| graph.resolve(black_box("un action")).unwrap())
    });
    c.bench_function("resolve unknown with suggestions", |b| {
        b.iter(|| graph.resolve(black_box("unodcc")).unwrap_err())
    });
    c.bench_function("relations of WFP", |b| {
        b.iter(|| graph.relations(black_box("WFP")))
    });
}

criterion_group!(benches, load, lookups);
criterion_main!(benches);
