/* A feature's page: the planned feature on the map, and an optional point near it for the feedback form
   (KLMap.pointField: click/tap or keyboard, checked against the distance rule before sending). Without
   JavaScript the form works without a point. */
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

  /* The server's distance rule, checked before sending (the point picker shows the message at the field and
     an error summary). Measured on the Web Mercator plane at zoom 18, which at 100 m agrees with the
     server's UTM metres to well under a metre. */
  const limit = Number(node.dataset.maxDistance);

  function rings(latlngs) {
    return latlngs.length && latlngs[0] instanceof L.LatLng ? [latlngs] : latlngs.flatMap(rings);
  }

  function metresTo(latlng) {
    const p = map.project(latlng, 18);
    let best = Infinity;
    shape.eachLayer(function (layer) {
      if (!layer.getLatLngs) {
        best = Math.min(best, map.distance(latlng, layer.getLatLng()));
        return;
      }
      const closed = layer instanceof L.Polygon;
      let inside = false;
      rings(layer.getLatLngs()).forEach(function (ring) {
        const pts = ring.map(function (ll) { return map.project(ll, 18); });
        const last = closed ? pts.length : pts.length - 1;
        for (let i = 0; i < last; i++) {
          const a = pts[i], b = pts[(i + 1) % pts.length];
          const near = L.LineUtil.closestPointOnSegment(p, a, b);
          best = Math.min(best, map.distance(latlng, map.unproject(near, 18)));
          if (closed && (a.y > p.y) !== (b.y > p.y) && p.x < a.x + ((p.y - a.y) * (b.x - a.x)) / (b.y - a.y)) inside = !inside;
        }
      });
      if (inside) best = 0;
    });
    return best;
  }

  KLMap.pointField(map, node, form, {
    className: "feedback-point",
    check: function (latlng) {
      const distance = limit ? Math.round(metresTo(latlng)) : 0;
      return distance > limit ? node.dataset.distanceMessage.replace("{distance}", distance) : "";
    },
  });

  // After a refused submission, keyboard and screen reader users start at the list of problems.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
