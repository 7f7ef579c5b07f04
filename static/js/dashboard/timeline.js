// Attacks over time as stacked SVG bars (one per day, week or month, stacked by weapon).
// Dragging across it selects a period; the date inputs are the keyboard way to do the same.
// In a right-to-left page time runs from right to left, as an Arabic reader reads a line: the
// drawing mirrors its x positions while its container stays dir="ltr", so SVG text anchors
// keep their plain meaning.
import { digits, formatDay, formatMonth, num, t, weaponLabel } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 160;
const PAD = { top: 10, right: 8, bottom: 22, left: 34 };
const DAY_MS = 86400000;

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = String(text);
  return node;
}

const toDate = (iso) => new Date(`${iso}T00:00:00Z`);
const iso = (date) => date.toISOString().slice(0, 10);

export function periodStart(date, bucket) {
  const d = new Date(date);
  if (bucket === "month") return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  if (bucket === "week") {
    const weekday = (d.getUTCDay() + 6) % 7; // ISO weeks start on Monday
    return new Date(d.getTime() - weekday * DAY_MS);
  }
  return d;
}

export function nextPeriod(date, bucket) {
  if (bucket === "month") return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
  return new Date(date.getTime() + (bucket === "week" ? 7 : 1) * DAY_MS);
}

// A readable number of bars for the period on show.
export function autoBucket(from, to) {
  if (!from || !to) return "month";
  const days = (toDate(to) - toDate(from)) / DAY_MS;
  if (days <= 90) return "day";
  if (days <= 540) return "week";
  return "month";
}

export class Timeline {
  constructor(container, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.periods = [];
    this.bucket = "month";
    this.controller = null;
    this.selection = null;
    window.addEventListener("resize", () => this.data && this.draw());
  }

  async show(filters, bucket, selection) {
    this.bucket = bucket;
    this.selection = selection;
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const params = new URLSearchParams(filters);
    params.set("bucket", bucket);
    let response;
    try {
      response = await fetch(`${this.container.dataset.timelineUrl}?${params}`, {
        signal: this.controller.signal, headers: { Accept: "application/json" },
      });
    } catch (error) {
      if (error.name === "AbortError") return;
      throw error;
    }
    const data = await response.json();
    if (!response.ok) throw Object.assign(new Error("bad request"), { detail: data });
    this.data = data;
    this.draw();
  }

  // Every period from the first to the last, empty ones included, so time is to scale.
  fill(series, from, to) {
    const counts = new Map(series.map((s) => [s.period, s.counts]));
    const days = series.map((s) => s.period).sort();
    const first = from ? periodStart(toDate(from), this.bucket) : days.length ? toDate(days[0]) : null;
    const last = to ? periodStart(toDate(to), this.bucket) : days.length ? toDate(days[days.length - 1]) : null;
    const out = [];
    if (!first || !last) return out;
    for (let d = first; d <= last && out.length < 5000; d = nextPeriod(d, this.bucket)) {
      out.push({ period: iso(d), counts: counts.get(iso(d)) || {} });
    }
    return out;
  }

  draw() {
    const { weapons } = this.data;
    const sel = this.selection || {};
    this.periods = this.fill(this.data.series, sel.from, sel.to);
    const width = Math.max(this.container.clientWidth, 200);
    const rtl = document.documentElement.dir === "rtl";
    // The count axis sits on the side where time starts.
    const padStart = rtl ? PAD.right : PAD.left;
    const innerW = width - PAD.left - PAD.right;
    // x of a box of width w that starts x from where time starts.
    const place = (x, w = 0) => (rtl ? innerW - x - w : x);
    const anchorFor = (anchor) => (!rtl || anchor === "middle" ? anchor : anchor === "start" ? "end" : "start");
    const innerH = HEIGHT - PAD.top - PAD.bottom;
    const totals = this.periods.map((p) => Object.values(p.counts).reduce((a, b) => a + b, 0));
    const peak = Math.max(1, ...totals);
    const step = innerW / Math.max(this.periods.length, 1);
    const root = svg("svg", {
      viewBox: `0 0 ${width} ${HEIGHT}`, role: "img",
      "aria-label": t("timeline_label", { bucket: t(this.bucket) }),
    });
    const plot = svg("g", { transform: `translate(${padStart},${PAD.top})` });
    root.append(plot);

    this.periods.forEach((p, i) => {
      let y = innerH;
      const group = svg("g", { "data-period": p.period });
      const parts = [];
      for (const weapon of weapons) {
        const n = p.counts[weapon] || 0;
        if (!n) continue;
        const h = (n / peak) * innerH;
        y -= h;
        const barW = Math.max(step * 0.84, 0.6);
        group.append(svg("rect", {
          x: place(i * step + step * 0.08, barW).toFixed(2), y: y.toFixed(2),
          width: barW.toFixed(2), height: h.toFixed(2), class: `weapon-${weapon}`,
        }));
        parts.push(`${weaponLabel(weapon)}: ${num(n)}`);
      }
      if (parts.length) group.prepend(svg("title", {}, `${formatDay(p.period)} — ${parts.join(", ")}`));
      plot.append(group);
    });

    const axis = svg("g", { class: "axis" });
    axis.append(svg("line", { x1: 0, y1: innerH, x2: innerW, y2: innerH }));
    const countX = place(-4);
    axis.append(svg("text", { x: countX, y: 8, "text-anchor": anchorFor("end") }, num(peak)));
    axis.append(svg("text", { x: countX, y: innerH, "text-anchor": anchorFor("end") }, digits(0)));
    const ticks = Math.min(6, this.periods.length);
    for (let k = 0; k < ticks; k += 1) {
      const i = ticks === 1 ? 0 : Math.round((k * (this.periods.length - 1)) / (ticks - 1));
      const anchor = k === 0 ? "start" : k === ticks - 1 ? "end" : "middle";
      const x = k === ticks - 1 ? (i + 1) * step : i * step + step / 2;
      axis.append(svg("text", { x: place(k === 0 ? i * step : x).toFixed(1), y: innerH + 15, "text-anchor": anchorFor(anchor) },
        this.bucket === "month" ? formatMonth(this.periods[i].period) : formatDay(this.periods[i].period)));
    }
    plot.append(axis);

    // Brush: a transparent overlay takes the drag; the band shows the periods it covers.
    const band = svg("rect", { class: "brush", x: 0, y: 0, width: 0, height: innerH, visibility: "hidden" });
    const overlay = svg("rect", { x: 0, y: 0, width: innerW, height: innerH, fill: "transparent", cursor: "crosshair" });
    plot.append(band, overlay);
    const indexAt = (event) => {
      const box = overlay.getBoundingClientRect();
      const x = place(((event.clientX - box.left) / box.width) * innerW);
      return Math.min(this.periods.length - 1, Math.max(0, Math.floor(x / step)));
    };
    let start = null;
    const paint = (a, b) => {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      band.setAttribute("x", place(lo * step, (hi - lo + 1) * step).toFixed(2));
      band.setAttribute("width", ((hi - lo + 1) * step).toFixed(2));
      band.setAttribute("visibility", "visible");
    };
    overlay.addEventListener("pointerdown", (event) => {
      if (!this.periods.length) return;
      start = indexAt(event);
      overlay.setPointerCapture(event.pointerId);
      paint(start, start);
    });
    overlay.addEventListener("pointermove", (event) => { if (start !== null) paint(start, indexAt(event)); });
    overlay.addEventListener("pointerup", (event) => {
      if (start === null) return;
      const end = indexAt(event);
      const lo = this.periods[Math.min(start, end)].period;
      const hiStart = toDate(this.periods[Math.max(start, end)].period);
      const hi = iso(new Date(nextPeriod(hiStart, this.bucket).getTime() - DAY_MS));
      start = null;
      this.onSelect(lo, hi);
    });
    this.container.replaceChildren(root);
    this.container.dataset.periods = String(this.periods.length);
  }
}
