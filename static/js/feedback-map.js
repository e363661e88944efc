/* The project page: the features of layers open for feedback, drawn by their feedback count (line width)
   and opinion balance (colour, the classes of the legend), each with a link to its feedback page.
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

  function balance(p) {
    if (!p.feedback_count) return "none";
    if (p.feedback_count < 5) return "few";
    // Published counts: null where the disclosure policy suppressed a small group (counted as 0 here).
    const score = ((p.dafuer || 0) - (p.dagegen || 0)) / p.feedback_count;
    return score >= 0.2 ? "pro" : score <= -0.2 ? "contra" : "mixed";
  }

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
      const cls = balance(p);
      const width = 3 + Math.min(9, Math.sqrt(p.feedback_count || 0) * 1.5);
      if (shape.setStyle) shape.setStyle({ color: colours[cls], weight: width, opacity: 0.95 });
      shape.unbindPopup();
      shape.bindPopup(popup(p, layerConfig.feature_url.replace("/objekt/0/", "/objekt/" + shape.feature.id + "/")));
      if (shape.getElement && shape.getElement()) shape.getElement().setAttribute("data-balance", cls);
    });
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
