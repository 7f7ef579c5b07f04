// Interface words (rendered by Django in the page language) and honest date/place labels.
const data = document.getElementById("dashboard-strings");
export const T = data ? JSON.parse(data.textContent) : {};

export function t(key, values = {}) {
  let text = T[key] || key;
  for (const [name, value] of Object.entries(values)) {
    text = text.split(`%(${name})s`).join(String(value));
  }
  return text;
}

const lang = () => document.documentElement.lang || "en";
const arabic = () => lang().startsWith("ar");
// The reader's digits (the salvo_digits cookie, read by the server into data-digits): Western
// unless an Arabic reader chose Arabic-Indic. Only for what people read, never for URLs.
const numbering = () => (arabic() && document.documentElement.dataset.digits === "arab" ? "arab" : "latn");
export const locale = () => `${lang()}-u-nu-${numbering()}`;
const ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩";

export function digits(text) {
  const value = String(text);
  return numbering() === "arab" ? value.replace(/[0-9]/g, (d) => ARABIC_INDIC[d]) : value;
}

export function num(n) {
  return Number(n).toLocaleString(locale());
}

function parseDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function formatDay(iso) {
  return parseDay(iso).toLocaleDateString(locale(), {
    year: "numeric", month: "short", day: "numeric", timeZone: "UTC",
  });
}

export function formatMonth(iso) {
  return parseDay(iso).toLocaleDateString(locale(), { year: "numeric", month: "short", timeZone: "UTC" });
}

// What an Arabic reader types into a date box: day/month/year (or year-month-day), in either
// digit set, maybe with the direction marks of a copied date. The same rules as the server's
// incidents/dates.py. Returns the ISO date, "" for an empty box, null for a non-date.
export function parseDateText(text) {
  const clean = String(text || "")
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\s]/g, "")
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
  if (!clean) return "";
  let match = clean.match(/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/);
  let y, m, d;
  if (match) [, y, m, d] = match.map(Number);
  else if ((match = clean.match(/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/))) [, d, m, y] = match.map(Number);
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

// An ISO date as the date box shows it: day first in Arabic (25/12/2023), ISO otherwise,
// since there the box is the browser's own date picker.
export function dateBoxValue(iso) {
  if (!iso || !arabic() || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso || "";
  const [y, m, d] = iso.split("-");
  return digits(`${d}/${m}/${y}`);
}

// A date only as precise as it is known (date_precision 1 day .. 5 year).
export function dateLabel(row) {
  const start = row.date_start;
  switch (row.date_precision) {
    case 1: return formatDay(start);
    case 3: return t("week_of", { date: formatDay(start) });
    case 4: return t("month_of", {
      month: parseDay(start).toLocaleDateString(lang(), { year: "numeric", month: "long", timeZone: "UTC" }),
    });
    case 5: return t("year_of", { year: digits(start.slice(0, 4)) });
    default: return t("span", { start: formatDay(start), end: formatDay(row.date_end) });
  }
}

// A place label ("near X" when imprecise) as text around a <bdi> holding the name, so a name
// in the other script keeps its own direction (and its brackets) inside the sentence.
export function placeNodes(name, precision) {
  const phrase = !precision || precision <= 1 ? "%(place)s" : t(precision === 2 ? "near" : "approx_place");
  const isolated = document.createElement("bdi");
  isolated.textContent = name;
  const [before, ...after] = phrase.split("%(place)s");
  return [before, isolated, after.join(name)].filter((part) => part !== "");
}

// NULL is unknown, 0 is "none reported": they must never look the same.
export function countLabel(value) {
  if (value === null || value === undefined) return "?";
  return digits(value);
}

export function weaponLabel(weapon) {
  return (T.weapons && T.weapons[weapon]) || weapon;
}
