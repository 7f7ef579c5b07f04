// Ties a small Leaflet map to the latitude/longitude inputs of an admin form.
// The inputs stay the source of truth: typing moves the marker, clicking the map fills them.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("salvo-map-picker");
  if (!box || !window.L) return;
  const lat = document.getElementById(box.dataset.latInput);
  const lon = document.getElementById(box.dataset.lonInput);
  if (!lat || !lon) return;

  const start = [parseFloat(lat.value) || 33.3, parseFloat(lon.value) || 43.5];
  const map = L.map(box).setView(start, lat.value ? 9 : 5);
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.tileAttribution }).addTo(map);
  }
  const marker = L.marker(start, { draggable: true }).addTo(map);

  const fill = (latlng) => {
    lat.value = latlng.lat.toFixed(5);
    lon.value = latlng.lng.toFixed(5);
  };
  map.on("click", (event) => { marker.setLatLng(event.latlng); fill(event.latlng); });
  marker.on("dragend", () => fill(marker.getLatLng()));
  const follow = () => {
    const point = [parseFloat(lat.value), parseFloat(lon.value)];
    if (point.every(Number.isFinite)) { marker.setLatLng(point); map.panTo(point); }
  };
  lat.addEventListener("change", follow);
  lon.addEventListener("change", follow);
});
