/* The project page: the features of layers open for feedback, drawn by their feedback count (line width)
   and opinion balance (colour: the class the server gives each feature, in the colour the legend shows for it),
   each with a link to its feedback page. The layer's entry in the legend of map layers then says so.
   projects.js draws the layers (node.klLayers); this script only restyles them once they are there.
   The list in the panel (feedback/_project_panel.html) is the same content without the map. */
(function () {
  "use strict";

  const panel = document.querySelector("[data-feedback-panel]");
  const node = document.querySelector("[data-project-map]");
  if (!panel || !node) return;
  const config = JSON.parse(document.getElementById("feedback-layers").textContent);
  const colours = {};
  panel.querySelectorAll("[data-feedback-legend] [data-class]").forEach(function (item) {
    colours[item.dataset.class] = item.dataset.colour;
  });

  function popup(p, url) {
    const box = document.createElement("div");
    box.className = "feature-popup";
    const link = document.createElement("a");
    link.href = url;
    link.textContent = config.texts.respond;
    const count = document.createElement("p");
    count.textContent = config.texts.count.replace("{n}", String(p.feedback_count || 0));
    box.append(count, link);
    return box;
  }

  function restyle(layerConfig, layer) {
    layer.eachLayer(function (shape) {
      const p = shape.feature.properties;
      // The class comes from the server (feedback.styling, the same rule as the list); its colour from the legend.
      const cls = p.feedback_class || "none";
      const width = 3 + Math.min(9, Math.sqrt(p.feedback_count || 0) * 1.5);
      if (shape.setStyle) shape.setStyle({ color: colours[cls], weight: width, opacity: 0.95 });
      shape.unbindPopup();
      shape.bindPopup(popup(p, layerConfig.feature_url.replace("/objekt/0/", "/objekt/" + shape.feature.id + "/")));
      function mark() {
        if (!shape.getElement || !shape.getElement()) return;
        shape.getElement().setAttribute("data-balance", cls);
        shape.getElement().setAttribute("data-feature", shape.feature.id);
      }
      mark();
      shape.on("add", mark); // a layer switched on later in the legend
    });
    layerLegend(layerConfig);
  }

  /* The layer's entry in the legend of map layers: its own colours are no longer what is drawn, so the swatch
     shows the feedback colours and a note points to their legend. */
  function layerLegend(layerConfig) {
    const item = document.querySelector("#legend li[data-layer='" + layerConfig.id + "']");
    const swatch = item && item.querySelector(".swatch");
    if (!swatch) return;
    const list = Object.keys(colours).map(function (key) { return colours[key]; });
    swatch.classList.add("swatch-feedback");
    swatch.style.background = "linear-gradient(90deg, " + list.map(function (colour, i) {
      return colour + " " + (100 * i / list.length) + "%, " + colour + " " + (100 * (i + 1) / list.length) + "%";
    }).join(", ") + ")";
    swatch.style.borderColor = "transparent";
    swatch.dataset.colours = list.join(" ");
    const note = document.createElement("p");
    note.className = "hint";
    const link = document.createElement("a");
    link.href = "#feedback-legend-title";
    link.textContent = config.texts.legendLink;
    note.append(config.texts.legendNote + " ", link);
    item.append(note);
  }

  let tries = 0;
  const pending = new Set(config.layers.map(function (l) { return String(l.id); }));
  const timer = setInterval(function () {
    config.layers.forEach(function (layerConfig) {
      const layer = node.klLayers && node.klLayers[layerConfig.id];
      if (layer && pending.has(String(layerConfig.id))) {
        restyle(layerConfig, layer);
        pending.delete(String(layerConfig.id));
      }
    });
    if (!pending.size || ++tries > 100) {
      clearInterval(timer);
      node.dataset.feedbackStyled = pending.size ? "partly" : "true";
    }
  }, 150);
})();
