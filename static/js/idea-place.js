/* The small map on an idea's page: its place, nothing else. */
(function () {
  "use strict";
  const el = document.querySelector("[data-idea-place]");
  if (!el) return;
  const point = JSON.parse(document.getElementById("idea-place-point").textContent);
  const map = L.map(el, { scrollWheelZoom: false, keyboard: false }).setView([point.lat, point.lon], 16);
  L.tileLayer(el.dataset.tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution }).addTo(map);
  L.circleMarker([point.lat, point.lon], { radius: 9, color: "#fff", weight: 2, fillColor: "#c62828", fillOpacity: 1 }).addTo(map);
})();
