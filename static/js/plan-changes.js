/* The changes between two plan versions on a map (bauleitplanung/_project_panel.html): added, removed and
   changed features, styled as the legend beside the list says (bauleitplanung.selectors.CHANGE_STYLES).
   Attributes reach the page through textContent only. */
(function () {
  "use strict";

  const node = document.querySelector("[data-plan-changes-map]");
  if (!node || !window.KLMap) return;
  // The server hands over the collection as GeoJSON text built in SQL (json_script of a string).
  let collection = JSON.parse(document.getElementById("plan-changes-geojson").textContent);
  if (typeof collection === "string") collection = JSON.parse(collection);
  const styles = JSON.parse(document.getElementById("plan-changes-styles").textContent);
  const labels = { added: "neu", removed: "entfallen", changed: "geändert" };
  document.querySelectorAll("#plan-changes-list dt").forEach(function (dt, i) {
    labels[["added", "removed", "changed"][i]] = dt.textContent.replace(/\s*\(\d+\)\s*$/, "").trim();
  });
  const map = KLMap.create(node, { keyboard: false });
  const counts = { added: 0, removed: 0, changed: 0 };

  function style(feature) {
    const s = styles[feature.properties.change];
    return {
      color: s.color, weight: 3, dashArray: s.dash || null, fillColor: s.color, fillOpacity: s.fill,
      className: "plan-change plan-change-" + feature.properties.change,
    };
  }

  const layer = L.geoJSON(collection, {
    style: style,
    pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, Object.assign(style(feature), { radius: 11, weight: 2 })); },
    onEachFeature: function (feature, shape) {
      const p = feature.properties;
      counts[p.change] += 1;
      const box = document.createElement("div");
      box.className = "feature-popup";
      const title = document.createElement("strong");
      title.textContent = labels[p.change] + ": " + (p.klasse || "");
      const id = document.createElement("code");
      id.textContent = p.gml_id || "";
      box.appendChild(title);
      box.appendChild(document.createElement("br"));
      box.appendChild(id);
      shape.bindPopup(box);
    },
  }).addTo(map);
  if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [16, 16], animate: false, maxZoom: 18 });
  Object.keys(counts).forEach(function (k) { node.dataset[k] = String(counts[k]); });
  node.dataset.loaded = "true";
})();
