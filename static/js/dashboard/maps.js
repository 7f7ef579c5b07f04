// Shared Leaflet helpers. Leaflet itself is the global `L` from django-leaflet's static files.
import { T } from "./format.js";

// Radius in metres that an imprecise location may be off by (location_precision 1-5).
export const PRECISION_RADIUS_M = { 1: 0, 2: 25000, 3: 60000, 4: 150000, 5: 400000 };

// A map with the configured tile layer, or none: an empty data-tile-url means offline.
// Country outlines (Natural Earth, served locally) sit in a pane below the tiles, so they give
// the map its geography offline and vanish under the tiles when a tile server answers.
// In a right-to-left page the controls mirror: zoom at the top right, where the page starts,
// and the attribution at the bottom left.
export function createMap(element, options = {}) {
  const rtl = getComputedStyle(element).direction === "rtl";
  const map = L.map(element, { worldCopyJump: true, zoomControl: false, attributionControl: false, ...options });
  if (options.zoomControl !== false) {
    const zoom = { position: rtl ? "topright" : "topleft" };
    if (T.zoom_in_map) Object.assign(zoom, { zoomInTitle: T.zoom_in_map, zoomOutTitle: T.zoom_out_map });
    L.control.zoom(zoom).addTo(map);
  }
  map.attributionControl = L.control.attribution({ position: rtl ? "bottomleft" : "bottomright", prefix: false }).addTo(map);
  // Attributions are names and licences, mostly in Latin script: each reads in its own direction.
  map.attributionControl.getContainer().setAttribute("dir", "auto");
  const url = element.dataset.tileUrl;
  if (url) {
    L.tileLayer(url, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
  }
  addOutlines(map, element.dataset.outlinesUrl, element.dataset.topojsonUrl);
  return map;
}

let outlines = null; // one fetch and decode per page, shared by every map on it

async function addOutlines(map, dataUrl, libraryUrl) {
  if (!dataUrl || !libraryUrl) return;
  outlines ??= Promise.all([fetch(dataUrl).then((r) => r.json()), import(libraryUrl)]).then(
    ([topology, topojson]) => ({
      land: topojson.feature(topology, topology.objects.land),
      borders: topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b),
    }),
  );
  try {
    const { land, borders } = await outlines;
    const pane = map.createPane("outlines");
    pane.style.zIndex = 150; // tilePane is 200
    pane.style.pointerEvents = "none";
    const common = { pane, interactive: false };
    L.geoJSON(land, { ...common, style: { color: "#9aa5b1", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map);
    L.geoJSON(borders, { ...common, style: { color: "#7b8794", weight: 1, dashArray: "4 3", fill: false } }).addTo(map);
    map.attributionControl.addAttribution("Natural Earth");
  } catch (error) {
    console.warn("Country outlines unavailable:", error);
  }
}

// A DOM element with text only: popups and labels are never built from HTML strings.
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

export function isArabic() {
  return document.documentElement.lang.startsWith("ar");
}

// The name in the interface language, falling back to the other script.
export function localName(obj) {
  if (!obj) return "";
  return isArabic() ? obj.name_ar || obj.name_en || "" : obj.name_en || obj.name_ar || "";
}
