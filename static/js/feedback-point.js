/* A feature's page: the planned feature on the map, and an optional point near it for the feedback form
   (click/tap, or keyboard through KLMap.pointer). Without JavaScript the form works without a point. */
(function () {
  "use strict";

  const node = document.querySelector("[data-feedback-map]");
  if (!node || !window.KLMap) return;
  const feature = JSON.parse(document.getElementById("feedback-feature").textContent);
  const form = document.getElementById("feedback-form");
  const map = KLMap.create(node, { keyboard: false });
  const shape = L.geoJSON(feature, {
    style: { color: "#b34700", weight: 6, opacity: 0.9, className: "feedback-feature" },
    pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 9, color: "#b34700" }); },
    interactive: false,
  }).addTo(map);
  if (shape.getLayers().length) map.fitBounds(shape.getBounds(), { padding: [24, 24], maxZoom: 18, animate: false });
  node.dataset.ready = "true";
  if (!form) return;

  const lon = form.querySelector("input[name=lon]");
  const lat = form.querySelector("input[name=lat]");
  const status = document.getElementById("point-status");
  const clear = document.getElementById("point-clear");
  const emptyText = status.textContent;
  const marker = L.circleMarker([0, 0], { radius: 8, color: "#1d4f91", fillOpacity: 0.8, className: "feedback-point" });

  function place(latlng) {
    marker.setLatLng(latlng).addTo(map);
    lon.value = latlng.lng.toFixed(6);
    lat.value = latlng.lat.toFixed(6);
    clear.hidden = false;
    node.dataset.point = lon.value + "," + lat.value;
    KLMap.describe(latlng)
      .then(function (text) { status.textContent = text; })
      .catch(function (error) { status.textContent = error.message; });
  }

  function remove() {
    map.removeLayer(marker);
    lon.value = lat.value = "";
    clear.hidden = true;
    status.textContent = emptyText;
    delete node.dataset.point;
  }

  KLMap.pointer(map, place, { onRemove: remove, status: status });
  clear.addEventListener("click", remove);
  if (lon.value && lat.value) place(L.latLng(Number(lat.value), Number(lon.value)));
})();
