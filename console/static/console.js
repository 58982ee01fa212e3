// incidentd console: the priority preview of the report form, and live
// pages. No library, no build step.
"use strict";

// The report form names the priority the matrix will give.
function previewPriority() {
  const impact = document.getElementById("impact");
  const urgency = document.getElementById("urgency");
  const output = document.getElementById("priority-preview");
  if (!impact || !urgency || !output) return;
  const update = () => {
    let hint = "";
    document.querySelectorAll("#matrix td").forEach((cell) => {
      const chosen = cell.dataset.impact === impact.value && cell.dataset.urgency === urgency.value;
      cell.classList.toggle("chosen", chosen);
      if (chosen) hint = cell.dataset.hint;
    });
    output.textContent = hint;
  };
  impact.addEventListener("change", update);
  urgency.addEventListener("change", update);
  update();
}

// Live pages. watchByPolling asks the server for the page with the version
// it shows (If-None-Match): 304 while nothing changed, else the new page,
// handed to onChange. A watcher fed by server-sent events would call
// onChange the same way; the pages need nothing else.
function watchByPolling(version, seconds, onChange) {
  let current = version;
  const poll = async () => {
    if (document.hidden) return;
    let response;
    try {
      response = await fetch(location.href, {
        headers: { "If-None-Match": '"' + current + '"' },
        cache: "no-store",
        credentials: "same-origin",
      });
    } catch (e) {
      return; // offline for a moment: the next poll tries again
    }
    if (response.redirected || (response.status !== 200 && response.status !== 304)) {
      clearInterval(timer); // signed out, or the page is gone
      return;
    }
    if (response.status === 304) return;
    const tag = (response.headers.get("ETag") || "").replace(/"/g, "");
    const html = await response.text();
    if (onChange(new DOMParser().parseFromString(html, "text/html")) && tag) current = tag;
  };
  const timer = setInterval(poll, seconds * 1000);
}

// swapRegions replaces the live regions of the page with those of the new
// one. A region the person is working in (focus inside) is left alone
// until the next change; open sections stay open.
function swapRegions(doc) {
  let complete = true;
  document.querySelectorAll("[data-live-region]").forEach((region) => {
    const next = doc.getElementById(region.id);
    if (!next) return;
    if (region.contains(document.activeElement) && document.activeElement !== document.body) {
      complete = false;
      return;
    }
    const open = [...region.querySelectorAll("details[open][id]")].map((d) => d.id);
    region.replaceWith(next);
    open.forEach((id) => {
      const d = document.getElementById(id);
      if (d) d.open = true;
    });
  });
  const status = document.getElementById("live-status");
  if (status) status.textContent = document.documentElement.lang === "fr" ? "Page mise à jour" : "Page updated";
  document.body.dataset.liveUpdated = String(Date.now());
  return complete;
}

// On a phone the filters start folded, unless the list is filtered.
function foldFilters() {
  const filters = document.querySelector("details.filters");
  if (filters && window.innerWidth < 640 && !filters.dataset.filtered) filters.open = false;
}

document.addEventListener("DOMContentLoaded", () => {
  previewPriority();
  foldFilters();
  const version = document.body.dataset.liveVersion;
  if (version) watchByPolling(version, Number(document.body.dataset.pollSeconds) || 5, swapRegions);
});
