/* The map of ideas: clusters from PostGIS at low zoom, single ideas of the visible area at high zoom.
   The list beside the map holds the same ideas without JavaScript. User text only ever reaches the page
   through textContent. */
(function () {
  "use strict";

  const el = document.querySelector("[data-idea-map]");
  if (!el) return;
  const config = JSON.parse(document.getElementById("idea-map-config").textContent);
  const map = KLMap.create(el);
  if (config.bounds) map.fitBounds(config.bounds, { animate: false });
  const layer = L.layerGroup().addTo(map);
  let pending = null;

  function text(tag, value, className) {
    const node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  function url(base, extra) {
    const params = new URLSearchParams(config.filters);
    Object.keys(extra).forEach(function (key) { params.set(key, extra[key]); });
    return base + "?" + params.toString();
  }

  function clusterMarker(feature) {
    const count = feature.properties.count;
    const [lon, lat] = feature.geometry.coordinates;
    const size = count < 10 ? 30 : count < 100 ? 38 : count < 1000 ? 46 : 54;
    const label = text("span", count.toLocaleString("de-DE"));
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ className: "idea-cluster", html: label, iconSize: [size, size] }),
      title: config.labels.cluster.replace("%(n)s", count),
      alt: config.labels.cluster.replace("%(n)s", count),
    });
    marker.on("click", function () { map.setView([lat, lon], Math.min(Math.floor(map.getZoom()) + 2, config.maxClusterZoom + 1)); });
    return marker;
  }

  function ideaPopup(props) {
    const box = document.createElement("div");
    const link = text("a", props.title);
    link.href = props.url;
    box.appendChild(link);
    box.appendChild(text("div", props.category_name + " · " + props.stadtteil_name, "hint"));
    box.appendChild(text("div", props.status_label + " · " + props.support_count + " " + config.labels.supports, "hint"));
    return box;
  }

  function ideaMarker(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.circleMarker([lat, lon], {
      // Radius 11 and a 2 px line: a 24 px tap target (WCAG 2.5.8).
      radius: 11, color: "#fff", weight: 2, fillColor: feature.properties.color, fillOpacity: 0.95,
    });
    marker.bindPopup(ideaPopup(feature.properties));
    return marker;
  }

  function load() {
    if (pending) pending.abort();
    pending = new AbortController();
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); }).join(",");
    const zoom = Math.floor(map.getZoom()); // the map zooms in tenth steps; the clusters come per whole level
    const clustered = zoom <= config.maxClusterZoom;
    const target = clustered ? url(config.clustersUrl, { bbox: bbox, zoom: zoom }) : url(config.ideasUrl, { bbox: bbox, limit: 1000 });
    fetch(target, { signal: pending.signal, headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (collection) {
        layer.clearLayers();
        collection.features.forEach(function (f) { layer.addLayer(clustered ? clusterMarker(f) : ideaMarker(f)); });
        el.dataset.loaded = clustered ? "clusters" : "ideas";
      })
      .catch(function (error) {
        if (error.name !== "AbortError") el.dataset.loaded = "error";
      });
  }

  map.on("moveend", load);
  load();
})();
