// The dashboard: one filter state (the query string) drives the map, the timeline and the
// list together. Every change pushes a history entry, so back/forward and shared links work.
import { ClusterMap } from "./clustermap.js";
import { IncidentList } from "./list.js";
import { dateBoxValue, num, t } from "./format.js";
import { placePicker } from "./placepicker.js";
import { dateErrors, filterParams, formToParams, paramsToForm, readUrl, sameState } from "./state.js";
import { autoBucket, Timeline } from "./timeline.js";

const form = document.getElementById("filters");
const status = document.getElementById("status");
const timelineBox = document.getElementById("timeline");
const clearPeriod = document.getElementById("clear-period");
const follow = document.getElementById("follow");
placePicker();
let state = readUrl();
let generation = 0;

function describeError(error) {
  // API errors are problem details; validation ones name each field under "errors".
  const errors = error && error.detail && error.detail.errors;
  if (errors && typeof errors === "object") {
    const [field, messages] = Object.entries(errors)[0] || [];
    if (field) return t("bad_filter", { field, message: [].concat(messages).join(" ") });
  }
  return t("error");
}

function bucketFor(params) {
  const chosen = params.get("bucket");
  if (chosen) return chosen;
  const from = params.get("date_from") || timelineBox.dataset.first;
  const to = params.get("date_to") || timelineBox.dataset.last;
  return autoBucket(from, to);
}

const map = new ClusterMap(document.getElementById("map"), {
  onViewChange(view) {
    // Panning is not a new view worth a Back press: replace, don't push.
    state.set("view", view);
    window.history.replaceState(null, "", `?${state}`);
  },
  onPlaceFilter(slug) {
    form.querySelector("#f-place").value = slug;
    apply();
  },
});
const list = new IncidentList(document.getElementById("incident-list"), document.getElementById("list-more"));
const timeline = new Timeline(timelineBox, {
  onSelect(from, to) {
    form.elements.namedItem("date_from").value = dateBoxValue(from);
    form.elements.namedItem("date_to").value = dateBoxValue(to);
    apply();
  },
});

async function render() {
  const mine = ++generation;
  const filters = filterParams(state);
  // "Follow this view": the feed of exactly these filters, in the page's language.
  const feed = new URLSearchParams(filters);
  feed.set("lang", follow.dataset.lang);
  follow.href = `${follow.pathname}?${feed}`;
  clearPeriod.hidden = !(state.get("date_from") || state.get("date_to"));
  status.textContent = t("loading");
  document.body.dataset.loading = "true";
  try {
    const [total, shown] = await Promise.all([
      map.show(filters),
      list.show(filters),
      timeline.show(filters, bucketFor(state), { from: state.get("date_from"), to: state.get("date_to") }),
    ]);
    if (mine !== generation) return;
    if (total === null || total === undefined) status.textContent = "";
    else if (total === 0) status.textContent = t("none");
    else {
      const head = total === 1 ? t("total_one") : t("total", { n: num(total) });
      status.textContent = `${head} · ${t("showing", { shown: num(shown), n: num(total) })}`;
    }
  } catch (error) {
    if (error.name === "AbortError" || mine !== generation) return;
    status.textContent = describeError(error);
  } finally {
    if (mine === generation) document.body.dataset.loading = "false";
  }
}

function apply() {
  // A box that does not hold a date keeps what was typed and says why; nothing is fetched.
  const bad = dateErrors(form);
  if (bad.length) {
    bad[0].focus();
    return;
  }
  const next = formToParams(form, state);
  if (sameState(next, state)) return;
  state = next;
  window.history.pushState(null, "", state.toString() ? `?${state}` : window.location.pathname);
  render();
}

form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
// The place text box only suggests; its hidden #f-place changes when a place is chosen.
form.addEventListener("change", (event) => {
  if (event.target.id !== "f-q" && event.target.id !== "f-place-text") apply();
});
let typing;
form.querySelector("#f-q").addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(apply, 400);
});
document.getElementById("reset").addEventListener("click", (event) => {
  event.preventDefault();
  form.reset();
  for (const select of form.querySelectorAll("select")) select.value = "";
  form.querySelector("#f-actor_role").value = "actor";
  for (const input of form.querySelectorAll("input")) if (input.type !== "checkbox") input.value = "";
  for (const box of form.querySelectorAll("input[type=checkbox]")) box.checked = false;
  document.getElementById("f-bucket").value = "";
  apply();
});
clearPeriod.addEventListener("click", () => {
  form.elements.namedItem("date_from").value = "";
  form.elements.namedItem("date_to").value = "";
  apply();
});
window.addEventListener("popstate", () => {
  state = readUrl();
  paramsToForm(state, form);
  dateErrors(form);
  map.setView(state.get("view"));
  render();
});

// On a phone the filters would push the map off the first screen: start them folded.
if (window.matchMedia("(max-width: 900px)").matches) document.getElementById("filter-panel").open = false;
paramsToForm(state, form);
map.setView(state.get("view"));
render();
