// The map's own code: reads the data element, draws it with sigma.js (or a Canvas 2D
// fallback), and wires search, the side panel, filters and the URL hash.
//
// Every piece of data reaches the document through textContent or an attribute set
// from code, never through innerHTML: names, notes and quotes are text, not markup.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("agencygraph-data").textContent);
  const $ = (id) => document.getElementById(id);

  // element("li", {className: "x"}, "text", child, ...): text children become text nodes.
  function element(tag, properties, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(properties || {})) {
      if (key === "dataset") Object.assign(node.dataset, value);
      else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // ---- Names: the same normalisation and lookup as the command line's `resolve`.

  const ALPHANUMERIC = /[\p{Alphabetic}\p{N}]/u;

  // Lowercase letters and digits only (Rust: char::is_alphanumeric, then to_lowercase).
  function normalize(text) {
    let out = "";
    for (const c of text) if (ALPHANUMERIC.test(c)) out += c.toLowerCase();
    return out;
  }

  // Inputs shorter than this never match by containment: "un" is in everything.
  const MIN_PARTIAL = 3;

  const nodeById = new Map();
  const exactName = new Map(); // normalized name → node id (the first node to claim it)
  const nameKeys = []; // [normalized name, spelling, node id]
  for (const node of data.nodes) {
    nodeById.set(node.id, node);
    for (const spelling of [node.id, node.name, ...node.aliases]) {
      const key = normalize(spelling);
      if (!exactName.has(key)) exactName.set(key, node.id);
      nameKeys.push([key, spelling, node.id]);
    }
  }

  // The nodes `text` names: one on an exact match, else every node whose names contain
  // it (by id), with the spelling that matched.
  function lookup(text) {
    const wanted = normalize(text);
    if (wanted === "") return [];
    if (exactName.has(wanted)) return [{ id: exactName.get(wanted), matched: null }];
    if ([...wanted].length < MIN_PARTIAL) return [];
    const found = new Map();
    for (const [key, spelling, id] of nameKeys) {
      if (!found.has(id) && key.includes(wanted)) found.set(id, spelling);
    }
    return [...found.keys()].sort().map((id) => ({ id, matched: found.get(id) }));
  }

  // ---- Kinds, families and relations.

  const nodeKinds = new Map(data.node_kinds.map((k) => [k.name, k]));
  const edgeKinds = new Map(data.edge_kinds.map((k) => [k.name, k]));
  const sources = new Map(data.sources.map((s) => [s.id, s]));
  data.edges.forEach((edge, i) => { edge.key = "e" + i; });
  const edgeByKey = new Map(data.edges.map((e) => [e.key, e]));
  const edgesOf = new Map(data.nodes.map((n) => [n.id, []]));
  for (const edge of data.edges) {
    edgesOf.get(edge.from).push(edge);
    if (edge.to !== edge.from) edgesOf.get(edge.to).push(edge);
  }

  // Whether the relation holds in `year`: null when it carries no dates (Rust:
  // Dated::valid_in).
  function validIn(edge, year) {
    const head = edge.date ? edge.date.slice(0, 4) : "";
    const dateYear = /^[+-]?\d+$/.test(head) ? Number(head) : null;
    const none = (v) => v === undefined || v === null;
    if (none(edge.since) && none(edge.until) && none(edge.year) && dateYear === null) return null;
    const exact = none(edge.year) ? dateYear : edge.year;
    return (exact === null || exact === year)
      && (none(edge.since) || edge.since <= year)
      && (none(edge.until) || year <= edge.until);
  }

  const years = [];
  for (const edge of data.edges) {
    for (const y of [edge.since, edge.until, edge.year]) if (typeof y === "number") years.push(y);
    const head = edge.date ? Number(edge.date.slice(0, 4)) : NaN;
    if (Number.isInteger(head)) years.push(head);
  }
  const firstYear = years.length ? Math.min(...years) : null;
  const lastYear = years.length ? Math.max(...years) : null;

  // ---- State, and the URL hash that holds it.

  const state = {
    focus: null, // selected node id
    edge: null, // selected edge key
    nodeKinds: new Set(nodeKinds.keys()),
    edgeKinds: new Set(edgeKinds.keys()),
    inferred: true,
    year: null,
    hovered: null,
  };

  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const list = (name, known) => {
      if (!params.has(name)) return new Set(known);
      return new Set(params.get(name).split(",").filter((k) => known.includes(k)));
    };
    state.nodeKinds = list("kinds", [...nodeKinds.keys()]);
    state.edgeKinds = list("edges", [...edgeKinds.keys()]);
    state.inferred = params.get("inferred") !== "0";
    const year = Number(params.get("year"));
    state.year = params.has("year") && Number.isInteger(year) ? year : null;
    const focus = params.get("focus");
    state.focus = null;
    state.edge = null;
    if (focus) {
      const found = lookup(focus);
      if (found.length === 1) state.focus = found[0].id;
    }
  }

  function writeHash() {
    const params = [];
    if (state.focus) params.push("focus=" + encodeURIComponent(state.focus));
    if (state.nodeKinds.size !== nodeKinds.size) params.push("kinds=" + [...state.nodeKinds].join(","));
    if (state.edgeKinds.size !== edgeKinds.size) params.push("edges=" + [...state.edgeKinds].join(","));
    if (!state.inferred) params.push("inferred=0");
    if (state.year !== null) params.push("year=" + state.year);
    const hash = params.length ? "#" + params.join("&") : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "")) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }

  // ---- What is shown.

  let visibleEdges = new Set();
  let visibleNodes = new Set();

  // Recomputes which nodes and relations pass the filters. When relations are filtered
  // (by kind, inferred or year), entities left with none are hidden too.
  function computeVisibility() {
    const edgesFiltered = state.edgeKinds.size !== edgeKinds.size || !state.inferred || state.year !== null;
    visibleEdges = new Set();
    const touched = new Set();
    for (const edge of data.edges) {
      if (!state.edgeKinds.has(edge.kind)) continue;
      if (edge.inferred && !state.inferred) continue;
      if (state.year !== null && validIn(edge, state.year) === false) continue;
      const from = nodeById.get(edge.from);
      const to = nodeById.get(edge.to);
      if (!state.nodeKinds.has(from.kind) || !state.nodeKinds.has(to.kind)) continue;
      visibleEdges.add(edge.key);
      touched.add(edge.from);
      touched.add(edge.to);
    }
    visibleNodes = new Set();
    for (const node of data.nodes) {
      if (!state.nodeKinds.has(node.kind)) continue;
      if (edgesFiltered && !touched.has(node.id) && node.id !== state.focus) continue;
      visibleNodes.add(node.id);
    }
    if (state.focus && !visibleNodes.has(state.focus) && nodeById.has(state.focus)) {
      visibleNodes.add(state.focus);
    }
  }

  function hexToRgba(hex, alpha) {
    const v = parseInt(hex.slice(1), 16);
    return "rgba(" + ((v >> 16) & 255) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }

  const FADED = "#e4e4e4";
  const UNDATED = "#b0b0b0";

  // Inferred relations are drawn in their kind's colour, paler; worked out once.
  const inferredColour = new Map(data.edge_kinds.map((k) => [k.name, hexToRgba(k.colour, 0.45)]));

  function edgeColour(edge) {
    if (state.year !== null && validIn(edge, state.year) === null) return UNDATED;
    return edge.inferred ? inferredColour.get(edge.kind) : edgeKinds.get(edge.kind).colour;
  }

  // Neighbours of the hovered (or else selected) node, highlighted together; worked
  // out once per drawing, not once per node.
  let near = null;
  function findNeighbourhood() {
    const centre = state.hovered || state.focus;
    near = null;
    if (!centre) return;
    const around = new Set([centre]);
    for (const edge of edgesOf.get(centre) || []) {
      if (visibleEdges.has(edge.key)) { around.add(edge.from); around.add(edge.to); }
    }
    near = { centre, around };
  }

  // Sized by the number of relations, or by the measure the page was made with
  // (`weight`, a share of the highest); coloured by kind, or by community.
  const degree = new Map(data.nodes.map((n) => [n.id, edgesOf.get(n.id).length]));
  const nodeSize = (id) => {
    const weight = nodeById.get(id).weight;
    return weight === undefined ? 3 + 1.6 * Math.sqrt(degree.get(id)) : 3 + 15 * weight;
  };
  const nodeColour = (node) => node.community === undefined
    ? nodeKinds.get(node.kind).colour : data.communities[node.community].colour;

  // ---- Drawing: sigma.js over WebGL, or a Canvas 2D drawing without it.

  let view = null; // { refresh(), position(id) → {x, y} in CSS pixels, mode }

  function hasWebGL2() {
    try {
      return !!document.createElement("canvas").getContext("webgl2");
    } catch (e) {
      return false;
    }
  }

  function sigmaView(container) {
    let reindexing = null;
    const graph = new graphology.MultiDirectedGraph();
    for (const node of data.nodes) {
      graph.addNode(node.id, {
        x: node.x, y: -node.y, size: nodeSize(node.id), label: node.id,
        color: nodeColour(node),
      });
    }
    for (const edge of data.edges) {
      graph.addDirectedEdgeWithKey(edge.key, edge.from, edge.to, {
        size: 1.2, type: edgeKinds.get(edge.kind) && isSymmetric(edge) ? "line" : "arrow",
      });
    }
    const renderer = new Sigma(graph, container, {
      enableEdgeEvents: true,
      defaultEdgeType: "arrow",
      labelRenderedSizeThreshold: data.nodes.length > 300 ? 8 : 0,
      labelDensity: data.nodes.length > 300 ? 0.5 : 2,
      labelGridCellSize: 80,
      stagePadding: 40,
      labelSize: 12,
      labelFont: "system-ui, sans-serif",
      zIndex: true,
      hideEdgesOnMove: data.edges.length > 5000,
      // sigma hands each reducer its own copy of the attributes, so they are changed in
      // place: a copy more per item and per drawing is what made filters slow to apply.
      nodeReducer(id, attributes) {
        const shown = attributes;
        if (!visibleNodes.has(id)) { shown.hidden = true; return shown; }
        if (near && !near.around.has(id)) {
          shown.color = FADED; shown.label = ""; shown.zIndex = 0;
        } else if (near) {
          shown.zIndex = 1; shown.forceLabel = true;
        }
        if (id === state.focus) shown.highlighted = true;
        return shown;
      },
      edgeReducer(key, attributes) {
        const shown = attributes;
        if (!visibleEdges.has(key)) { shown.hidden = true; return shown; }
        const edge = edgeByKey.get(key);
        shown.color = edgeColour(edge);
        if (near && edge.from !== near.centre && edge.to !== near.centre) shown.color = "#f0f0f0";
        else if (near) { shown.size = 2; shown.zIndex = 1; }
        if (key === state.edge) { shown.size = 3.5; shown.zIndex = 2; }
        return shown;
      },
    });
    renderer.on("clickNode", ({ node }) => select(node));
    renderer.on("clickEdge", ({ edge }) => selectEdge(edge));
    renderer.on("clickStage", () => clearSelection());
    renderer.on("enterNode", ({ node }) => { state.hovered = node; findNeighbourhood(); renderer.refresh({ skipIndexation: true }); });
    renderer.on("leaveNode", () => { state.hovered = null; findNeighbourhood(); renderer.refresh({ skipIndexation: true }); });
    return {
      mode: "webgl",
      renderer,
      // `inPlace`: only hidden flags changed, so the changed items are rewritten in the
      // drawing's buffers without indexing the graph again.
      refresh(partialGraph, inPlace) {
        renderer.refresh(partialGraph ? { partialGraph, skipIndexation: !!inPlace } : { skipIndexation: true });
      },
      reindexWhenIdle() {
        if (reindexing !== null) return;
        const reindex = () => { reindexing = null; renderer.refresh(); };
        reindexing = window.requestIdleCallback
          ? window.requestIdleCallback(reindex, { timeout: 500 })
          : setTimeout(reindex, 50);
      },
      position(id) {
        const point = renderer.framedGraphToViewport(renderer.getNodeDisplayData(id));
        const box = container.getBoundingClientRect();
        return { x: point.x + box.left, y: point.y + box.top };
      },
      centreOn(id) {
        const display = renderer.getNodeDisplayData(id);
        if (display) renderer.getCamera().animate({ x: display.x, y: display.y, ratio: 0.6 }, { duration: 300 });
      },
    };
  }

  function isSymmetric(edge) {
    return edgeKinds.get(edge.kind).participant === "either";
  }

  // A plain drawing for browsers without WebGL2: nodes, lines and labels, clicks and
  // hover by distance. No zoom; it fits the network to the box.
  function canvasView(container) {
    const canvas = element("canvas", { className: "fallback" });
    container.append(canvas);
    const context = canvas.getContext("2d");
    let placed = new Map();
    const xs = data.nodes.map((n) => n.x);
    const ys = data.nodes.map((n) => n.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];

    function draw() {
      const width = container.clientWidth;
      const height = container.clientHeight;
      const ratio = window.devicePixelRatio || 1;
      canvas.width = width * ratio;
      canvas.height = height * ratio;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.clearRect(0, 0, width, height);
      const margin = 30;
      const scale = Math.min((width - 2 * margin) / (maxX - minX || 1), (height - 2 * margin) / (maxY - minY || 1));
      placed = new Map(data.nodes.map((n) => [n.id, {
        x: margin + (n.x - minX) * scale + (width - 2 * margin - (maxX - minX) * scale) / 2,
        y: margin + (n.y - minY) * scale + (height - 2 * margin - (maxY - minY) * scale) / 2,
      }]));
      for (const edge of data.edges) {
        if (!visibleEdges.has(edge.key)) continue;
        const a = placed.get(edge.from);
        const b = placed.get(edge.to);
        let colour = edgeColour(edge);
        if (near && edge.from !== near.centre && edge.to !== near.centre) colour = "#f0f0f0";
        context.strokeStyle = colour;
        context.lineWidth = edge.key === state.edge ? 3 : 1;
        context.beginPath();
        context.moveTo(a.x, a.y);
        context.lineTo(b.x, b.y);
        context.stroke();
      }
      context.font = "12px system-ui, sans-serif";
      context.textBaseline = "middle";
      for (const node of data.nodes) {
        if (!visibleNodes.has(node.id)) continue;
        const p = placed.get(node.id);
        const faded = near && !near.around.has(node.id);
        context.fillStyle = faded ? FADED : nodeColour(node);
        context.beginPath();
        context.arc(p.x, p.y, nodeSize(node.id), 0, 2 * Math.PI);
        context.fill();
        if (node.id === state.focus) {
          context.strokeStyle = "#000";
          context.lineWidth = 2;
          context.stroke();
        }
        if (!faded) {
          context.fillStyle = "#222";
          context.fillText(node.id, p.x + nodeSize(node.id) + 3, p.y);
        }
      }
    }

    function nodeAt(x, y) {
      let best = null;
      let bestDistance = Infinity;
      for (const id of visibleNodes) {
        const p = placed.get(id);
        const distance = Math.hypot(p.x - x, p.y - y);
        if (distance <= nodeSize(id) + 3 && distance < bestDistance) { best = id; bestDistance = distance; }
      }
      return best;
    }

    function edgeAt(x, y) {
      for (const key of visibleEdges) {
        const edge = edgeByKey.get(key);
        const a = placed.get(edge.from);
        const b = placed.get(edge.to);
        const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
        const t = Math.max(0, Math.min(1, ((x - a.x) * (b.x - a.x) + (y - a.y) * (b.y - a.y)) / (length * length)));
        if (Math.hypot(a.x + t * (b.x - a.x) - x, a.y + t * (b.y - a.y) - y) < 3) return key;
      }
      return null;
    }

    const local = (event) => {
      const box = canvas.getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top];
    };
    canvas.addEventListener("click", (event) => {
      const [x, y] = local(event);
      const node = nodeAt(x, y);
      if (node) return select(node);
      const edge = edgeAt(x, y);
      if (edge) return selectEdge(edge);
      clearSelection();
    });
    canvas.addEventListener("mousemove", (event) => {
      const node = nodeAt(...local(event));
      if (node !== state.hovered) { state.hovered = node; findNeighbourhood(); draw(); }
    });
    window.addEventListener("resize", draw);
    draw();
    return {
      mode: "canvas",
      refresh: draw,
      reindexWhenIdle() {},
      position(id) {
        const p = placed.get(id);
        const box = canvas.getBoundingClientRect();
        return { x: p.x + box.left, y: p.y + box.top };
      },
      centreOn() {},
    };
  }

  // ---- The side panel.

  function nodeButton(id) {
    const node = nodeById.get(id);
    return element("button", { className: "link", type: "button", title: node ? node.name : id, onclick: () => select(id) }, id);
  }

  function evidenceList(edge) {
    const list = element("div", {});
    for (const item of edge.evidence) {
      const source = sources.get(item.source);
      list.append(
        element("blockquote", {}, item.quote),
        // Where the quote is, as the command line cites it: `source:line` (the locator
        // `at` is `LINE:COLUMN-...`).
        element("div", { className: "source" }, "— " + (source ? source.title : item.source),
          item.at ? " (" + item.source + ":" + item.at.split(":")[0] + ")" : "",
          source && source.locator ? " (" + source.locator + ")" : ""),
      );
    }
    return list;
  }

  function qualifiers(edge) {
    const parts = [];
    if (edge.role) parts.push("role: " + edge.role);
    if (edge.since !== undefined) parts.push("since " + edge.since);
    if (edge.until !== undefined) parts.push("until " + edge.until);
    if (edge.year !== undefined) parts.push("year " + edge.year);
    if (edge.date) parts.push("date " + edge.date);
    if (edge.amount) parts.push("amount: " + (edge.amount.bound ? edge.amount.bound + " " : "") + edge.amount.value + " " + edge.amount.currency);
    if (edge.via) parts.push("via " + edge.via);
    return parts;
  }

  function marks(edge) {
    const out = [];
    if (edge.inferred) out.push(element("span", { className: "mark", title: "the source implies this rather than stating it" }, "inferred"));
    if (state.year !== null && validIn(edge, state.year) === null) {
      out.push(element("span", { className: "mark", title: "no dates: shown in every year" }, "undated"));
    }
    return out;
  }

  function showNode(id) {
    const node = nodeById.get(id);
    const kind = nodeKinds.get(node.kind);
    const panel = $("panel");
    const details = element("dl", {});
    const add = (term, ...value) => details.append(element("dt", {}, term), element("dd", {}, ...value));
    add("id", node.id);
    if (node.aliases.length) add("also called", node.aliases.join(" · "));
    if (node.description) add("description", node.description);
    if (node.established !== undefined) add("established", String(node.established));
    if (node.url) {
      // Only web and mail addresses become links; anything else (javascript:...) is text.
      const safe = /^(https?:|mailto:)/i.test(node.url);
      add("web", safe ? element("a", { href: node.url, rel: "noopener noreferrer", target: "_blank" }, node.url) : node.url);
    }
    if (node.notes) add("notes", node.notes);

    // Relations grouped by role, as `who` and `what` group them.
    const who = new Map();
    const what = new Map();
    const other = new Map();
    const group = (map, heading, entry) => {
      if (!map.has(heading)) map.set(heading, []);
      map.get(heading).push(entry);
    };
    for (const edge of edgesOf.get(id)) {
      if (!visibleEdges.has(edge.key)) continue;
      const kind = edgeKinds.get(edge.kind);
      const otherEnd = edge.from === id ? edge.to : edge.from;
      const participant = kind.participant === "subject" ? edge.from : kind.participant === "object" ? edge.to : id;
      const entry = { edge, other: otherEnd };
      if (!kind.role) group(other, edge.from === id ? kind.label : kind.inverse, entry);
      else if (participant === id) group(what, kind.role.verb, entry);
      else group(who, kind.role.heading, entry);
    }
    const groups = element("div", {});
    const section = (title, map) => {
      if (!map.size) return;
      groups.append(element("h3", {}, title));
      for (const [heading, entries] of map) {
        const list = element("ul", {});
        for (const { edge, other } of entries) {
          const label = edge.from === id ? edgeKinds.get(edge.kind).label : edgeKinds.get(edge.kind).inverse;
          const statement = element("button", { className: "link", type: "button", onclick: () => selectEdge(edge.key) }, label);
          const extra = qualifiers(edge);
          list.append(element("li", { dataset: { edge: edge.key } },
            nodeButton(other), " ", element("span", { className: "hint" }, nodeById.get(other).name),
            " — ", statement, ...marks(edge),
            extra.length ? element("div", { className: "hint" }, extra.join(" · ")) : null,
            evidenceList(edge)));
        }
        groups.append(element("h3", {}, heading), list);
      }
    };
    section("What " + node.id + " takes part in", what);
    section("Who takes part in " + node.id, who);
    section("Other relations", other);
    if (!groups.childNodes.length) groups.append(element("p", { className: "hint" }, "No relations shown."));
    panel.replaceChildren(
      element("p", { className: "kind" }, kind.label),
      element("h2", {}, node.name),
      details,
      groups,
    );
  }

  function showEdge(key) {
    const edge = edgeByKey.get(key);
    const kind = edgeKinds.get(edge.kind);
    const details = element("dl", {});
    const add = (term, ...value) => details.append(element("dt", {}, term), element("dd", {}, ...value));
    add("kind", kind.label + " (" + kind.family + ")");
    for (const part of qualifiers(edge)) add(part.split(/[: ]/)[0], part);
    if (edge.notes) add("notes", edge.notes);
    $("panel").replaceChildren(
      element("p", { className: "kind" }, "relation"),
      element("h2", {}, nodeButton(edge.from), " " + kind.label + " ", nodeButton(edge.to), ...marks(edge)),
      details,
      element("h3", {}, "Evidence"),
      evidenceList(edge),
    );
  }

  function showNothing() {
    $("panel").replaceChildren(element("p", { className: "hint" }, "Click an entity or a relation to see what the sources say."));
  }

  // ---- Actions.

  // What the last drawing showed, so that a filter change redraws only what it changed.
  let drawn = null;

  function update() {
    const before = drawn;
    computeVisibility();
    findNeighbourhood();
    writeHash();
    drawn = {
      nodes: visibleNodes, edges: visibleEdges, year: state.year,
      centre: near && near.centre, around: near ? near.around.size : 0, edge: state.edge,
    };
    const same = before && before.year === drawn.year && before.centre === drawn.centre
      && before.around === drawn.around && before.edge === drawn.edge;
    if (same) {
      // Only the items whose visibility changed, and the ends of changed relations.
      const changedEdges = [];
      const changedNodes = new Set();
      let shownAgain = false;
      for (const edge of data.edges) {
        if (before.edges.has(edge.key) !== visibleEdges.has(edge.key)) {
          changedEdges.push(edge.key);
          changedNodes.add(edge.from);
          changedNodes.add(edge.to);
        }
      }
      for (const node of data.nodes) {
        const was = before.nodes.has(node.id);
        if (was !== visibleNodes.has(node.id)) {
          changedNodes.add(node.id);
          if (!was) shownAgain = true;
        }
      }
      // Only the changed items are rewritten, in place: what keeps filters fast. sigma
      // keeps the labels it may show in a grid of the nodes visible when it last indexed
      // the whole graph, so when entities are shown again it indexes the graph once
      // more, when the browser is idle: their labels come back a moment after them.
      view.refresh({ nodes: [...changedNodes], edges: changedEdges }, true);
      if (shownAgain) view.reindexWhenIdle();
    } else {
      view.refresh();
    }
    if (state.focus) showNode(state.focus);
    else if (state.edge) showEdge(state.edge);
    else showNothing();
    $("status").textContent = visibleNodes.size + " entities · " + visibleEdges.size + " relations shown";
  }

  function select(id) {
    state.focus = id;
    state.edge = null;
    update();
    view.centreOn(id);
  }

  function selectEdge(key) {
    state.focus = null;
    state.edge = key;
    update();
  }

  function clearSelection() {
    state.focus = null;
    state.edge = null;
    update();
  }

  // Applies a filter change and records how long it took to redraw.
  function applyFilters() {
    performance.mark("agencygraph:filter-start");
    update();
    performance.mark("agencygraph:filter-end");
    performance.measure("agencygraph:filter", "agencygraph:filter-start", "agencygraph:filter-end");
    // And to the frame the browser paints next, which shows the change.
    requestAnimationFrame(() => {
      performance.mark("agencygraph:filter-frame");
      performance.measure("agencygraph:filter-painted", "agencygraph:filter-start", "agencygraph:filter-frame");
    });
  }

  // ---- Controls.

  function buildFilters() {
    const nodeOptions = document.querySelector("#node-filter .options");
    const count = new Map();
    for (const node of data.nodes) count.set(node.kind, (count.get(node.kind) || 0) + 1);
    for (const kind of data.node_kinds) {
      const box = element("input", { type: "checkbox", checked: state.nodeKinds.has(kind.name), dataset: { kind: kind.name } });
      box.addEventListener("change", () => {
        if (box.checked) state.nodeKinds.add(kind.name); else state.nodeKinds.delete(kind.name);
        applyFilters();
      });
      // Coloured by community, the kinds have no colour of their own to show.
      const swatch = element("span", { className: "swatch" });
      swatch.style.background = data.communities ? "transparent" : kind.colour;
      nodeOptions.append(element("label", {}, box, swatch, kind.label, element("span", { className: "count" }, String(count.get(kind.name)))));
    }

    if (data.communities) {
      data.communities.forEach((community, number) => {
        const swatch = element("span", { className: "swatch" });
        swatch.style.background = community.colour;
        nodeOptions.append(element("div", { className: "community" }, swatch, "community " + (number + 1), element("span", { className: "count" }, String(community.size))));
      });
    }
    if (data.size_by) nodeOptions.append(element("p", { className: "hint" }, "Larger: higher " + data.size_by + "."));

    const edgeOptions = document.querySelector("#edge-filter .options");
    const edgeCount = new Map();
    for (const edge of data.edges) edgeCount.set(edge.kind, (edgeCount.get(edge.kind) || 0) + 1);
    for (const family of data.families) {
      const members = data.edge_kinds.filter((k) => k.family === family.name);
      const all = element("input", { type: "checkbox", dataset: { family: family.name } });
      const boxes = members.map((kind) => {
        const box = element("input", { type: "checkbox", checked: state.edgeKinds.has(kind.name), dataset: { edgeKind: kind.name } });
        box.addEventListener("change", () => {
          if (box.checked) state.edgeKinds.add(kind.name); else state.edgeKinds.delete(kind.name);
          syncFamily();
          applyFilters();
        });
        return box;
      });
      const syncFamily = () => {
        const on = boxes.filter((b) => b.checked).length;
        all.checked = on === boxes.length;
        all.indeterminate = on > 0 && on < boxes.length;
      };
      all.addEventListener("change", () => {
        for (const [i, kind] of members.entries()) {
          boxes[i].checked = all.checked;
          if (all.checked) state.edgeKinds.add(kind.name); else state.edgeKinds.delete(kind.name);
        }
        applyFilters();
      });
      syncFamily();
      const line = element("span", { className: "line" });
      line.style.background = family.colour;
      const set = element("fieldset", {}, element("legend", {}, element("label", {}, all, line, family.name)));
      members.forEach((kind, i) => {
        // Each kind's own shade of the family's colour, as its lines are drawn.
        const shade = element("span", { className: "line" });
        shade.style.background = kind.colour;
        set.append(element("label", {}, boxes[i], shade, kind.label, element("span", { className: "count" }, String(edgeCount.get(kind.name)))));
      });
      edgeOptions.append(set);
    }

    const inferred = $("inferred");
    inferred.checked = state.inferred;
    inferred.addEventListener("change", () => { state.inferred = inferred.checked; applyFilters(); });

    const slider = $("year");
    if (firstYear === null) {
      $("year-box").hidden = true;
    } else {
      // The leftmost stop, a year before the first, means "all years".
      slider.min = String(firstYear - 1);
      slider.max = String(lastYear);
      const show = () => { $("year-value").textContent = state.year === null ? "all years" : String(state.year); };
      slider.value = String(state.year === null ? firstYear - 1 : state.year);
      show();
      slider.addEventListener("input", () => {
        const value = Number(slider.value);
        state.year = value < firstYear ? null : value;
        show();
        applyFilters();
      });
    }
  }

  // Sets the controls from the state, after the hash changed it.
  function syncControls() {
    for (const box of document.querySelectorAll("#node-filter input[data-kind]")) {
      box.checked = state.nodeKinds.has(box.dataset.kind);
    }
    for (const box of document.querySelectorAll("#edge-filter input[data-edge-kind]")) {
      box.checked = state.edgeKinds.has(box.dataset.edgeKind);
    }
    for (const family of document.querySelectorAll("#edge-filter fieldset")) {
      const boxes = [...family.querySelectorAll("input[data-edge-kind]")];
      const on = boxes.filter((b) => b.checked).length;
      const all = family.querySelector("input[data-family]");
      all.checked = on === boxes.length;
      all.indeterminate = on > 0 && on < boxes.length;
    }
    $("inferred").checked = state.inferred;
    if (firstYear !== null) {
      $("year").value = String(state.year === null ? firstYear - 1 : state.year);
      $("year-value").textContent = state.year === null ? "all years" : String(state.year);
    }
  }

  function buildSearch() {
    const input = $("search");
    const results = $("results");
    const showResults = () => {
      const found = lookup(input.value);
      results.replaceChildren(...found.slice(0, 50).map(({ id, matched }) => {
        const node = nodeById.get(id);
        const button = element("button", { type: "button", dataset: { id } },
          element("span", { className: "id" }, id), node.name,
          matched && matched !== id && matched !== node.name ? element("span", { className: "also" }, " (" + matched + ")") : null);
        button.addEventListener("click", () => { results.replaceChildren(); select(id); });
        return element("li", {}, button);
      }));
      // One entity named: it is the answer, as `resolve` would give it.
      if (found.length === 1 && found[0].id !== state.focus) select(found[0].id);
    };
    input.addEventListener("input", showResults);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        const first = results.querySelector("button");
        if (first) first.click();
      }
    });
    document.addEventListener("keydown", (event) => {
      const typing = event.target instanceof HTMLInputElement && event.target.type !== "checkbox" && event.target.type !== "range";
      if (event.key === "/" && !typing) {
        event.preventDefault();
        input.focus();
        input.select();
      } else if (event.key === "Escape") {
        input.value = "";
        results.replaceChildren();
        clearSelection();
        if (document.activeElement === input) input.blur();
      }
    });
  }

  // ---- Start.

  readHash();
  computeVisibility();
  const container = $("map");
  if (hasWebGL2() && typeof Sigma === "function") {
    try {
      view = sigmaView(container);
    } catch (error) {
      console.warn("agencygraph: WebGL drawing failed, using Canvas 2D:", error.message);
      container.replaceChildren();
    }
  }
  if (!view) view = canvasView(container);
  buildFilters();
  buildSearch();
  update();
  if (state.focus) view.centreOn(state.focus);
  // From the start of navigation (reading the file) to the first drawing, and to the
  // first frame the browser paints after it.
  performance.mark("agencygraph:first-draw");
  performance.measure("agencygraph:open", undefined, "agencygraph:first-draw");
  requestAnimationFrame(() => {
    performance.mark("agencygraph:first-frame");
    performance.measure("agencygraph:open-painted", undefined, "agencygraph:first-frame");
  });
  window.addEventListener("hashchange", () => { readHash(); syncControls(); update(); });

  // For scripts and tests: the page's state and its lookup, read-only in spirit.
  window.agencygraph = {
    data, state, normalize, lookup, select, selectEdge,
    mode: view.mode,
    renderer: view.renderer || null,
    visibleEdges: () => [...visibleEdges].map((key) => edgeByKey.get(key)),
    visibleNodes: () => [...visibleNodes],
    position: (id) => view.position(id),
    timings: () => Object.fromEntries(performance.getEntriesByType("measure")
      .filter((m) => m.name.startsWith("agencygraph:")).map((m) => [m.name.slice(12), m.duration])),
  };
})();
