// The place filter: a WAI-ARIA combobox (a text box with a list of suggestions) over the
// places API, so the page never holds the whole gazetteer. Names, Arabic names and other
// names (aliases) all match, as the API searches them. The chosen slug lives in a hidden
// input (#f-place, name="place") that the rest of the dashboard reads and writes; whenever
// that value is set from outside (a shared link, back/forward, the map's "show only this
// place"), the text box shows that place's name.
import { num, t } from "./format.js";

const LIMIT = 10;
const DEBOUNCE_MS = 200;
const arabic = () => (document.documentElement.lang || "").startsWith("ar");

export function placeLabel(place) {
  const [first, second] = arabic() ? ["name_ar", "name_en"] : ["name_en", "name_ar"];
  return place[first] || place[second] || place.slug;
}

export class PlacePicker {
  constructor(input, hidden, listbox, status) {
    this.input = input;
    this.hidden = hidden;
    this.listbox = listbox;
    this.status = status;
    this.results = [];
    this.active = -1;
    this.cache = new Map(); // typed text -> results
    this.names = new Map(); // slug -> label, from results and lookups
    this.controller = null;
    this.timer = null;
    this.shownSlug = input.value.trim() ? hidden.value : "";
    if (this.shownSlug) this.names.set(this.shownSlug, input.value);
    this.countries = new Map(
      [...document.querySelectorAll("#f-country option")].filter((o) => o.value).map((o) => [o.value, o.textContent]),
    );

    input.addEventListener("input", () => this.onInput());
    input.addEventListener("keydown", (event) => this.onKeyDown(event));
    input.addEventListener("blur", () => this.onBlur());
    // A press on an option must not take the focus from the text box first.
    listbox.addEventListener("mousedown", (event) => event.preventDefault());
    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("li[data-index]");
      if (option) this.choose(this.results[Number(option.dataset.index)]);
    });
    // A hidden input's value is its value attribute: watching it catches every outside change.
    new MutationObserver(() => this.sync()).observe(hidden, { attributes: true, attributeFilter: ["value"] });
    if (hidden.value && !this.shownSlug) this.sync();
  }

  // Show the name of whatever place #f-place now holds.
  async sync() {
    const slug = this.hidden.value;
    if (slug === this.shownSlug) return;
    this.shownSlug = slug;
    this.close();
    if (!slug) {
      this.input.value = "";
      return;
    }
    let label = this.names.get(slug);
    if (!label) {
      this.input.value = slug;
      try {
        const response = await fetch(`/api/v1/places/${encodeURIComponent(slug)}/`, {
          headers: { Accept: "application/json" },
        });
        label = response.ok ? placeLabel(await response.json()) : slug;
      } catch {
        label = slug;
      }
      this.names.set(slug, label);
    }
    if (this.shownSlug === slug) this.input.value = label;
  }

  onInput() {
    clearTimeout(this.timer);
    const text = this.input.value.trim();
    if (!text) {
      // Clearing the text clears the filter.
      this.abort();
      this.close();
      this.status.textContent = "";
      if (this.hidden.value) this.set("");
      return;
    }
    this.timer = setTimeout(() => this.search(text), DEBOUNCE_MS);
  }

  abort() {
    if (this.controller) this.controller.abort();
    this.controller = null;
  }

  async search(text) {
    this.abort();
    let results = this.cache.get(text);
    if (!results) {
      const controller = new AbortController();
      this.controller = controller;
      this.status.textContent = t("place_searching");
      try {
        const query = new URLSearchParams({ q: text, limit: String(LIMIT) });
        const response = await fetch(`/api/v1/places/?${query}`, {
          headers: { Accept: "application/json" }, signal: controller.signal,
        });
        if (!response.ok) throw new Error(String(response.status));
        results = (await response.json()).results || [];
      } catch (error) {
        if (error.name === "AbortError") return;
        if (this.input.value.trim() === text) this.status.textContent = t("place_error");
        return;
      }
      if (this.controller === controller) this.controller = null;
      this.cache.set(text, results);
    }
    if (this.input.value.trim() !== text) return; // typed on since: a newer search follows
    for (const place of results) this.names.set(place.slug, placeLabel(place));
    this.show(results, text);
  }

  show(results, text) {
    this.results = results;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.replaceChildren();
    if (!results.length) {
      const empty = document.createElement("li");
      empty.setAttribute("role", "option");
      empty.setAttribute("aria-disabled", "true");
      empty.setAttribute("aria-selected", "false");
      empty.className = "placepicker-empty";
      empty.textContent = t("place_none", { text });
      empty.dir = "auto";
      this.listbox.append(empty);
      this.status.textContent = t("place_none", { text });
    } else {
      results.forEach((place, index) => this.listbox.append(this.option(place, index)));
      this.status.textContent = t("place_results", { n: num(results.length) });
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  }

  option(place, index) {
    const item = document.createElement("li");
    item.id = `${this.listbox.id}-${index}`;
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    item.dataset.index = String(index);
    item.dataset.slug = place.slug;
    const name = document.createElement("bdi");
    name.className = "placepicker-name";
    name.dir = "auto";
    name.textContent = placeLabel(place);
    item.append(name);
    const where = [place.admin1, this.countries.get(place.country) || place.country].filter(Boolean);
    if (where.length) {
      const secondary = document.createElement("span");
      secondary.className = "placepicker-where";
      secondary.dir = "auto";
      secondary.textContent = where.join(arabic() ? "، " : ", ");
      item.append(" ", secondary);
    }
    return item;
  }

  isOpen() {
    return !this.listbox.hidden;
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  move(step) {
    if (!this.results.length) return;
    const n = this.results.length;
    this.active = this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n;
    for (const item of this.listbox.querySelectorAll("li[data-index]")) {
      const on = Number(item.dataset.index) === this.active;
      item.setAttribute("aria-selected", on ? "true" : "false");
      if (on) {
        this.input.setAttribute("aria-activedescendant", item.id);
        item.scrollIntoView({ block: "nearest" });
      }
    }
  }

  onKeyDown(event) {
    switch (event.key) {
      case "ArrowDown":
      case "ArrowUp": {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        if (this.isOpen()) this.move(step);
        else if (this.input.value.trim()) {
          // Reopen the last suggestions (or look them up) without retyping.
          const text = this.input.value.trim();
          if (this.cache.has(text)) {
            this.show(this.cache.get(text), text);
            this.move(step);
          } else this.search(text);
        }
        break;
      }
      case "Enter":
        // Never submit the form from the text box while the list is open: Enter picks.
        if (this.isOpen()) {
          event.preventDefault();
          if (this.active >= 0) this.choose(this.results[this.active]);
        }
        break;
      case "Escape":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
          this.restore();
        }
        break;
      default:
    }
  }

  onBlur() {
    clearTimeout(this.timer);
    this.close();
    if (this.input.value.trim()) this.restore();
  }

  // Typed text that was not chosen gives way to the chosen place's name again.
  restore() {
    const slug = this.hidden.value;
    this.input.value = slug ? this.names.get(slug) || slug : "";
  }

  choose(place) {
    if (!place) return;
    const label = placeLabel(place);
    this.names.set(place.slug, label);
    this.input.value = label;
    this.close();
    this.status.textContent = "";
    this.set(place.slug);
  }

  set(slug) {
    this.shownSlug = slug;
    this.hidden.value = slug;
    // The dashboard applies its filters on "change" from any form control.
    this.hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

export function placePicker() {
  const input = document.getElementById("f-place-text");
  if (!input) return null;
  return new PlacePicker(
    input,
    document.getElementById("f-place"),
    document.getElementById("f-place-options"),
    document.getElementById("f-place-status"),
  );
}
