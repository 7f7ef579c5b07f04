// The dashboard map: the server clusters the filtered incidents for the current viewport and
// zoom, and each cluster is one circle. A million incidents never become a million markers.
import { createMap, el, localName } from "./maps.js";
import { num, placeNodes, t, weaponLabel } from "./format.js";

const DEFAULT_VIEW = { lat: 33.3, lon: 42.5, zoom: 5 };

function dominantWeapon(weapons) {
  let best = "unknown";
  let most = -1;
  for (const [weapon, n] of Object.entries(weapons || {})) {
    if (n > most) { best = weapon; most = n; }
  }
  return best;
}

function radiusFor(count) {
  return Math.min(40, 7 + 4 * Math.log2(Math.max(count, 1)));
}

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

export function parseView(text) {
  const parts = (text || "").split("/").map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
  return { zoom: clamp(Math.round(parts[0]), 1, 18), lat: clamp(parts[1], -85, 85), lon: clamp(parts[2], -180, 180) };
}

export class ClusterMap {
  constructor(element, { onViewChange, onPlaceFilter }) {
    this.element = element;
    this.onViewChange = onViewChange;
    this.onPlaceFilter = onPlaceFilter;
    this.map = createMap(element);
    this.layer = L.layerGroup().addTo(this.map);
    this.filters = new URLSearchParams();
    this.controller = null;
    this.settingView = false;
    // Only a move by the reader fetches here: a programmatic setView is always followed by
    // show(), and a second, aborted request would still cost the server a full query.
    this.map.on("moveend", () => {
      if (this.settingView) return;
      this.onViewChange(this.viewText());
      this.refresh();
    });
  }

  viewText() {
    const c = this.map.getCenter();
    return `${this.map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`;
  }

  // Place the map without reporting it back as a user move; the moveend refreshes clusters.
  setView(viewText) {
    const view = parseView(viewText) || DEFAULT_VIEW;
    const c = this.map.getCenter && this.map._loaded ? this.map.getCenter() : null;
    if (c && this.map.getZoom() === view.zoom && Math.abs(c.lat - view.lat) < 1e-4 && Math.abs(c.lng - view.lon) < 1e-4) {
      return false;
    }
    this.settingView = true;
    this.map.setView([view.lat, view.lon], view.zoom, { animate: false });
    this.settingView = false;
    return true;
  }

  bboxParam() {
    const b = this.map.getBounds();
    const west = clamp(b.getWest(), -180, 180);
    const east = clamp(b.getEast(), -180, 180);
    const south = clamp(b.getSouth(), -90, 90);
    const north = clamp(b.getNorth(), -90, 90);
    return [west, south, east, north].map((n) => n.toFixed(5)).join(",");
  }

  async show(filters) {
    this.filters = filters;
    return this.refresh();
  }

  async refresh() {
    if (!this.map._loaded) return null;
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const params = new URLSearchParams(this.filters);
    params.set("bbox", this.bboxParam());
    params.set("zoom", String(this.map.getZoom()));
    let response;
    try {
      response = await fetch(`${this.element.dataset.clustersUrl}?${params}`, {
        signal: this.controller.signal, headers: { Accept: "application/json" },
      });
    } catch (error) {
      if (error.name === "AbortError") return null;
      throw error;
    }
    const data = await response.json();
    if (!response.ok) throw Object.assign(new Error("bad request"), { detail: data });
    this.draw(data.clusters);
    this.element.dataset.clusterCount = String(data.clusters.length);
    return data.total;
  }

  draw(clusters) {
    this.layer.clearLayers();
    for (const cluster of clusters) {
      const weapon = dominantWeapon(cluster.weapons);
      const approximate = cluster.place && (cluster.precision || 1) > 1;
      const marker = L.circleMarker([cluster.lat, cluster.lon], {
        radius: radiusFor(cluster.count),
        className: `cluster weapon-${weapon}${approximate ? " approximate" : ""}`,
        bubblingMouseEvents: false,
      });
      if (cluster.count > 1) {
        // The one tooltip a marker may have is its count; Leaflet would replace a second.
        marker.bindTooltip(el("span", num(cluster.count), { title: cluster.place ? "" : t("zoom_in", { n: num(cluster.count) }) }), {
          permanent: true, direction: "center", className: "cluster-label", interactive: false,
        });
      }
      if (cluster.place) {
        marker.bindPopup(() => this.popup(cluster));
      } else {
        marker.on("click", () => {
          const [w, s, e, n] = cluster.bounds;
          if (w === e && s === n) this.map.setView([s, w], Math.min(this.map.getZoom() + 3, 16));
          else this.map.fitBounds([[s, w], [n, e]], { padding: [30, 30], maxZoom: 16 });
        });
      }
      this.layer.addLayer(marker);
    }
  }

  // Built from DOM nodes: a place name or weapon holding markup stays text.
  popup(cluster) {
    const place = cluster.place;
    const box = el("div", null, { class: "cluster-popup" });
    const title = el("strong", null, { class: "popup-title" });
    title.append(...placeNodes(localName(place), cluster.precision || place.location_precision));
    box.append(title);
    box.append(el("div", t("incidents_here", { n: num(cluster.count) })));
    const list = el("ul", null, { class: "plain small" });
    for (const [weapon, n] of Object.entries(cluster.weapons || {})) {
      const item = el("li");
      item.append(el("span", null, { class: `swatch weapon-${weapon}`, "aria-hidden": "true" }), `${weaponLabel(weapon)}: ${num(n)}`);
      list.append(item);
    }
    box.append(list);
    const links = el("p", null, { class: "small" });
    links.append(el("a", t("open_place"), { href: `/places/${encodeURIComponent(place.slug)}/` }));
    const filter = el("button", t("filter_place"), { type: "button", class: "button secondary small" });
    filter.addEventListener("click", () => this.onPlaceFilter(place.slug));
    box.append(links, filter);
    return box;
  }
}
