/* Results maps: a choropleth of the Stadtteile (share of one answer) and density grids for map questions.
   The numbers come from the same JSON as the tables beside the maps; suppressed districts stay grey. */
(function () {
  "use strict";

  const script = document.currentScript;
  const t = script.dataset; // translated texts: data-suppressed, data-share-of, data-cell
  const dataEl = document.getElementById("survey-results-data");
  if (!dataEl) return;
  const results = {};
  JSON.parse(dataEl.textContent).forEach(function (r) { results[r.id] = r; });
  const SHADES = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
  const SUPPRESSED = "#d9d9d9";
  let districtsPromise = null;

  function districts() {
    if (!districtsPromise) {
      districtsPromise = KLMap.fetchJson(script.dataset.districtsUrl);
    }
    return districtsPromise;
  }

  // The choropleth and the density outline draw the Stadtteile themselves; the context adds the streets.
  function baseMap(el) { return KLMap.create(el, { districts: false }); }

  function tooltip(lines) {
    const div = document.createElement("div");
    lines.forEach(function (line) {
      const p = document.createElement("div");
      p.textContent = line;
      div.append(p);
    });
    return div;
  }

  function percent(share) { return (share * 100).toFixed(1).replace(".", ",") + " %"; }

  function shade(share) { return SHADES[Math.min(SHADES.length - 1, Math.floor(share * SHADES.length))]; }

  function legend(map, entries) {
    const control = L.control({ position: "topright" });
    control.onAdd = function () {
      const div = L.DomUtil.create("div", "map-legend");
      entries.forEach(function (entry) {
        const row = document.createElement("div");
        const swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = entry[0];
        row.append(swatch, document.createTextNode(entry[1]));
        div.append(row);
      });
      return div;
    };
    control.addTo(map);
  }

  function choropleth(el) {
    const result = results[el.dataset.choropleth];
    const map = baseMap(el);
    legend(map, SHADES.map(function (colour, i) {
      return [colour, (i * 100 / SHADES.length) + "–" + ((i + 1) * 100 / SHADES.length) + " %"];
    }).concat([[SUPPRESSED, t.suppressed]]));
    let layer = null;
    function draw(geojson) {
      const choiceId = Number(el.dataset.choice);
      const rows = {};
      result.stadtteile.forEach(function (row) { rows[row.number] = row; });
      if (layer) map.removeLayer(layer);
      layer = L.geoJSON(geojson, {
        style: function (feature) {
          const row = rows[feature.properties.number];
          const cell = row && !row.suppressed ? (row.choices || []).find(function (c) { return c.id === choiceId; }) : null;
          // A district without answers (n = 0) or whose group for this answer is suppressed has no share.
          const share = row && !row.suppressed && row.n && !(cell && cell.suppressed) ? (cell ? cell.share : 0) : null;
          return { className: "district-shape", color: "#444", weight: 1, fillOpacity: 0.75,
                   fillColor: share === null ? SUPPRESSED : shade(share) };
        },
        onEachFeature: function (feature, shape) {
          const row = rows[feature.properties.number];
          const cell = row && !row.suppressed ? (row.choices || []).find(function (c) { return c.id === choiceId; }) : null;
          shape.bindTooltip(tooltip([
            feature.properties.number + " · " + feature.properties.name,
            row && !row.suppressed && row.n && !(cell && cell.suppressed)
              ? t.shareOf.replace("{share}", percent(cell ? cell.share : 0)).replace("{n}", row.n) : t.suppressed,
          ]), { sticky: true });
        },
      }).addTo(map);
      map.fitBounds(layer.getBounds(), { animate: false });
      el.dataset.loaded = "true";
    }
    districts().then(function (geojson) {
      draw(geojson);
      const select = document.querySelector("[data-choropleth-select='" + el.dataset.choropleth + "']");
      if (select) select.addEventListener("change", function () { el.dataset.choice = select.value; draw(geojson); });
    });
  }

  function density(el) {
    const result = results[el.dataset.density];
    const map = baseMap(el);
    districts().then(function (geojson) {
      const outline = L.geoJSON(geojson, { style: { color: "#555", weight: 1, fill: false }, interactive: false }).addTo(map);
      map.fitBounds(outline.getBounds(), { animate: false });
      const counts = result.grid.features.map(function (f) { return f.properties.count; });
      const max = Math.max.apply(null, counts.concat([1]));
      L.geoJSON(result.grid, {
        style: function (feature) {
          return { className: "grid-cell", color: "#7a0177", weight: 0.5, fillColor: "#c51b8a",
                   fillOpacity: 0.15 + 0.7 * feature.properties.count / max };
        },
        onEachFeature: function (feature, shape) {
          shape.bindTooltip(tooltip([t.cell.replace("{n}", feature.properties.count).replace("{size}", result.grid.cell_size_m)]));
        },
      }).addTo(map);
      el.dataset.loaded = "true";
    });
  }

  document.querySelectorAll("[data-choropleth]").forEach(choropleth);
  document.querySelectorAll("[data-density]").forEach(density);
})();
