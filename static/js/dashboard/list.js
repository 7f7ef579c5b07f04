// The incident list: the API's cursor pages, rendered with DOM nodes and textContent only.
import { el, isArabic, localName } from "./maps.js";
import { countLabel, dateLabel, placeNodes, t, weaponLabel } from "./format.js";

export function pageUrl(publicId) {
  return `/incidents/${encodeURIComponent(publicId)}/`;
}

function countCell(value) {
  const span = el("span", countLabel(value));
  if (value === null || value === undefined) {
    span.className = "unknown";
    span.title = t("unknown");
  } else if (value === 0) {
    span.title = t("none_reported");
  }
  return span;
}

function pair(a, b) {
  const td = el("td", null, { class: "num hide-narrow" });
  td.append(countCell(a), " / ", countCell(b));
  return td;
}

function row(incident) {
  const tr = el("tr", null, { class: "clickable" });
  const url = pageUrl(incident.public_id);
  const dateCell = el("td");
  dateCell.append(el("a", dateLabel(incident), { href: url }));
  const weaponCell = el("td");
  weaponCell.append(
    el("span", null, { class: `swatch weapon-${incident.weapon}`, "aria-hidden": "true" }),
    weaponLabel(incident.weapon),
  );
  const place = incident.place || {};
  const precision = Math.max(incident.location_precision || 1, place.location_precision || 1);
  const placeCell = el("td");
  placeCell.append(...placeNodes(localName(place), precision));
  if (precision > 1) placeCell.className = "approx";
  const separator = isArabic() ? "، " : ", ";
  const claimants = el("td", null, { class: "hide-narrow" });
  (incident.claimed_by || []).forEach((actor, i) => {
    if (i) claimants.append(separator);
    claimants.append(el("bdi", localName(actor)));
  });
  tr.append(dateCell, weaponCell, placeCell, pair(incident.launched, incident.intercepted),
            pair(incident.killed, incident.wounded), claimants);
  // A click anywhere on the row opens the incident; the date link serves keyboards.
  tr.addEventListener("click", (event) => {
    if (event.target.closest("a")) return;
    window.location.assign(url);
  });
  return tr;
}

export class IncidentList {
  constructor(table, moreButton) {
    this.table = table;
    this.body = table.querySelector("tbody");
    this.more = moreButton;
    this.next = null;
    this.controller = null;
    this.more.addEventListener("click", () => this.next && this.load(this.next, true));
  }

  async show(filters) {
    const url = `${this.table.dataset.listUrl}?${filters}${filters.toString() ? "&" : ""}limit=50`;
    return this.load(url, false);
  }

  async load(url, append) {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const response = await fetch(url, { signal: this.controller.signal, headers: { Accept: "application/json" } });
    const data = await response.json();
    if (!response.ok) throw Object.assign(new Error("bad request"), { detail: data });
    if (!append) this.body.replaceChildren();
    for (const incident of data.results) this.body.append(row(incident));
    if (!append && data.results.length === 0) {
      const empty = el("tr");
      empty.append(el("td", t("none"), { colspan: "6" }));
      this.body.append(empty);
    }
    this.next = data.next;
    this.more.hidden = !data.next;
    return this.body.querySelectorAll("tr.clickable").length;
  }
}
