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

function parseDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function formatDay(iso) {
  return parseDay(iso).toLocaleDateString(lang(), {
    year: "numeric", month: "short", day: "numeric", timeZone: "UTC",
  });
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
    case 5: return t("year_of", { year: start.slice(0, 4) });
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
  return String(value);
}

export function weaponLabel(weapon) {
  return (T.weapons && T.weapons[weapon]) || weapon;
}
