// Review queue, by keys, click or touch. Data comes from the JSON API; every text goes in via textContent.
"use strict";

function setupQueue(root) {
  const field = (name) => root.querySelector('[data-field="' + name + '"]');
  const canEdit = root.dataset.canEdit === "true";
  const state = { entries: [], segments: [], versions: {}, pos: 0, next: null, remaining: 0, undo: [], busy: false };

  const say = (msg, isError) => {
    const ok = field("status"), bad = field("error");
    ok.hidden = !!isError || !msg; bad.hidden = !isError;
    (isError ? bad : ok).textContent = msg || "";
  };

  const choicesFor = (entry) => {
    const seen = new Set(), out = [];
    (entry.candidates || []).forEach((c) => { if (!seen.has(c.segment_id)) { seen.add(c.segment_id); out.push(c); } });
    state.segments.forEach((s) => { if (!seen.has(s.segment_id)) { seen.add(s.segment_id); out.push({ segment_id: s.segment_id, name: s.name }); } });
    return out.slice(0, 9);
  };

  const render = () => {
    const entry = state.entries[state.pos];
    const box = field("entry");
    if (!entry) {
      box.hidden = true;
      field("position").textContent = state.entries.length ? "End of the queue." : "Nobody left to review.";
      return;
    }
    box.hidden = false;
    field("position").textContent = "Person " + (state.pos + 1) + " of " + state.remaining + " to review";
    field("who").textContent = "Respondent " + entry.external_id;
    field("segment").textContent = entry.unassigned ? "Unassigned" : entry.segment;
    field("confidence").textContent = "confidence " + Math.round(entry.confidence * 100) + "%";
    const items = field("items");
    items.replaceChildren();
    entry.items.forEach((it) => {
      const li = document.createElement("li");
      if (it.question || it.field) {
        const q = document.createElement("span"); q.className = "q"; q.textContent = it.question || it.field; li.appendChild(q);
      }
      li.appendChild(document.createTextNode(it.text || ""));
      items.appendChild(li);
    });
    const list = field("choices");
    list.replaceChildren();
    choicesFor(entry).forEach((c, i) => {
      const li = document.createElement("li");
      const btn = document.createElement(canEdit ? "button" : "span");
      if (canEdit) { btn.type = "button"; btn.className = "choice"; btn.addEventListener("click", () => assign(i + 1)); }
      const key = document.createElement("kbd"); key.textContent = String(i + 1);
      const name = document.createElement("span"); name.textContent = c.name;
      if (c.segment_id === entry.segment_id) name.className = "current";
      btn.append(key, " ", name);
      if (c.score !== undefined) {
        const sc = document.createElement("span"); sc.className = "score"; sc.textContent = "similarity " + c.score.toFixed(2);
        btn.append(" ", sc);
      }
      li.appendChild(btn);
      li.dataset.segmentId = c.segment_id;
      list.appendChild(li);
    });
  };

  const load = async (append) => {
    let url = root.dataset.queueUrl + (root.dataset.queueUrl.includes("?") ? "&" : "?") + "limit=50";
    if (append && state.next) url += "&next=" + encodeURIComponent(state.next);
    const body = await apiFetch(url);
    if (!body.ok) { say(body.error, true); return; }
    state.segments = body.data.segments;
    state.versions = body.data.versions || {};
    state.remaining = body.data.remaining + (append ? state.pos : 0);
    state.entries = append ? state.entries.concat(body.data.entries) : body.data.entries;
    state.next = body.next || null;
    if (!append) state.pos = 0;
    render();
  };

  const move = (delta) => {
    const to = state.pos + delta;
    if (to < 0) return;
    if (to >= state.entries.length && state.next) { state.pos = to; load(true); return; }
    state.pos = Math.min(to, state.entries.length);
    render();
  };

  // every edit sends the versions it was based on: the person's segment and the target (409 when stale)
  const versionsFor = (entry, payload) => {
    const out = {};
    [entry.segment_id, payload.target_segment_id].forEach((id) => {
      if (id !== undefined && id !== null && state.versions[id] !== undefined) out[id] = state.versions[id];
    });
    return out;
  };

  const act = async (payload, done) => {
    const entry = state.entries[state.pos];
    if (!entry || state.busy || !canEdit) return;
    state.busy = true;
    try {
      const body = await apiFetch(root.dataset.actUrl, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(Object.assign({ respondent_ids: [entry.respondent_id], versions: versionsFor(entry, payload) }, payload)),
      });
      if (!body.ok) {
        if (body.status === 409) { say(body.error + " — the queue was refreshed.", true); await load(false); }
        else say(body.error, true);
        return;
      }
      state.undo.push({ id: body.data.event_id, entry, pos: state.pos });
      say(done + " (u to undo)");
      state.entries.splice(state.pos, 1);
      state.remaining = Math.max(0, state.remaining - 1);
      Object.assign(state.versions, body.data.versions || {});
      state.segments.forEach((s) => { if (state.versions[s.segment_id]) s.version = state.versions[s.segment_id]; });
      if (state.pos >= state.entries.length && state.next) await load(true); else render();
    } finally { state.busy = false; }
  };

  const assign = (n) => {
    const entry = state.entries[state.pos];
    if (!entry) return;
    const choice = choicesFor(entry)[n - 1];
    if (!choice) return;
    act({ action: "move", target_segment_id: choice.segment_id }, "Moved to " + choice.name);
  };

  // undo the last action and come back to that person, where the user was in the queue
  const undo = async () => {
    if (state.busy) return;
    const last = state.undo.pop();
    if (!last) { say("Nothing to undo.", false); return; }
    state.busy = true;
    try {
      const body = await apiFetch(root.dataset.undoUrl.replace("/0/", "/" + last.id + "/"), { method: "POST" });
      if (!body.ok) { say(body.error, true); return; }
      say("Undone.");
    } finally { state.busy = false; }
    await load(false);
    let at = state.entries.findIndex((e) => e.respondent_id === last.entry.respondent_id);
    if (at < 0) {                                     // not on the first page any more: put it back by hand
      at = Math.min(last.pos, state.entries.length);
      state.entries.splice(at, 0, last.entry);
      state.remaining += 1;
    }
    state.pos = at;
    render();
  };

  root.querySelectorAll("[data-act]").forEach((btn) => btn.addEventListener("click", () => {
    const what = btn.dataset.act;
    if (what === "next") move(1);
    else if (what === "prev") move(-1);
    else if (what === "confirm") act({ action: "confirm" }, "Confirmed");
    else if (what === "outlier") act({ action: "outlier" }, "Marked as outlier");
    else if (what === "undo") undo();
  }));

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    const k = e.key;
    if (k === "j" || k === "ArrowDown" || k === "ArrowRight") { e.preventDefault(); move(1); }
    else if (k === "k" || k === "ArrowUp" || k === "ArrowLeft") { e.preventDefault(); move(-1); }
    else if (canEdit && k >= "1" && k <= "9") { e.preventDefault(); assign(Number(k)); }
    else if (canEdit && k === "o") { e.preventDefault(); act({ action: "outlier" }, "Marked as outlier"); }
    else if (canEdit && k === "c") { e.preventDefault(); act({ action: "confirm" }, "Confirmed"); }
    else if (canEdit && k === "u") { e.preventDefault(); undo(); }
  });
  root.focus();
  load(false);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("#queue[data-queue-url]").forEach(setupQueue);
});
