/* Alerts subscription form: shows the fields of the chosen kind of area, and draws an area on the map
   through the map module (click/tap, or keyboard: arrow keys move the crosshair, Enter sets a corner,
   Delete removes the last one). The polygon goes into the form's GeoJSON field, so the server never
   depends on this script. Texts reach the page through textContent only. */
(function () {
  "use strict";

  const form = document.querySelector(".alerts-form");
  const draw = document.querySelector("[data-alerts-draw]");
  if (!form || !draw) return;

  const GROUPS = {
    stadtteil: ["feld-stadtteil"],
    ortsbezirk: ["feld-ortsbezirk"],
    drawn: [],
    radius: ["feld-address", "feld-radius_m"],
  };
  const ALL = ["feld-stadtteil", "feld-ortsbezirk", "feld-address", "feld-radius_m", "feld-area"];
  const geojsonInput = form.querySelector("[data-role=geojson]");
  const status = draw.querySelector("[data-role=status]");
  const mapEl = draw.querySelector(".alerts-map");
  const t = draw.dataset;
  let map = null;
  let vertices = [];
  let shape = null;

  function announce(message) { status.textContent = message; }

  function redraw() {
    if (shape) map.removeLayer(shape);
    shape = vertices.length ? L.polygon(vertices, { color: "#1d4f91", interactive: false }).addTo(map) : null;
    if (vertices.length >= 3) {
      const ring = vertices.map(function (v) { return [Number(v[1].toFixed(6)), Number(v[0].toFixed(6))]; });
      ring.push(ring[0]);
      geojsonInput.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    } else {
      geojsonInput.value = "";
    }
    mapEl.dataset.vertices = String(vertices.length);
  }

  function place(latlng) {
    vertices.push([latlng.lat, latlng.lng]);
    redraw();
    announce(vertices.length >= 3 ? t.closed.replace("{n}", vertices.length) : t.vertex.replace("{n}", vertices.length));
  }

  function removeLast() {
    if (!vertices.length) return;
    vertices.pop();
    redraw();
    announce(t.removed);
  }

  function setUpMap() {
    if (map) { map.invalidateSize(); return; }
    map = KLMap.create(mapEl, { keyboard: false, zoom: 12 });
    const pointer = KLMap.pointer(map, place, { onRemove: removeLast, status: status });
    draw.querySelector("[data-role=undo]").addEventListener("click", removeLast);
    draw.querySelector("[data-role=clear]").addEventListener("click", function () {
      vertices = [];
      redraw();
      announce(t.cleared);
    });
    KLMap.geocoder(draw.querySelector("[data-address-search]"), function (latlng) {
      map.setView(latlng, 16, { animate: false });
      pointer.moveTo(latlng);
      mapEl.focus();
    });
    try {
      const g = geojsonInput.value ? JSON.parse(geojsonInput.value) : null;
      if (g && g.type === "Polygon") {
        vertices = g.coordinates[0].slice(0, -1).map(function (c) { return [c[1], c[0]]; });
        redraw();
        if (shape) map.fitBounds(shape.getBounds(), { animate: false });
      }
    } catch (error) { vertices = []; }
    // A refused area: its message belongs next to the map (the GeoJSON field itself is hidden).
    const refused = document.querySelector("#feld-area .field-error");
    if (refused) announce(refused.textContent);
    mapEl.dataset.loaded = "true";
  }

  function show() {
    const checked = form.querySelector("input[name=area_kind]:checked");
    const kind = checked ? checked.value : "stadtteil";
    ALL.forEach(function (id) {
      const el = document.getElementById(id);
      if (el) el.hidden = GROUPS[kind].indexOf(id) < 0;
    });
    draw.hidden = kind !== "drawn";
    if (kind === "drawn") setUpMap();
  }

  form.querySelectorAll("input[name=area_kind]").forEach(function (input) { input.addEventListener("change", show); });
  show();
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
