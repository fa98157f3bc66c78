// feedback-seg UI behaviour. No inline scripts: everything is wired here from data-* attributes.
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

// Fetch JSON from our API with the CSRF header (unsafe methods need it).
async function apiFetch(url, options = {}) {
  const headers = Object.assign({ "Accept": "application/json", "X-CSRFToken": csrfToken() }, options.headers || {});
  const resp = await fetch(url, Object.assign({ credentials: "same-origin" }, options, { headers }));
  const body = await resp.json().catch(() => ({ ok: false, error: "unexpected response", status: resp.status }));
  return body;
}

function setupDropzone(form) {
  const zone = form.querySelector(".dropzone");
  const input = form.querySelector('input[type="file"]');
  const nameEl = form.querySelector(".dz-name");
  if (!zone || !input) return;
  const maxBytes = Number(zone.dataset.maxBytes || 0);
  const show = () => {
    const f = input.files && input.files[0];
    if (!f) { nameEl.textContent = ""; return; }
    nameEl.textContent = f.name + " (" + Math.round(f.size / 1024) + " KB)";   // textContent: never HTML
    if (maxBytes && f.size > maxBytes) nameEl.textContent += " — larger than the limit";
  };
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach((ev) => zone.addEventListener(ev, (e) => {
    e.preventDefault(); zone.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((ev) => zone.addEventListener(ev, (e) => {
    e.preventDefault(); zone.classList.remove("over");
  }));
  zone.addEventListener("drop", (e) => {
    if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
  });
}

function setupJob(el) {
  const url = el.dataset.jobUrl;
  const field = (name) => el.querySelector('[data-field="' + name + '"]');
  const tick = async () => {
    const body = await apiFetch(url);
    if (!body.ok) { field("error").hidden = false; field("error").textContent = body.error; return; }
    const job = body.data;
    field("status").textContent = job.status || "";
    field("stage").textContent = job.stage || "";
    field("progress").value = job.progress || 0;
    field("message").textContent = job.message || "";
    if (job.error) { field("error").hidden = false; field("error").textContent = job.error; }
    const runId = job.result && job.result.run_id, link = field("run-link");
    if (link && job.status === "done" && runId) {   // a finished job links to its run
      const a = link.querySelector("a");
      a.href = a.dataset.runUrl.replace(/\/0$/, "/" + runId);
      link.hidden = false;
    }
    if (job.status !== "done" && job.status !== "failed") setTimeout(tick, 1500);
  };
  tick();
}

// Wide tables scroll inside their own box, so the page never scrolls sideways on a phone.
function wrapTables() {
  document.querySelectorAll("main table").forEach((t) => {
    if (t.parentElement.classList.contains("table-scroll")) return;
    const box = document.createElement("div");
    box.className = "table-scroll";
    t.parentElement.insertBefore(box, t);
    box.appendChild(t);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  wrapTables();
  document.querySelectorAll("form[data-dropzone]").forEach(setupDropzone);
  document.querySelectorAll("[data-job-url]").forEach(setupJob);
});

// After a review edit the server recomputes a run's figures; while it does, poll and reload when done.
function watchFreshness(el) {
  const url = el.dataset.freshnessUrl;
  let tries = 0;
  const tick = async () => {
    tries += 1;
    const body = await apiFetch(url).catch(() => null);
    if (body && body.ok && !body.data.stale) { window.location.reload(); return; }
    if (tries < 120) setTimeout(tick, 1000);
  };
  setTimeout(tick, 800);
}
document.addEventListener("DOMContentLoaded", () => {
  const el = document.querySelector("[data-freshness-url]");
  if (el && el.textContent.includes("Updating")) watchFreshness(el);
});
