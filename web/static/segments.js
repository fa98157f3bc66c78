// Segment overview and segment page charts (plotly.js served locally). No inline scripts:
// data comes from data-* attributes or from our JSON API.
"use strict";

const SEG_COLORS = ["#2f5bd3", "#e07a1f", "#1f9d6b", "#c2387a", "#7b4fd6",
                    "#0f8fa8", "#b8860b", "#d43c3c", "#4a7a1f", "#6b6f80"];
const NONE_COLOR = "#a3aab8";
const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] };

function readJson(el, name) {
  try { return JSON.parse(el.dataset[name] || "null"); } catch (e) { return null; }
}

function baseLayout(extra) {
  const css = getComputedStyle(document.body);
  return Object.assign({
    margin: { l: 48, r: 16, t: 8, b: 40 }, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: css.fontFamily, color: css.color, size: 12 }, hovermode: "closest",
  }, extra || {});
}

// plotly renders a little HTML in labels: escape user text (segment names) so it stays text.
function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// A short note under a chart (what is not shown and why).
function noteUnder(el, text) {
  const p = document.createElement("p");
  p.className = "muted small chart-note";
  p.textContent = text;
  el.insertAdjacentElement("afterend", p);
}

function showEmpty(el, text) {
  el.classList.add("chart-empty");
  el.textContent = text;   // textContent: never HTML
}

// Segment key -> colour, in the order of the cards (Unassigned grey).
function colorMap(segments) {
  const out = {}; let i = 0;
  (segments || []).forEach((s) => {
    out[s.key] = s.unassigned ? NONE_COLOR : SEG_COLORS[i++ % SEG_COLORS.length];
  });
  return out;
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
  const groups = {};
  body.data.forEach((p) => {
    const g = groups[p.segment_key] || (groups[p.segment_key] = { name: esc(p.segment), x: [], y: [], text: [] });
    g.x.push(p.x); g.y.push(p.y);
    g.text.push(esc(p.segment) + "<br>confidence " + p.confidence.toFixed(2) + (p.origin === "human" ? " (set by a person)" : ""));
  });
  const order = segments.map((s) => s.key).filter((k) => groups[k]).concat(Object.keys(groups).filter((k) => !segments.some((s) => s.key === k)));
  const traces = order.map((key) => ({
    type: body.data.length > 4000 ? "scattergl" : "scatter", mode: "markers", name: groups[key].name, x: groups[key].x, y: groups[key].y,
    text: groups[key].text, hoverinfo: "text", customdata: groups[key].x.map(() => key),
    marker: { size: 7, opacity: key === "unassigned" ? 0.55 : 0.85, color: colors[key] || NONE_COLOR,
              line: { width: 0.5, color: "rgba(255,255,255,.6)" } },
  }));
  const layout = baseLayout({
    xaxis: { visible: false }, yaxis: { visible: false, scaleanchor: "x" },
    legend: { orientation: "h", y: -0.02, itemclick: "toggleothers" }, margin: { l: 8, r: 8, t: 8, b: 8 },
  });
  await Plotly.newPlot(el, traces, layout, PLOT_CONFIG);
  el.on("plotly_click", (ev) => {
    const key = ev.points && ev.points[0] && ev.points[0].customdata;
    if (key && urls[key]) window.location.assign(urls[key]);
  });
}

function drawValue(el) {
  const segments = (readJson(el, "segments") || []);
  const colors = colorMap(segments);
  const shown = segments.filter((s) => s.value_share !== null && s.value_share !== undefined);
  if (!shown.length) {
    showEmpty(el, segments.some((s) => s.value_suppressed) ? "Value figures are hidden: they would reveal figures about fewer than " + (el.dataset.k || 5) + " people."
      : "No customer value column (revenue, CLV, spend…) was joined to these people.");
    return;
  }
  const max = Math.max(...shown.map((s) => Math.max(s.share, s.value_share))) * 100 * 1.15;
  const traces = [{
    type: "scatter", mode: "lines", x: [0, max], y: [0, max], hoverinfo: "skip", showlegend: false,
    line: { dash: "dot", width: 1, color: NONE_COLOR },
  }, {
    type: "scatter", mode: "markers+text", x: shown.map((s) => 100 * s.share), y: shown.map((s) => 100 * s.value_share),
    text: shown.map((s) => esc(s.name)), textposition: "top center", cliponaxis: false, showlegend: false,
    customdata: shown.map((s) => s.url),
    hovertemplate: "%{text}<br>%{x:.0f}% of people<br>%{y:.0f}% of value<extra></extra>",
    marker: { size: shown.map((s) => 14 + 40 * Math.sqrt(s.share)), color: shown.map((s) => colors[s.key]), opacity: 0.8 },
  }];
  const hidden = segments.length - shown.length;
  const layout = baseLayout({
    xaxis: { title: { text: "% of people" }, range: [0, max], zeroline: false, ticksuffix: "%" },
    yaxis: { title: { text: "% of total value" }, range: [0, max], zeroline: false, ticksuffix: "%" },
    margin: { l: 56, r: 16, t: 24, b: 48 },
  });
  if (hidden) noteUnder(el, hidden + " group(s) not shown: their value is hidden (it would reveal figures about fewer than " + (el.dataset.k || 5) + " people) or unknown.");
  Plotly.newPlot(el, traces, layout, PLOT_CONFIG).then(() => {
    el.on("plotly_click", (ev) => {
      const url = ev.points && ev.points[0] && ev.points[0].customdata;
      if (typeof url === "string") window.location.assign(url);
    });
  });
}

function drawTrend(el) {
  const rows = readJson(el, "trend") || [];
  if (!rows.length) { showEmpty(el, "No dates on these texts."); return; }
  if (rows.length === 1) { showEmpty(el, "All texts are from " + rows[0].month + "."); return; }
  const k = el.dataset.k;
  const months = rows.map((r) => r.month);
  const pct = (v) => (v === null || v === undefined ? null : 100 * v);
  const traces = [
    { type: "scatter", mode: "lines+markers", name: "This segment", x: months, y: rows.map((r) => pct(r.seg_share)),
      line: { color: SEG_COLORS[0], width: 3 }, connectgaps: false,
      hovertemplate: "%{x}: %{y:.0f}% of the segment<extra></extra>" },
    { type: "scatter", mode: "lines", name: "Everyone", x: months, y: rows.map((r) => pct(r.base_share)),
      line: { color: NONE_COLOR, dash: "dot" }, hovertemplate: "%{x}: %{y:.0f}% of everyone<extra></extra>" },
  ];
  const hidden = rows.filter((r) => r.suppressed).length;
  const layout = baseLayout({
    yaxis: { title: { text: "% of people writing" }, ticksuffix: "%", rangemode: "tozero" },
    xaxis: { type: "category" }, legend: { orientation: "h", y: 1.12 }, margin: { l: 56, r: 16, t: 24, b: 40 },
  });
  if (hidden) noteUnder(el, hidden + " month(s) hidden: fewer than " + k + " people.");
  Plotly.newPlot(el, traces, layout, PLOT_CONFIG);
}

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Plotly === "undefined") {
    document.querySelectorAll(".chart").forEach((el) => showEmpty(el, "Charts could not be loaded."));
    return;
  }
  document.querySelectorAll("[data-map-url]").forEach(drawMap);
  document.querySelectorAll(".chart-value[data-segments]").forEach(drawValue);
  document.querySelectorAll("[data-trend]").forEach(drawTrend);
});
