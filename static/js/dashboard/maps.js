// Shared Leaflet helpers. Leaflet itself is the global `L` from django-leaflet's static files.

// Radius in metres that an imprecise location may be off by (location_precision 1-5).
export const PRECISION_RADIUS_M = { 1: 0, 2: 25000, 3: 60000, 4: 150000, 5: 400000 };

// A map with the configured tile layer, or none: an empty data-tile-url means offline,
// and the plain background colour stands in for tiles.
export function createMap(element, options = {}) {
  const map = L.map(element, { worldCopyJump: true, ...options });
  const url = element.dataset.tileUrl;
  if (url) {
    L.tileLayer(url, { attribution: element.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
  }
  map.attributionControl.setPrefix(false);
  return map;
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
