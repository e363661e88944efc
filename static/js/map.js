/* District maps (KLMap) for every element with [data-map]. Data comes either from a URL (data-geojson-url) or
   from a json_script element on the page (data-geojson-id). User-visible text is set with textContent,
   never as HTML. */
(function () {
  "use strict";

  function districtStyle() {
    return { className: "district-shape", color: "#1d4f91", weight: 2, fillColor: "#4a90d9", fillOpacity: 0.15 };
  }

  function label(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function loadData(el) {
    if (el.dataset.geojsonId) {
      return Promise.resolve(JSON.parse(document.getElementById(el.dataset.geojsonId).textContent));
    }
    return KLMap.fetchJson(el.dataset.geojsonUrl);
  }

  function initMap(el) {
    // The page draws the Stadtteile itself (clickable), so the context adds the streets only.
    const map = KLMap.create(el, { districts: false });

    loadData(el)
      .then(function (geojson) {
        const layer = L.geoJSON(geojson, {
          style: districtStyle,
          onEachFeature: function (feature, shape) {
            const props = feature.properties || {};
            if (props.name) shape.bindTooltip(label(props.number ? props.number + " · " + props.name : props.name), { sticky: true });
            if (props.url) shape.on("click", function () { window.location.href = props.url; });
            shape.on("mouseover", function () { shape.setStyle({ fillOpacity: 0.35 }); });
            shape.on("mouseout", function () { shape.setStyle({ fillOpacity: 0.15 }); });
          },
        }).addTo(map);
        map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });
        el.dataset.loaded = "true";
      })
      .catch(function () {
        const note = document.createElement("p");
        note.className = "map-error";
        note.textContent = el.dataset.errorText || "Die Kartendaten konnten nicht geladen werden.";
        el.after(note);
      });
  }

  document.querySelectorAll("[data-map]").forEach(initMap);
})();
