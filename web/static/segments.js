// Segment overview and segment page charts, drawn as plain SVG (a few KB instead of a 4.8 MB
// charting bundle). No inline scripts: data comes from data-* attributes or from our JSON API,
// and every label goes in via textContent.
"use strict";

const SEG_COLORS = ["#2f5bd3", "#e07a1f", "#1f9d6b", "#c2387a", "#7b4fd6",
                    "#0f8fa8", "#b8860b", "#d43c3c", "#4a7a1f", "#6b6f80"];
const NONE_COLOR = "#a3aab8";
const SVG = "http://www.w3.org/2000/svg";

function readJson(el, name) {
  try { return JSON.parse(el.dataset[name] || "null"); } catch (e) { return null; }
}

function svgEl(tag, attrs, parent) {
  const n = document.createElementNS(SVG, tag);
  Object.entries(attrs || {}).forEach(([k, v]) => n.setAttribute(k, v));
  if (parent) parent.appendChild(n);
  return n;
}

function svgText(parent, x, y, text, attrs) {
  const t = svgEl("text", Object.assign({ x, y }, attrs || {}), parent);
  t.textContent = text;
  return t;
}

function tip(node, text) { svgEl("title", {}, node).textContent = text; }

// A short note under a chart (what is not shown and why).
function noteUnder(el, text) {
  const p = document.createElement("p");
  p.className = "muted small chart-note";
  p.textContent = text;
  el.insertAdjacentElement("afterend", p);
}

function showEmpty(el, text) {
  el.classList.add("chart-empty");
  el.textContent = text;
}

// Segment key -> colour, in the order of the cards (Unassigned grey).
function colorMap(segments) {
  const out = {}; let i = 0;
  (segments || []).forEach((s) => { out[s.key] = s.unassigned ? NONE_COLOR : SEG_COLORS[i++ % SEG_COLORS.length]; });
  return out;
}

function extent(vals) {
  let lo = Infinity, hi = -Infinity;
  vals.forEach((v) => { if (v < lo) lo = v; if (v > hi) hi = v; });
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  return [lo, hi];
}

function niceTicks(max, n) {
  const raw = max / n, mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = 0; v <= max + 1e-9; v += step) out.push(v);
  return out;
}

// Axes for a chart of width w, height h and padding pad, ticks in percent.
function axes(svg, w, h, pad, xTicks, yTicks, sx, sy, xTitle, yTitle) {
  const g = svgEl("g", { class: "axis" }, svg);
  svgEl("line", { x1: pad.l, y1: h - pad.b, x2: w - pad.r, y2: h - pad.b }, g);
  svgEl("line", { x1: pad.l, y1: pad.t, x2: pad.l, y2: h - pad.b }, g);
  xTicks.forEach((t) => svgText(g, sx(t.v), h - pad.b + 14, t.label, { "text-anchor": "middle" }));
  yTicks.forEach((t) => {
    svgEl("line", { x1: pad.l, y1: sy(t.v), x2: w - pad.r, y2: sy(t.v), class: "gridline" }, g);
    svgText(g, pad.l - 5, sy(t.v) + 4, t.label, { "text-anchor": "end" });
  });
  if (xTitle) svgText(g, (pad.l + w - pad.r) / 2, h - 4, xTitle, { "text-anchor": "middle", class: "axis-title" });
  if (yTitle) svgText(g, 12, (pad.t + h - pad.b) / 2, yTitle,
    { "text-anchor": "middle", class: "axis-title", transform: `rotate(-90 12 ${(pad.t + h - pad.b) / 2})` });
}

function newSvg(el, w, h, label) {
  el.replaceChildren();
  return svgEl("svg", { viewBox: `0 0 ${w} ${h}`, class: "chart-svg", role: "img", "aria-label": label || "" }, el);
}

function legend(el, items, onToggle) {
  const ul = document.createElement("ul");
  ul.className = "chart-legend";
  items.forEach((it) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button"; b.className = "link"; b.dataset.key = it.key;
    const sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = it.color;
    b.append(sw, document.createTextNode(" " + it.name));
    b.addEventListener("click", () => onToggle(it.key, ul));
    li.appendChild(b); ul.appendChild(li);
  });
  el.appendChild(ul);
}

async function drawMap(el) {
  const segments = readJson(el, "segments") || [];
  const colors = colorMap(segments);
  const urls = {}; segments.forEach((s) => { urls[s.key] = s.url; });
  let body;
  try {
    const resp = await fetch(el.dataset.mapUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
    body = await resp.json();
  } catch (e) { body = { ok: false, error: "could not load the map" }; }
  if (!body.ok) { showEmpty(el, body.error || "Could not load the map."); return; }
  if (!body.data.length) { showEmpty(el, "No map positions in this run."); return; }
  const W = 600, H = 420, P = 10;
  const [x0, x1] = extent(body.data.map((p) => p.x)), [y0, y1] = extent(body.data.map((p) => p.y));
  const s = Math.min((W - 2 * P) / (x1 - x0), (H - 2 * P) / (y1 - y0));   // same scale on both axes
  const ox = (W - s * (x1 - x0)) / 2, oy = (H - s * (y1 - y0)) / 2;
  const svg = newSvg(el, W, H, el.getAttribute("aria-label"));
  const layers = {};
  const order = segments.map((g) => g.key);
  body.data.forEach((p) => { if (!order.includes(p.segment_key)) order.push(p.segment_key); });
  order.forEach((key) => { layers[key] = svgEl("g", { "data-key": key, class: urls[key] ? "clickable" : "" }, svg); });
  const r = body.data.length > 3000 ? 2 : body.data.length > 800 ? 3 : 4;
  body.data.forEach((p) => {
    const c = svgEl("circle", { cx: (ox + s * (p.x - x0)).toFixed(1), cy: (H - oy - s * (p.y - y0)).toFixed(1), r,
      fill: colors[p.segment_key] || NONE_COLOR, "fill-opacity": p.segment_key === "unassigned" ? 0.55 : 0.85 },
      layers[p.segment_key]);
    tip(c, p.segment + " · confidence " + p.confidence.toFixed(2) + (p.origin === "human" ? " (set by a person)" : ""));
  });
  svg.addEventListener("click", (ev) => {
    const g = ev.target.closest && ev.target.closest("g[data-key]");
    if (g && urls[g.dataset.key]) window.location.assign(urls[g.dataset.key]);
  });
  let solo = null;
  const names = {}; body.data.forEach((p) => { names[p.segment_key] = p.segment; });
  legend(el, order.filter((k) => names[k]).map((k) => ({ key: k, name: names[k], color: colors[k] || NONE_COLOR })),
    (key, ul) => {
      solo = solo === key ? null : key;   // click: show only this segment; again: show all
      Object.entries(layers).forEach(([k, g]) => { g.style.display = solo && k !== solo ? "none" : ""; });
      ul.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(solo === b.dataset.key)));
    });
}

function drawValue(el) {
  const segments = readJson(el, "segments") || [];
  const colors = colorMap(segments);
  const shown = segments.filter((s) => s.value_share !== null && s.value_share !== undefined);
  if (!shown.length) {
    showEmpty(el, segments.some((s) => s.value_suppressed) ? "Value figures are hidden: they would reveal figures about fewer than " + (el.dataset.k || 5) + " people."
      : "No customer value column (revenue, CLV, spend…) was joined to these people.");
    return;
  }
  const max = Math.max(...shown.map((s) => Math.max(s.share, s.value_share))) * 100 * 1.15;
  const W = 420, H = 380, pad = { l: 48, r: 12, t: 16, b: 40 };
  const sx = (v) => pad.l + (W - pad.l - pad.r) * v / max, sy = (v) => H - pad.b - (H - pad.t - pad.b) * v / max;
  const svg = newSvg(el, W, H, el.getAttribute("aria-label"));
  const ticks = niceTicks(max, 4).map((v) => ({ v, label: v.toFixed(0) + "%" }));
  axes(svg, W, H, pad, ticks, ticks, sx, sy, "% of people", "% of total value");
  svgEl("line", { x1: sx(0), y1: sy(0), x2: sx(max), y2: sy(max), class: "diagonal" }, svg);
  shown.forEach((s) => {
    const g = svgEl("g", { class: "clickable" }, svg);
    const x = sx(100 * s.share), y = sy(100 * s.value_share), r = 7 + 20 * Math.sqrt(s.share);
    svgEl("circle", { cx: x, cy: y, r, fill: colors[s.key], "fill-opacity": 0.8 }, g);
    svgText(g, x, y - r - 3, s.name.length > 28 ? s.name.slice(0, 27) + "…" : s.name, { "text-anchor": "middle", class: "label" });
    tip(g, `${s.name}: ${(100 * s.share).toFixed(0)}% of people, ${(100 * s.value_share).toFixed(0)}% of value`);
    if (s.url) g.addEventListener("click", () => window.location.assign(s.url));
  });
  const hidden = segments.length - shown.length;
  if (hidden) noteUnder(el, hidden + " group(s) not shown: their value is hidden (it would reveal figures about fewer than " + (el.dataset.k || 5) + " people) or unknown.");
}

function drawTrend(el) {
  const rows = readJson(el, "trend") || [];
  if (!rows.length) { showEmpty(el, "No dates on these texts."); return; }
  if (rows.length === 1) { showEmpty(el, "All texts are from " + rows[0].month + "."); return; }
  const pct = (v) => (v === null || v === undefined ? null : 100 * v);
  const seg = rows.map((r) => pct(r.seg_share)), base = rows.map((r) => pct(r.base_share));
  const max = Math.max(1, ...seg.filter((v) => v !== null), ...base.filter((v) => v !== null)) * 1.1;
  const W = 600, H = 260, pad = { l: 48, r: 12, t: 12, b: 40 };
  const step = (W - pad.l - pad.r) / Math.max(1, rows.length - 1);
  const sx = (i) => pad.l + step * i, sy = (v) => H - pad.b - (H - pad.t - pad.b) * v / max;
  const svg = newSvg(el, W, H, el.getAttribute("aria-label"));
  const every = Math.ceil(rows.length / 8);
  axes(svg, W, H, pad, rows.map((r, i) => ({ v: i, label: i % every ? "" : r.month })),
       niceTicks(max, 4).map((v) => ({ v, label: v.toFixed(0) + "%" })), sx, sy, "", "% of people writing");
  const line = (vals, cls, color) => {
    let d = "", pen = false;
    vals.forEach((v, i) => { if (v === null) { pen = false; return; } d += (pen ? "L" : "M") + sx(i) + " " + sy(v) + " "; pen = true; });
    svgEl("path", { d, class: cls, stroke: color, fill: "none" }, svg);
  };
  line(base, "line-base", NONE_COLOR);
  line(seg, "line-seg", SEG_COLORS[0]);
  seg.forEach((v, i) => {
    if (v === null) return;
    tip(svgEl("circle", { cx: sx(i), cy: sy(v), r: 3.5, fill: SEG_COLORS[0] }, svg),
        `${rows[i].month}: ${v.toFixed(0)}% of the segment` + (base[i] === null ? "" : `, ${base[i].toFixed(0)}% of everyone`));
  });
  legend(el, [{ key: "seg", name: "This segment", color: SEG_COLORS[0] }, { key: "base", name: "Everyone", color: NONE_COLOR }], () => {});
  const hidden = rows.filter((r) => r.suppressed).length;
  if (hidden) noteUnder(el, hidden + " month(s) hidden: fewer than " + el.dataset.k + " people.");
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-map-url]").forEach(drawMap);
  document.querySelectorAll(".chart-value[data-segments]").forEach(drawValue);
  document.querySelectorAll("[data-trend]").forEach(drawTrend);
});
