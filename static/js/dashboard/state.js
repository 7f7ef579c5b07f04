// The dashboard's whole state lives in the query string, so a link reproduces the view.
import { dateBoxValue, parseDateText, t } from "./format.js";

// FILTERS go to every API call; bucket and view (map position) only shape the display.
export const FILTERS = [
  "date_from", "date_to", "weapon", "place", "country", "admin1", "actor", "claimed_by",
  "attributed_to", "claimed", "has_casualties", "intercepted", "q",
];
export const ACTOR_ROLES = ["actor", "claimed_by", "attributed_to"];
const DATES = ["date_from", "date_to"];

export function readUrl() {
  return new URLSearchParams(window.location.search);
}

// The filters part of `params`, ready to append to an API URL.
export function filterParams(params) {
  const out = new URLSearchParams();
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) out.set(key, value);
  }
  return out;
}

// Form -> URL parameters. Weapons travel as one comma-separated value, as the API takes them;
// dates as ISO, however they were typed (the caller has checked them with dateErrors).
export function formToParams(form, previous) {
  const params = new URLSearchParams();
  const data = new FormData(form);
  for (const key of DATES) {
    const value = parseDateText(data.get(key));
    if (value) params.set(key, value);
  }
  for (const key of ["place", "country", "claimed", "q", "intercepted", "has_casualties", "bucket"]) {
    const value = (data.get(key) || "").trim();
    if (value) params.set(key, value);
  }
  const weapons = data.getAll("weapon");
  if (weapons.length) params.set("weapon", weapons.join(","));
  const actor = form.querySelector("#f-actor").value;
  if (actor) params.set(form.querySelector("#f-actor_role").value, actor);
  // admin1 has no control of its own yet, but a shared link may carry it: keep it.
  if (previous && previous.get("admin1")) params.set("admin1", previous.get("admin1"));
  if (previous && previous.get("view")) params.set("view", previous.get("view"));
  return params;
}

// The date boxes that do not hold a date, each marked and its message shown; [] when all do.
export function dateErrors(form) {
  const bad = [];
  for (const key of DATES) {
    const box = form.elements.namedItem(key);
    const message = document.getElementById(`f-${key}-error`);
    const value = box.value.trim();
    const ok = parseDateText(value) !== null;
    if (ok) box.removeAttribute("aria-invalid");
    else box.setAttribute("aria-invalid", "true");
    message.textContent = ok ? "" : `${box.dataset.label}: ${t("bad_date", { value })}`;
    message.hidden = ok;
    if (!ok) bad.push(box);
  }
  return bad;
}

// URL parameters -> form controls (on load and on back/forward).
export function paramsToForm(params, form) {
  for (const key of DATES) form.elements.namedItem(key).value = dateBoxValue(params.get(key));
  for (const key of ["place", "country", "claimed", "q", "bucket"]) {
    const control = form.elements.namedItem(key) || document.getElementById(`f-${key}`);
    if (control) control.value = params.get(key) || "";
  }
  const weapons = new Set((params.get("weapon") || "").split(",").filter(Boolean));
  for (const box of form.querySelectorAll('input[name="weapon"]')) box.checked = weapons.has(box.value);
  for (const key of ["intercepted", "has_casualties"]) {
    const box = form.querySelector(`input[name="${key}"]`);
    if (box) box.checked = params.get(key) === "true";
  }
  const role = ACTOR_ROLES.find((r) => params.get(r)) || "actor";
  form.querySelector("#f-actor_role").value = role;
  form.querySelector("#f-actor").value = params.get(role) || "";
}

export function sameState(a, b) {
  const sorted = (p) => [...p.entries()].sort().join("&");
  return sorted(a) === sorted(b);
}
