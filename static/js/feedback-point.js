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

  KLMap.pointField(map, node, form, { className: "feedback-point" });
})();
