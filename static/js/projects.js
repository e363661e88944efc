/* Project maps: all projects (data-projects-url) or one project's area and layers (json_script ids).
   Every user-visible string is set with textContent; feature attributes never become HTML. */
(function () {
  "use strict";

  const TOPIC_COLOURS = {
    stadtplanung: "#1d4f91", verkehr: "#b34700", freizeit: "#2e7d32", umwelt: "#00695c",
    soziales: "#7b1fa2", bildung: "#8d6e00", wirtschaft: "#455a64",
  };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function jsonFrom(id) {
    const node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function showError(node) {
    node.after(el("p", node.dataset.errorText, "map-error"));
  }

  // Only the fields the planner named, with their labels and in their order (layers.fields): never raw names.
  function attributeTable(title, attributes, fields) {
    const box = el("div", null, "feature-popup");
    box.appendChild(el("strong", title));
    const entries = (fields || [])
      .map(function (f) { return [f[1], (attributes || {})[f[0]]]; })
      .filter(function (e) { return e[1] !== null && e[1] !== undefined && e[1] !== ""; });
    if (entries.length) {
      const table = el("table", null, "attributes");
      entries.forEach(function (entry) {
        const row = el("tr");
        row.appendChild(el("th", entry[0]));
        row.appendChild(el("td", typeof entry[1] === "object" ? JSON.stringify(entry[1]) : entry[1]));
        table.appendChild(row);
      });
      box.appendChild(table);
    }
    return box;
  }

  // The name a focusable marker is announced by: the feature's own name if the source has one (the keys of
  // feedback.selectors.LABEL_KEYS), else the first field the planner labelled, else the layer's name.
  const NAME_KEYS = ["name", "bezeichnung", "titel", "strasse", "title", "label"];

  function featureName(config, attributes) {
    const values = NAME_KEYS.concat((config.fields || []).map(function (f) { return f[0]; }))
      .map(function (key) { return (attributes || {})[key]; })
      .filter(function (v) { return typeof v === "string" || typeof v === "number"; });
    return values.length ? config.name + ": " + values[0] : config.name;
  }

  function pointSymbol(style, latlng, name) {
    if (style.point_symbol === "circle") {
      // Radius 11 and a 2 px line: a 24 px tap target (WCAG 2.5.8), as every marker one can act on.
      return L.circleMarker(latlng, {
        radius: 11, color: style.stroke_color, weight: 2, fillColor: style.fill_color, fillOpacity: Math.max(style.opacity, 0.6),
      });
    }
    // The symbol is drawn 14 px inside a 24 px box that takes the tap and shows the focus (WCAG 2.5.8).
    const symbol = document.createElement("span");
    const icon = L.divIcon({ className: "point-symbol point-" + style.point_symbol, html: symbol, iconSize: [24, 24] });
    const marker = L.marker(latlng, { icon: icon, keyboard: true, title: name });
    marker.on("add", function () {
      const node = marker.getElement();
      node.setAttribute("aria-label", name);
      node.firstChild.style.background = style.fill_color;
      node.firstChild.style.borderColor = style.stroke_color;
    });
    return marker;
  }

  function initProjectsMap(node, map) {
    KLMap.fetchJson(node.dataset.projectsUrl)
      .then(function (collection) {
        const layer = L.geoJSON(collection, {
          filter: function (f) { return f.geometry !== null; },
          style: function (f) {
            const colour = TOPIC_COLOURS[f.properties.topic] || "#1d4f91";
            return { color: colour, weight: 3, fillColor: colour, fillOpacity: 0.25, className: "project-shape" };
          },
          pointToLayer: function (f, latlng) {
            const colour = TOPIC_COLOURS[f.properties.topic] || "#1d4f91";
            return L.circleMarker(latlng, { radius: 11, weight: 2, color: colour, fillColor: colour, fillOpacity: 0.7 });
          },
          onEachFeature: function (f, shape) {
            const box = el("div", null, "feature-popup");
            const link = el("a", f.properties.title);
            link.href = f.properties.url;
            box.appendChild(link);
            box.appendChild(el("p", f.properties.summary));
            shape.bindPopup(box);
          },
        }).addTo(map);
        if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [12, 12], animate: false, maxZoom: 16 });
        node.dataset.loaded = "true";
      })
      .catch(function () { showError(node); });
  }

  function initProjectMap(node, map) {
    const area = jsonFrom(node.dataset.areaId);
    const layers = jsonFrom(node.dataset.layersId) || [];
    const bounds = L.latLngBounds([]);
    node.klLayers = {};
    if (area) {
      // Its colour is the one the legend shows (templates/layers/project_detail.html).
      const entry = document.querySelector("[data-area-legend]");
      const colour = (entry && entry.dataset.colour) || "#1d4f91";
      const outline = L.geoJSON(area, {
        style: { color: colour, weight: 2, dashArray: "6 4", fill: false, className: "project-area", interactive: false },
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 4, color: colour, interactive: false }); },
      }).addTo(map);
      bounds.extend(outline.getBounds());
    }
    const loads = layers.map(function (config) {
      if (!config.features_url) return Promise.resolve();
      const style = config.style;
      return KLMap.fetchJson(config.features_url).then(function (collection) {
        const layer = L.geoJSON(collection, {
          style: {
            color: style.stroke_color, weight: style.stroke_width, fillColor: style.fill_color,
            fillOpacity: style.opacity, className: "layer-" + config.id,
          },
          pointToLayer: function (f, latlng) { return pointSymbol(style, latlng, featureName(config, f.properties.attributes)); },
          onEachFeature: function (f, shape) { shape.bindPopup(attributeTable(config.name, f.properties.attributes, config.fields)); },
        });
        node.klLayers[config.id] = layer;
        if (config.visible) layer.addTo(map);
        if (layer.getLayers().length) bounds.extend(layer.getBounds());
      });
    });
    document.querySelectorAll(".layer-toggle").forEach(function (box) {
      box.addEventListener("change", function () {
        const layer = node.klLayers[box.value];
        if (!layer) return;
        if (box.checked) layer.addTo(map); else map.removeLayer(layer);
      });
    });
    Promise.all(loads)
      .then(function () {
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], animate: false, maxZoom: 17 });
        node.dataset.loaded = "true";
      })
      .catch(function () { showError(node); });
  }

  document.querySelectorAll("[data-project-map]").forEach(function (node) {
    const map = KLMap.create(node);
    if (node.dataset.projectsUrl) initProjectsMap(node, map); else initProjectMap(node, map);
  });
})();
