// Search page behaviour (no inline scripts): add attribute filter rows.
"use strict";

function setupWhere(fieldset) {
  const button = fieldset.querySelector("[data-add-where]");
  if (!button) return;
  const maxRows = 10;
  button.hidden = false;
  button.addEventListener("click", () => {
    const rows = fieldset.querySelectorAll("[data-where-row]");
    if (rows.length >= maxRows) return;
    const last = rows[rows.length - 1];
    const row = last.cloneNode(true);
    row.querySelectorAll("select").forEach((s) => { s.selectedIndex = 0; });
    row.querySelectorAll("input").forEach((i) => { i.value = ""; });
    last.after(row);
    const select = row.querySelector("select");
    if (select) select.focus();
    if (rows.length + 1 >= maxRows) button.hidden = true;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-where]").forEach(setupWhere);
});
