/* Survey form enhancements: conditional questions, and map questions answered by click, by keyboard
   (arrow keys move a crosshair, Enter places the point) or by address search. The answer lives in hidden
   inputs, so the server never depends on this script for anything but the map. Text from the server or
   from users is set with textContent only. */
(function () {
  "use strict";

  const KL_CENTER = [49.4447, 7.7690];
  const STEP_FRACTION = 0.05; // one arrow key press moves the crosshair by 5 % of the visible map

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

  function text(el, value) { el.textContent = value; }

  function setUpMap(container) {
    const kind = container.dataset.kind;
    const mapEl = container.querySelector(".survey-map");
    const status = container.querySelector("[data-role=status]");
    const lonInput = container.querySelector("[data-role=lon]");
    const latInput = container.querySelector("[data-role=lat]");
    const geojsonInput = container.querySelector("[data-role=geojson]");
    const t = container.dataset; // translated texts: data-placed, data-vertex, data-removed, data-cleared, data-nothing
    container.querySelectorAll("[hidden]").forEach(function (el) { el.hidden = false; });

    const map = L.map(mapEl, { scrollWheelZoom: false, keyboard: false }).setView(KL_CENTER, 13);
    L.tileLayer(container.dataset.tileUrl, {
      maxZoom: Number(container.dataset.maxZoom || 19),
      attribution: container.dataset.tileAttribution,
    }).addTo(map);
    // The Stadtteil outlines orient people even when the basemap is slow or blocked.
    if (container.dataset.districtsUrl) {
      fetch(container.dataset.districtsUrl, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (geojson) {
          L.geoJSON(geojson, { style: { color: "#555", weight: 1, fill: false }, interactive: false }).addTo(map);
        })
        .catch(function () { /* outlines are an aid only */ });
    }
    mapEl.tabIndex = 0;
    mapEl.setAttribute("role", "application");
    mapEl.klMap = map;

    let vertices = []; // [lat, lng] pairs for multi-point, line and area
    let shape = null;
    const crosshair = L.circleMarker(KL_CENTER, { radius: 9, color: "#b00020", weight: 2, fill: false, interactive: false });
    let crosshairShown = false;

    function describe(latlng) {
      return latlng[0].toFixed(5).replace(".", ",") + " / " + latlng[1].toFixed(5).replace(".", ",");
    }

    function announce(message) { text(status, message); }

    function locate(latlng) {
      fetch("/api/v1/locate/?lon=" + latlng[1] + "&lat=" + latlng[0], { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
        .then(function (result) {
          if (result[0]) announce(status.textContent + " – " + result[1].stadtteil.name);
          else if (result[1].detail) announce(result[1].detail);
        })
        .catch(function () { /* the Stadtteil is a courtesy; the server checks the place anyway */ });
    }

    function redraw() {
      if (shape) map.removeLayer(shape);
      shape = null;
      if (kind === "point" && vertices.length) {
        shape = L.marker(vertices[0], { keyboard: false, interactive: false }).addTo(map);
      } else if (kind === "multipoint") {
        shape = L.layerGroup(vertices.map(function (v) { return L.circleMarker(v, { radius: 7, color: "#1d4f91" }); })).addTo(map);
      } else if (kind === "line" && vertices.length) {
        shape = L.polyline(vertices, { color: "#1d4f91" }).addTo(map);
      } else if (kind === "area" && vertices.length) {
        shape = L.polygon(vertices, { color: "#1d4f91" }).addTo(map);
      }
      writeInputs();
      mapEl.dataset.points = String(vertices.length);
    }

    function lonlat(v) { return [Number(v[1].toFixed(6)), Number(v[0].toFixed(6))]; }

    function writeInputs() {
      if (kind === "point") {
        lonInput.value = vertices.length ? lonlat(vertices[0])[0] : "";
        latInput.value = vertices.length ? lonlat(vertices[0])[1] : "";
        return;
      }
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

    function place(latlng) {
      const v = [latlng.lat, latlng.lng];
      if (kind === "point") vertices = [v];
      else vertices.push(v);
      redraw();
      announce((kind === "point" ? t.placed : t.vertex.replace("{n}", vertices.length)) + " " + describe(v));
      locate(v);
    }

    function moveCrosshair(dx, dy) {
      const size = map.getSize();
      const here = map.latLngToContainerPoint(crosshair.getLatLng());
      const next = L.point(here.x + dx * size.x * STEP_FRACTION, here.y + dy * size.y * STEP_FRACTION);
      const latlng = map.containerPointToLatLng(next);
      crosshair.setLatLng(latlng);
      const margin = 20;
      if (next.x < margin || next.y < margin || next.x > size.x - margin || next.y > size.y - margin) {
        map.panTo(latlng, { animate: false });
      }
      mapEl.dataset.crosshair = describe([latlng.lat, latlng.lng]);
    }

    mapEl.addEventListener("focus", function () {
      if (!crosshairShown) {
        crosshair.setLatLng(map.getCenter()).addTo(map);
        crosshairShown = true;
      }
    });
    mapEl.addEventListener("keydown", function (event) {
      const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      if (moves[event.key]) {
        moveCrosshair(moves[event.key][0], moves[event.key][1]);
      } else if (event.key === "Enter" || event.key === " ") {
        place(crosshair.getLatLng());
      } else if (event.key === "+" || event.key === "=") {
        map.setZoomAround(crosshair.getLatLng(), map.getZoom() + 1, { animate: false });
      } else if (event.key === "-") {
        map.setZoomAround(crosshair.getLatLng(), map.getZoom() - 1, { animate: false });
      } else if ((event.key === "Delete" || event.key === "Backspace") && vertices.length) {
        vertices.pop();
        redraw();
        announce(t.removed);
      } else {
        return;
      }
      event.preventDefault();
    });
    map.on("click", function (event) { place(event.latlng); });

    const undo = container.querySelector("[data-role=undo]");
    if (undo) undo.addEventListener("click", function () { vertices.pop(); redraw(); announce(t.removed); });
    container.querySelector("[data-role=clear]").addEventListener("click", function () {
      vertices = [];
      redraw();
      announce(t.cleared);
    });

    /* Address search through the gazetteer: choosing a result places the point (or moves the crosshair). */
    const searchInput = container.querySelector("[data-role=search]");
    const resultsList = container.querySelector("[data-role=search-results]");
    function search() {
      const q = searchInput.value.trim();
      resultsList.replaceChildren();
      if (q.length < 2) return;
      fetch("/api/v1/geocode/?limit=5&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (collection) {
          const features = collection.features || [];
          if (!features.length) {
            const li = document.createElement("li");
            text(li, t.nothing);
            resultsList.append(li);
          }
          features.forEach(function (feature) {
            const li = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            text(button, feature.properties.label);
            button.addEventListener("click", function () {
              const c = feature.geometry.coordinates;
              const latlng = L.latLng(c[1], c[0]);
              map.setView(latlng, 17, { animate: false });
              crosshair.setLatLng(latlng);
              if (kind === "point") place(latlng);
              resultsList.replaceChildren();
              mapEl.focus();
            });
            li.append(button);
            resultsList.append(li);
          });
        });
    }
    container.querySelector("[data-role=search-button]").addEventListener("click", search);
    searchInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); search(); }
    });

    /* An earlier answer (editing, or the form shown again after an error). */
    try {
      if (kind === "point" && lonInput.value && latInput.value) {
        vertices = [[Number(latInput.value), Number(lonInput.value)]];
      } else if (geojsonInput && geojsonInput.value) {
        const g = JSON.parse(geojsonInput.value);
        const coords = g.type === "Polygon" ? g.coordinates[0].slice(0, -1) : g.type === "LineString" || g.type === "MultiPoint" ? g.coordinates : [];
        vertices = coords.map(function (c) { return [c[1], c[0]]; });
      }
    } catch (error) { vertices = []; }
    redraw();
    if (vertices.length) map.setView(vertices[0], 15, { animate: false });

    container.closest("fieldset").addEventListener("survey:shown", function () { map.invalidateSize(); });
    mapEl.dataset.loaded = "true";
  }

  setUpConditions();
  document.querySelectorAll("[data-survey-map]").forEach(setUpMap);
  // After a refused submission, screen reader and keyboard users start at the list of problems.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
