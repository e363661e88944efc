/* Survey form enhancements: conditional questions, and map questions answered through the map module
   (KLMap: click/tap, keyboard crosshair, address search, "Mein Standort"; a point question is the module's
   one point picker, KLMap.pointField). The answer lives in hidden
   inputs, so the server never depends on this script for anything but the map. Text from the server or
   from users is set with textContent only. */
(function () {
  "use strict";

  /* Conditional questions: hidden until the earlier answer includes the given choice. */
  function setUpConditions() {
    document.querySelectorAll("fieldset[data-show-if-question]").forEach(function (fieldset) {
      const inputs = document.querySelectorAll("[name='" + fieldset.dataset.showIfQuestion + "']");
      function update() {
        const shown = Array.prototype.some.call(inputs, function (input) {
          return input.checked && input.value === fieldset.dataset.showIfChoice;
        });
        fieldset.hidden = !shown;
        if (shown) fieldset.dispatchEvent(new Event("survey:shown"));
      }
      inputs.forEach(function (input) { input.addEventListener("change", update); });
      update();
    });
  }

  /* A point question: the map module's one point picker (KLMap.pointField), which also refuses a place
     outside the city before the form is sent. */
  function setUpPoint(container, mapEl, map) {
    const fieldset = container.closest("fieldset");
    KLMap.pointField(map, mapEl, container.closest("form"), {
      lon: container.querySelector("[data-role=lon]"),
      lat: container.querySelector("[data-role=lat]"),
      status: container.querySelector("[data-role=status]"),
      clear: container.querySelector("[data-role=clear]"),
      error: fieldset && fieldset.querySelector(".field-error"),
      prefix: container.dataset.placed,
      removedText: container.dataset.cleared,
      search: container.querySelector("[data-address-search]"),
      onChange: function (latlng) { mapEl.dataset.points = latlng ? "1" : "0"; },
    });
    if (!mapEl.dataset.points) mapEl.dataset.points = "0";
    if (mapEl.dataset.point) map.setView(L.latLng(mapEl.dataset.point.split(",").reverse().map(Number)), 15, { animate: false });
  }

  /* Several points, a line or an area: each click/tap or Enter adds a corner. */
  function setUpShape(container, mapEl, map) {
    const kind = container.dataset.kind;
    const status = container.querySelector("[data-role=status]");
    const geojsonInput = container.querySelector("[data-role=geojson]");
    const t = container.dataset; // translated texts: data-vertex, data-removed, data-cleared
    let vertices = []; // [lat, lng] pairs
    let shape = null;

    function announce(message) { status.textContent = message; }

    function redraw() {
      if (shape) map.removeLayer(shape);
      shape = null;
      if (kind === "multipoint") {
        shape = L.layerGroup(vertices.map(function (v) { return L.circleMarker(v, { radius: 7, color: "#1d4f91" }); })).addTo(map);
      } else if (kind === "line" && vertices.length) {
        shape = L.polyline(vertices, { color: "#1d4f91" }).addTo(map);
      } else if (kind === "area" && vertices.length) {
        shape = L.polygon(vertices, { color: "#1d4f91" }).addTo(map);
      }
      writeInput();
      mapEl.dataset.points = String(vertices.length);
    }

    function lonlat(v) { return [Number(v[1].toFixed(6)), Number(v[0].toFixed(6))]; }

    function writeInput() {
      let geometry = null;
      if (kind === "multipoint" && vertices.length) geometry = { type: "MultiPoint", coordinates: vertices.map(lonlat) };
      if (kind === "line" && vertices.length >= 2) geometry = { type: "LineString", coordinates: vertices.map(lonlat) };
      if (kind === "area" && vertices.length >= 3) {
        const ring = vertices.map(lonlat);
        ring.push(ring[0]);
        geometry = { type: "Polygon", coordinates: [ring] };
      }
      geojsonInput.value = geometry ? JSON.stringify(geometry) : "";
    }

    function removeLast() {
      if (!vertices.length) return;
      vertices.pop();
      redraw();
      announce(t.removed);
    }

    /* The announcement names the nearest address and the Stadtteil, not coordinates. */
    function add(latlng) {
      vertices.push([latlng.lat, latlng.lng]);
      redraw();
      const what = t.vertex.replace("{n}", vertices.length);
      announce(what);
      KLMap.describe(latlng)
        .then(function (sentence) { announce(what + " " + sentence); })
        .catch(function (error) { announce(what + " " + error.message); });
    }

    const pointer = KLMap.pointer(map, add, { onRemove: removeLast, status: status });
    const undo = container.querySelector("[data-role=undo]");
    if (undo) undo.addEventListener("click", removeLast);
    container.querySelector("[data-role=clear]").addEventListener("click", function () {
      vertices = [];
      redraw();
      announce(t.cleared);
    });

    /* Choosing an address moves the crosshair there; the corners are set on the map. */
    KLMap.geocoder(container.querySelector("[data-address-search]"), function (latlng) {
      map.setView(latlng, 17, { animate: false });
      pointer.moveTo(latlng);
      mapEl.focus();
    });

    /* An earlier answer (editing, or the form shown again after an error). */
    try {
      if (geojsonInput.value) {
        const g = JSON.parse(geojsonInput.value);
        const coords = g.type === "Polygon" ? g.coordinates[0].slice(0, -1) : g.type === "LineString" || g.type === "MultiPoint" ? g.coordinates : [];
        vertices = coords.map(function (c) { return [c[1], c[0]]; });
      }
    } catch (error) { vertices = []; }
    redraw();
    if (vertices.length) map.setView(vertices[0], 15, { animate: false });
  }

  function setUpMap(container) {
    const mapEl = container.querySelector(".survey-map");
    container.querySelectorAll("[hidden]:not([data-address-search])").forEach(function (el) { el.hidden = false; });
    const map = KLMap.create(mapEl, { keyboard: false, zoom: 13 });
    if (container.dataset.kind === "point") setUpPoint(container, mapEl, map);
    else setUpShape(container, mapEl, map);
    container.closest("fieldset").addEventListener("survey:shown", function () { map.invalidateSize(); });
    mapEl.dataset.loaded = "true";
  }

  setUpConditions();
  document.querySelectorAll("[data-survey-map]").forEach(setUpMap);
  // After a refused submission, screen reader and keyboard users start at the list of problems.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
