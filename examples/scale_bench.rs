//! How opening, loading, memory and the twelve benchmark questions grow with the graph:
//! synthetic graphs of 10,000, 100,000 and 1,000,000 edges (a tenth as many nodes, one
//! evidence quote per edge), one table.
//!
//! ```sh
//! cargo build --release --bin agencygraph --example scale_bench
//! target/release/examples/scale_bench            # 10k, 100k and 1M edges
//! target/release/examples/scale_bench 10000      # only the sizes named
//! ```
//!
//! Each graph is written once as one RON file under the system's temporary directory
//! (`agencygraph-scale-EDGES/graph.ron`, kept for the next run). Every measurement that
//! reads memory runs in a child process of its own (this program, `child MODE DIR`), so
//! one phase's peak (`VmHWM`) or freed-but-kept memory does not leak into the next:
//!
//! - *open, whole process*: `agencygraph who N-0 --graph DIR`, wall time, median of
//!   three, with the snapshot (after a first run has written it) and without it
//!   (`AGENCYGRAPH_NO_SNAPSHOT=1`); it needs `target/release/agencygraph` built.
//! - *load from RON* and *open from the snapshot*: [`Graph::load`] and [`Graph::open`] in
//!   process, with the peak resident set of the process.
//! - *bytes per edge*: the heap bytes the program holds after loading less those before,
//!   over the edges (counted by a global allocator that wraps the system's: resident
//!   memory would also count what the allocator keeps of the parse's freed blocks); then
//!   again once the first query has built the traversal index.
//! - times in process are wall time with the process's CPU time beside it, which grows
//!   less when other work shares the machine.
//! - the questions: median of repeated runs (at least three, up to 21 or half a second),
//!   parse included.

#[path = "support/process.rs"]
mod process;
#[path = "support/synthetic.rs"]
mod synthetic;
#[path = "support/timing.rs"]
mod timing;

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use agencygraph::Graph;
use agencygraph::cypher::eval::{Params, ResultValue};
use agencygraph::cypher::value::Value;
use agencygraph::store::to_canonical_ron;
use process::{cpu_seconds, status_mb};

/// The system's allocator, counting the bytes held.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system's allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises about `layout` are the system allocator's.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            HELD.fetch_add(layout.size(), Relaxed);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` came from `alloc` or `realloc` above, with this layout.
        unsafe { System.dealloc(block, layout) };
        HELD.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; the new size is the caller's.
        let moved = unsafe { System.realloc(block, layout, size) };
        if !moved.is_null() {
            HELD.fetch_add(size, Relaxed);
            HELD.fetch_sub(layout.size(), Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The twelve questions: name and query. The synthetic graph gives node `N-i` the kind
/// `i mod 5` (0 an agency, `UnEntity`), so `N-40` is an agency at every size; every node has about
/// twenty relations at every size. `$hub` is the node with the most members (the top
/// of the MEMBER_OF in-degree), found before the questions are timed.
const QUESTIONS: [(&str, &str); 12] = [
    (
        "out-neighbours of an agency",
        "MATCH ({id: 'N-40'})-->(b) RETURN b.id",
    ),
    (
        "neighbours both ways",
        "MATCH ({id: 'N-40'})--(b) RETURN DISTINCT b.id",
    ),
    (
        "direct members of the hub",
        "MATCH (m)-[:MEMBER_OF]->({id: $hub}) RETURN m.id",
    ),
    (
        "MEMBER_OF*1..3 from an agency",
        "MATCH ({id: 'N-40'})-[:MEMBER_OF*1..3]->(x) RETURN count(DISTINCT x)",
    ),
    (
        "PART_OF*1..3 into the hub",
        "MATCH (x)-[:PART_OF*1..3]->({id: $hub}) RETURN count(DISTINCT x)",
    ),
    (
        "undirected shortest path",
        "MATCH p = shortestPath(({id: 'N-17'})-[*]-({id: 'N-991'})) RETURN length(p)",
    ),
    (
        "count per type",
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY n DESC",
    ),
    (
        "top-10 MEMBER_OF in-degree",
        "MATCH (m)<-[:MEMBER_OF]-() WITH m, count(*) AS n ORDER BY n DESC, m.id LIMIT 10 RETURN m.id, n",
    ),
    (
        "distinct co-members",
        "MATCH ({id: 'N-40'})-[:MEMBER_OF]->()<-[:MEMBER_OF]-(o) RETURN count(DISTINCT o)",
    ),
    (
        "nodes per label",
        "MATCH (n) RETURN labels(n) AS label, count(*) AS n ORDER BY n DESC",
    ),
    (
        "label scan, filter, count",
        "MATCH (n:Mechanism) WHERE n.name ENDS WITH '7' RETURN count(*)",
    ),
    (
        "distinct two-hop reach",
        "MATCH ({id: 'N-40'})-->()-->(c) RETURN count(DISTINCT c)",
    ),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, dir] = args.as_slice()
        && let Some(mode) = mode.strip_prefix("child-")
    {
        return child(mode, Path::new(dir));
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        match args.iter().map(|a| a.parse()).collect() {
            Ok(sizes) => sizes,
            Err(_) => {
                eprintln!("usage: scale_bench [EDGES...]");
                return ExitCode::from(2);
            }
        }
    };
    let mut columns = Vec::new();
    for &edges in &sizes {
        match measure(edges) {
            Ok(column) => columns.push(column),
            Err(error) => {
                eprintln!("{edges} edges: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    print_table(&sizes, &columns);
    ExitCode::SUCCESS
}

/// One size's figures, by row name, already formatted.
type Column = BTreeMap<String, String>;

/// The rows of the table, in order: (key a measurement is stored under, what it is).
fn rows() -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = [
        ("file", "RON file"),
        (
            "process-snapshot",
            "`who N-0 --graph DIR`, whole process, snapshot",
        ),
        (
            "process-ron",
            "`who N-0 --graph DIR`, whole process, no snapshot",
        ),
        ("open-time", "`Graph::open`, from the snapshot (CPU)"),
        ("open-peak", "peak memory of that open"),
        ("load-time", "`Graph::load`, from RON (CPU)"),
        ("load-peak", "peak memory of that load"),
        (
            "open-bytes",
            "heap bytes per edge, graph opened from the snapshot",
        ),
        ("load-bytes", "heap bytes per edge, graph loaded from RON"),
        (
            "load-resident",
            "resident bytes per edge, graph loaded from RON",
        ),
        ("index-bytes", "… and with the traversal index"),
    ]
    .map(|(key, name)| (key.to_string(), name.to_string()))
    .into();
    rows.extend(
        QUESTIONS
            .iter()
            .map(|(name, _)| (format!("q:{name}"), name.to_string())),
    );
    rows
}

fn print_table(sizes: &[usize], columns: &[Column]) {
    print!("| |");
    for edges in sizes {
        print!(" {} edges |", thousands(*edges));
    }
    print!("\n|---|");
    for _ in sizes {
        print!("---:|");
    }
    println!();
    for (key, name) in rows() {
        print!("| {name} |");
        for column in columns {
            print!(" {} |", column.get(&key).map_or("–", String::as_str));
        }
        println!();
    }
}

fn thousands(n: usize) -> String {
    match n {
        n if n >= 1_000_000 && n.is_multiple_of(1_000_000) => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n.is_multiple_of(1_000) => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// Writes the graph of `edges` edges if it is not there yet, then measures it.
fn measure(edges: usize) -> Result<Column, String> {
    let dir = std::env::temp_dir().join(format!("agencygraph-scale-{edges}"));
    let file = dir.join("graph.ron");
    if !file.exists() {
        eprintln!("writing {}", file.display());
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let text = to_canonical_ron(&synthetic::dataset(edges / 10, edges, 42));
        // Written beside and renamed, so an interrupted run leaves no half file.
        let partial = dir.join("graph.ron.partial");
        std::fs::write(&partial, text).map_err(|e| e.to_string())?;
        std::fs::rename(&partial, &file).map_err(|e| e.to_string())?;
    }
    let mut column = Column::new();
    let size = std::fs::metadata(&file).map_err(|e| e.to_string())?.len();
    column.insert("file".into(), format!("{:.1} MB", size as f64 / 1e6));
    eprintln!("{edges} edges: loading from RON");
    column.extend(run_child("load", &dir, true)?);
    // The first open writes the snapshot; the second is the one measured.
    eprintln!("{edges} edges: opening twice");
    run_child("open", &dir, false)?;
    column.extend(run_child("open", &dir, false)?);
    if let Some(program) = program() {
        eprintln!("{edges} edges: whole processes");
        for (key, no_snapshot) in [("process-ron", true), ("process-snapshot", false)] {
            let mut times = Vec::new();
            for _ in 0..3 {
                let mut command = Command::new(&program);
                command.args(["who", "N-0", "--graph"]).arg(&dir);
                if no_snapshot {
                    command.env("AGENCYGRAPH_NO_SNAPSHOT", "1");
                }
                let started = Instant::now();
                let output = command.output().map_err(|e| e.to_string())?;
                times.push(started.elapsed());
                if !output.status.success() {
                    return Err(String::from_utf8_lossy(&output.stderr).into_owned());
                }
            }
            column.insert(key.into(), format_duration(timing::median(times)));
        }
    }
    Ok(column)
}

/// `target/release/agencygraph`, beside this example's directory, if it was built.
fn program() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let program = exe.parent()?.parent()?.join("agencygraph");
    if program.exists() {
        Some(program)
    } else {
        eprintln!("{} is not built: no whole-process rows", program.display());
        None
    }
}

/// Runs this program as `child-MODE DIR` and reads back its `key\tvalue` lines.
fn run_child(mode: &str, dir: &Path, no_snapshot: bool) -> Result<Column, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = Command::new(exe);
    command.arg(format!("child-{mode}")).arg(dir);
    if no_snapshot {
        command.env("AGENCYGRAPH_NO_SNAPSHOT", "1");
    }
    // Its messages (the questions' row counts, failures) go straight to ours.
    command.stderr(std::process::Stdio::inherit());
    let output = command.output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("the child measuring {mode} failed"));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect())
}

/// One measurement in a process of its own: `load` (from RON, then the questions) or
/// `open` (from the snapshot when there is one).
fn child(mode: &str, dir: &Path) -> ExitCode {
    let (before, resident) = (HELD.load(Relaxed), status_mb("VmRSS:").unwrap_or(f64::NAN));
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let loaded = if mode == "load" {
        Graph::load(dir)
    } else {
        Graph::open(dir)
    };
    let (elapsed, cpu) = (started.elapsed(), cpu_seconds() - cpu);
    let graph = match loaded {
        Ok(graph) => graph,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let peak = status_mb("VmHWM:").unwrap_or(f64::NAN);
    let per_edge =
        |after: usize| after.saturating_sub(before) as f64 / graph.edge_count().max(1) as f64;
    println!("{mode}-time\t{} ({cpu:.2} s)", format_duration(elapsed));
    println!("{mode}-peak\t{peak:.0} MB");
    println!("{mode}-bytes\t{:.0} B", per_edge(HELD.load(Relaxed)));
    let resident = status_mb("VmRSS:").unwrap_or(f64::NAN) - resident;
    println!(
        "{mode}-resident\t{:.0} B",
        resident * 1024.0 * 1024.0 / graph.edge_count().max(1) as f64
    );
    if mode != "load" {
        return ExitCode::SUCCESS;
    }
    let mut params = Params::new();
    // The first query builds the traversal index, and finds the hub.
    let hub = match graph.query(
        "MATCH (m)<-[:MEMBER_OF]-() WITH m, count(*) AS n ORDER BY n DESC, m.id LIMIT 1 RETURN m.id",
        &params,
    ) {
        Ok(result) => match result.rows.first().and_then(|row| row.first()) {
            Some(ResultValue::String(id)) => id.clone(),
            _ => String::new(),
        },
        Err(error) => {
            eprintln!("the first query failed: {error}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("  the hub: {hub}");
    params.insert("hub".to_string(), Value::String(hub));
    println!("index-bytes\t{:.0} B", per_edge(HELD.load(Relaxed)));
    for (name, text) in QUESTIONS {
        let budget = (3, 21, Duration::from_millis(500));
        match timing::median_run(&graph, text, &params, budget) {
            Ok((median, rows)) => {
                eprintln!("  {name}: {rows} rows");
                println!("q:{name}\t{}", format_duration(median));
            }
            Err(error) => {
                eprintln!("{name} failed:\n{error}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// Three significant figures in a unit that suits: µs, ms or s.
fn format_duration(time: Duration) -> String {
    let seconds = time.as_secs_f64();
    let (value, unit) = if seconds >= 1.0 {
        (seconds, "s")
    } else if seconds >= 1e-3 {
        (seconds * 1e3, "ms")
    } else {
        (seconds * 1e6, "µs")
    };
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.decimals$} {unit}")
}
