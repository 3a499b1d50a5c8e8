/* kg view: draws the graph in #kg-data with vis-network, with tooltips, details, legend and search.
 * Article text is untrusted: every string reaches the page through textContent, never innerHTML,
 * and only http(s) URLs become links. */
"use strict";
(function () {
  const marks = (window.kgMarks = { start: performance.now() });
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  marks.parsed = performance.now();
  const EV = data.events;
  const byId = new Map();
  for (const n of data.nodes) byId.set(n.id, n);
  const edgeById = new Map();
  for (const e of data.edges) edgeById.set(e.id, e);

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function safeUrl(u) {
    return typeof u === "string" && /^https?:\/\//i.test(u.trim()) ? u.trim() : null;
  }
  function eventBlock(id, full) {
    const e = EV[id];
    const box = el("div", "kg-ev");
    if (!e) return box;
    let head = e.type + ": " + e.source + " → " + e.target;
    if (e.quantity !== null && e.quantity !== undefined) head += " · quantity " + Number(e.quantity).toLocaleString("en");
    box.appendChild(el("div", "kg-ev-head", head));
    if (e.text) box.appendChild(el("blockquote", "kg-ev-text", full ? e.text : e.text.slice(0, 280) + (e.text.length > 280 ? "…" : "")));
    box.appendChild(el("div", "kg-ev-meta", [e.date || "undated", e.modality === "reported" ? "reported (attributed to others)" : "asserted",
      "confidence " + e.confidence].join(" · ")));
    // every card names its source: the article's title and link, else its document id (a file's path)
    const url = safeUrl(e.url);
    const src = el("div", "kg-ev-src");
    src.appendChild(el("span", "kg-ev-src-label", "source: "));
    if (full && url) {
      const a = el("a", null, e.title || url);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      src.appendChild(a);
    } else {
      src.appendChild(document.createTextNode((e.title || e.doc || "") + (url ? " — " + url : "")));
    }
    if (e.title && !url && e.doc) src.appendChild(document.createTextNode(" (" + e.doc + ")"));
    if (e.published) src.appendChild(document.createTextNode(", " + e.published));
    box.appendChild(src);
    return box;
  }
  function card(item, full) {
    const box = el("div", "kg-card");
    box.appendChild(el("div", "kg-card-head", item.head));
    for (const line of item.lines || []) box.appendChild(el("div", "kg-card-line", line));
    const ids = item.ev || [];
    const shown = full ? ids.length : Math.min(ids.length, 3);
    for (let i = 0; i < shown; i++) box.appendChild(eventBlock(ids[i], full));
    if (shown < ids.length) box.appendChild(el("div", "kg-more", "… " + (ids.length - shown) + " more: click to see all"));
    return box;
  }

  // legend: node kinds, edge tones, and a switch per relation type
  const legend = document.getElementById("kg-legend");
  const shownTypes = new Set(data.legend.types);
  if (data.legend.subset) legend.appendChild(el("p", "kg-subset", data.legend.subset));
  legend.appendChild(el("h2", null, "Legend"));
  for (const [kind, color] of Object.entries(data.legend.kinds)) {
    const row = el("div", "kg-row");
    const dot = el("span", "kg-dot" + (kind === "Event" ? " kg-square" : ""));
    dot.style.background = color;
    row.appendChild(dot);
    row.appendChild(el("span", null, kind === "Event" ? "event (coloured by tone)" : kind));
    legend.appendChild(row);
  }
  for (const [tone, color] of Object.entries(data.legend.tones)) {
    const row = el("div", "kg-row");
    const line = el("span", "kg-line");
    line.style.background = color;
    row.appendChild(line);
    row.appendChild(el("span", null, tone));
    legend.appendChild(row);
  }
  legend.appendChild(el("div", "kg-note", "width: " + (data.legend.width === "quantity" ? "quantity (log)" : "number of reports") + "; dashed: words, not deeds; " + (data.physics ? "arrow: direction" : "direction in tooltips (no arrowheads on large graphs)")));
  if (data.legend.types.length) legend.appendChild(el("h2", null, "Relations"));
  for (const t of data.legend.types) {
    const label = el("label", "kg-row");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t;
    box.addEventListener("change", () => {
      if (box.checked) shownTypes.add(t); else shownTypes.delete(t);
      nodeView.refresh();
      edgeView.refresh();
    });
    label.appendChild(box);
    label.appendChild(el("span", null, t.toLowerCase().replace(/_/g, " ")));
    legend.appendChild(label);
  }

  // A large graph is drawn lean: no node borders, no arrowheads (a tooltip names the direction),
  // only the options an item changes; each one costs time on 20,000 edges.
  const big = !data.physics;
  const nodes = new vis.DataSet(data.nodes.map((n) => {
    const out = { id: n.id, label: n.label, x: n.x, y: n.y, color: n.color, size: n.size, shape: n.shape, etype: n.etype };
    if (n.borderWidth || !big) out.borderWidth = n.borderWidth || 1;
    return out;
  }));
  const edges = new vis.DataSet(data.edges.map((e) => {
    const out = { id: e.id, from: e.from, to: e.to, width: e.width, color: e.color, type: e.type };
    if (e.arrows && !big) out.arrows = e.arrows;
    if (e.dashes) out.dashes = true;
    if (e.label) out.label = e.label;
    if (e.smooth) out.smooth = e.smooth;
    return out;
  }));
  marks.datasets = performance.now();
  const nodeView = new vis.DataView(nodes, { filter: (n) => !n.etype || shownTypes.has(n.etype) });
  const edgeView = new vis.DataView(edges, { filter: (e) => !e.type || shownTypes.has(e.type) });
  const options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: data.physics
      ? { solver: "barnesHut", barnesHut: { gravitationalConstant: -6000, springLength: 170, springConstant: 0.03, avoidOverlap: 0.5 }, stabilization: { iterations: 150, fit: true } }
      : false,
    nodes: { borderWidth: big ? 0 : 1, font: { size: 16, strokeWidth: 4, strokeColor: "#ffffff" }, scaling: { label: { drawThreshold: 7 } } },
    edges: { smooth: big ? false : { enabled: true, type: "continuous", roundness: 0.2 }, selectionWidth: 2,
      font: { size: 11, align: "middle", strokeWidth: 3, color: "#444" }, arrowStrikethrough: false },
    interaction: { hover: true, tooltipDelay: 100, hideEdgesOnDrag: big, hideEdgesOnZoom: big, navigationButtons: false,
      keyboard: false, multiselect: false },
  };
  const container = document.getElementById("kg-graph");
  const network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  marks.network = performance.now();
  document.getElementById("kg-count").textContent = data.nodes.length + " nodes · " + data.edges.length + " edges";

  // tooltip on hover, details pinned on click
  const tip = document.getElementById("kg-tooltip");
  function showTip(item, pointer) {
    tip.replaceChildren(card(item, false));
    tip.hidden = false;
    const r = container.getBoundingClientRect();
    const x = Math.min(r.left + pointer.x + 14, window.innerWidth - tip.offsetWidth - 8);
    const y = Math.min(r.top + pointer.y + 14, window.innerHeight - tip.offsetHeight - 8);
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", (p) => showTip(byId.get(p.node), p.pointer.DOM));
  network.on("hoverEdge", (p) => showTip(edgeById.get(p.edge), p.pointer.DOM));
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  const details = document.getElementById("kg-details");
  function showDetails(item) {
    details.replaceChildren(card(item, true));
  }
  network.on("click", (p) => {
    hideTip();
    if (p.nodes.length) showDetails(byId.get(p.nodes[0]));
    else if (p.edges.length) showDetails(edgeById.get(p.edges[0]));
  });

  // search by id or label
  const names = document.getElementById("kg-names");
  const byName = new Map();
  for (const n of data.nodes) {
    if (n.kind === "Event") continue;
    byName.set(String(n.label).toLowerCase(), n.id);
    byName.set(String(n.id).toLowerCase(), n.id);
    const opt = el("option");
    opt.value = n.label === n.id ? n.id : n.label + " (" + n.id + ")";
    names.appendChild(opt);
  }
  const search = document.getElementById("kg-search");
  function find() {
    const q = search.value.trim().toLowerCase();
    const m = q.match(/\(([^()]+)\)$/);
    const id = byName.get(q) ?? (m ? byName.get(m[1]) : undefined);
    search.classList.toggle("kg-miss", q !== "" && id === undefined);
    if (id === undefined) return;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: false });
    showDetails(byId.get(id));
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", (ev) => { if (ev.key === "Enter") find(); });

  // readiness marks for tests and the benchmark: drawn, then the main thread free again
  window.kgNetwork = network;
  network.once("afterDrawing", () => {
    window.kgDrawn = performance.now();
    setTimeout(() => {
      window.kgInteractive = performance.now();
      document.documentElement.dataset.ready = "1";
    }, 0);
  });
  if (data.physics) network.once("stabilizationIterationsDone", () => network.setOptions({ physics: false }));
})();
