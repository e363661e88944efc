/* The statement form: the plan area on the map and an optional place for the statement (click/tap, or the
   keyboard through KLMap.pointer). Without JavaScript the form works without a place. */
(function () {
  "use strict";

  const node = document.querySelector("[data-statement-map]");
  const form = document.getElementById("statement-form");
  if (!node || !form || !window.KLMap) return;
  const area = JSON.parse(document.getElementById("statement-area").textContent);
  const map = KLMap.create(node, { keyboard: false });
  if (area) {
    const shape = L.geoJSON(typeof area === "string" ? JSON.parse(area) : area, {
      style: { color: "#1d4f91", weight: 3, fillOpacity: 0.08 },
      interactive: false,
    }).addTo(map);
    map.fitBounds(shape.getBounds(), { padding: [24, 24], maxZoom: 18, animate: false });
  }
  const lon = form.querySelector("input[name=lon]");
  const lat = form.querySelector("input[name=lat]");
  const status = document.getElementById("point-status");
  const clear = document.getElementById("point-clear");
  const emptyText = status.textContent;
  const marker = L.circleMarker([0, 0], { radius: 8, color: "#b34700", fillOpacity: 0.8 });
  node.dataset.ready = "true";

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
