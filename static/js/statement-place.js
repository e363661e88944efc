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
  node.dataset.ready = "true";
  KLMap.pointField(map, node, form, { color: "#b34700" });
})();
