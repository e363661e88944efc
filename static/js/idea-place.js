/* The small map on an idea's page: its place in the city context, nothing else. */
(function () {
  "use strict";
  const el = document.querySelector("[data-idea-place]");
  if (!el) return;
  const point = JSON.parse(document.getElementById("idea-place-point").textContent);
  const map = KLMap.create(el, { center: [point.lat, point.lon], zoom: 16 });
  L.circleMarker([point.lat, point.lon], { radius: 9, color: "#fff", weight: 2, fillColor: "#c62828", fillOpacity: 1 }).addTo(map);
})();
