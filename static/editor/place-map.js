// Map picker for a new place: click (or press Enter on the focused map) to set the coordinates;
// typing coordinates moves the marker. Leaflet comes from django-leaflet's static files.
const el = document.getElementById("place-map");
const L = window.L;
const lat = document.querySelector("input.lat");
const lng = document.querySelector("input.lng");

if (el && L && lat && lng) {
  // Mirrored in Arabic as the dashboard's map is: zoom top right, attribution bottom left.
  const rtl = getComputedStyle(el).direction === "rtl";
  const map = L.map(el, { keyboard: true, zoomControl: false, attributionControl: false }).setView([33.3, 42.5], 5);
  L.control.zoom({ position: rtl ? "topright" : "topleft" }).addTo(map);
  map.attributionControl = L.control.attribution({ position: rtl ? "bottomleft" : "bottomright" }).addTo(map);
  map.attributionControl.getContainer().setAttribute("dir", "auto");
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution }).addTo(map);
  }
  let marker = null;
  const show = (latlng) => {
    marker = marker || L.circleMarker(latlng, { radius: 8, weight: 3 }).addTo(map);
    marker.setLatLng(latlng);
  };
  const pick = (latlng) => {
    lat.value = latlng.lat.toFixed(5);
    lng.value = latlng.lng.toFixed(5);
    show(latlng);
  };
  map.on("click", (event) => pick(event.latlng));
  map.on("keypress", (event) => { if (event.originalEvent.key === "Enter") pick(map.getCenter()); });
  const typed = () => {
    const y = parseFloat(lat.value);
    const x = parseFloat(lng.value);
    if (Number.isFinite(y) && Number.isFinite(x) && Math.abs(y) <= 90 && Math.abs(x) <= 180) {
      show([y, x]);
      map.setView([y, x], Math.max(map.getZoom(), 8));
    }
  };
  lat.addEventListener("change", typed);
  lng.addEventListener("change", typed);
  typed();
}
