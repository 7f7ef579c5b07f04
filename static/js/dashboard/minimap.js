// The incident page's small map: a solid dot for an exact site, a dashed hollow circle sized
// by the uncertainty otherwise, so an approximate place never looks exact.
import { createMap, el, PRECISION_RADIUS_M } from "./maps.js";

const box = document.getElementById("mini-map");
if (box) {
  const lat = Number(box.dataset.lat);
  const lon = Number(box.dataset.lon);
  const precision = Number(box.dataset.precision) || 1;
  const map = createMap(box, { scrollWheelZoom: false });
  const radius = PRECISION_RADIUS_M[precision] || 0;
  let shape;
  if (radius) {
    // The view first: a circle cannot measure its bounds on a map that has none yet.
    map.fitBounds(L.latLng(lat, lon).toBounds(radius * 2), { padding: [10, 10] });
    shape = L.circle([lat, lon], { radius, className: "precision-area" }).addTo(map);
  } else {
    shape = L.circleMarker([lat, lon], { radius: 8, className: `cluster weapon-${box.dataset.weapon || "unknown"}` }).addTo(map);
    map.setView([lat, lon], 11);
  }
  shape.bindTooltip(el("span", box.dataset.label));
}
