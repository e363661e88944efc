/* KLMap: the one map module of the site (documented in docs/frontend.md).

   KLMap.create(element, options)    a Leaflet map of Kaiserslautern: the base map when BASEMAP_URL is set,
                                     and always the city drawn from our own PostGIS (Stadtteil outlines and
                                     the gazetteer's streets), so it is usable without any tile server.
   KLMap.pointer(map, options)       choose a place by click/tap or keyboard (arrow keys move a crosshair,
                                     Enter places, + and − zoom), plus a "my location" button.
   KLMap.pointField(map, node, form) the one point picker of the forms: the form's lon/lat inputs, a marker,
                                     a sentence in the status, a clear button, and a check before sending.
   KLMap.geocoder(box, onChoose)     the address search of a box with [data-role=search|search-button|
                                     search-results] elements.
   KLMap.describe(latlng)            Promise of a sentence naming the nearest address and the Stadtteil,
                                     or rejecting with the server's message for a place outside the city.
   KLMap.fetchJson(url)              GET JSON once per page (shared by every map on it).

   Settings and texts come from the json_script "klmap-config" of base.html. Text from the server or from
   users reaches the page through textContent only. */
(function () {
  "use strict";

  const CONFIG = JSON.parse(document.getElementById("klmap-config").textContent);
  const T = CONFIG.labels;
  const STEP = 0.05; // one arrow key press moves the crosshair by 5 % of the visible map (Shift: 20 %)
  const requests = {};

  function fetchJson(url) {
    if (!requests[url]) {
      requests[url] = fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      });
    }
    return requests[url];
  }

  /* The city context sits in its own pane under every data layer and never takes clicks. */
  function addContext(map, options) {
    const el = map.getContainer();
    map.createPane("context");
    map.getPane("context").style.zIndex = 250;
    map.getPane("context").style.pointerEvents = "none";
    const streets = fetchJson(CONFIG.streetsUrl).then(function (collection) {
      const layer = L.geoJSON(collection, {
        pane: "context",
        interactive: false,
        renderer: L.canvas({ pane: "context" }),
        style: function (f) { return { color: "#8a8f98", weight: f.properties.major ? 2.5 : 1, opacity: 0.9 }; },
      }).addTo(map);
      el.dataset.contextStreets = String(layer.getLayers().length);
    });
    const outlines = options.districts === false ? Promise.resolve() : fetchJson(CONFIG.districtsUrl).then(function (collection) {
      L.geoJSON(collection, {
        pane: "context",
        interactive: false,
        style: { className: "context-outline", color: "#3d4b5c", weight: 1.5, dashArray: "5 4", fill: false },
      }).addTo(map);
      el.dataset.contextDistricts = String(collection.features.length);
    });
    Promise.all([streets, outlines])
      .then(function () { el.dataset.context = "ready"; })
      .catch(function () { el.dataset.context = "error"; });
  }

  /* Street names at street zoom (LABEL_ZOOM and closer) from our own gazetteer (/api/v1/streets/labels/): text
     along the streets, with a halo, in a pane above the lines that takes no clicks and that screen readers skip
     (places are named in words instead: KLMap.describe). A name that would overlap one already placed is left
     out; the server sends the through roads first. */
  const LABEL_ZOOM = 15;
  const LABEL_MAX_ZOOM = 19;
  const LABEL_GRID = 0.02; // boxes are snapped outward to this grid (degrees), so panning asks the same URLs again

  function streetLabels(map) {
    const el = map.getContainer();
    const pane = map.createPane("labels");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    pane.setAttribute("aria-hidden", "true");
    const group = L.layerGroup().addTo(map);
    let shown = null;

    function snap(value, up) {
      return ((up ? Math.ceil(value / LABEL_GRID) : Math.floor(value / LABEL_GRID)) * LABEL_GRID).toFixed(2);
    }

    function declutter() {
      const placed = [];
      let visible = 0;
      group.eachLayer(function (marker) {
        const span = marker.getElement() && marker.getElement().firstChild;
        if (!span) return;
        if (!span.dataset.w) { span.dataset.w = span.offsetWidth; span.dataset.h = span.offsetHeight; }
        const p = map.latLngToContainerPoint(marker.getLatLng());
        const a = Number(span.dataset.angle) * Math.PI / 180;
        const w = Number(span.dataset.w), h = Number(span.dataset.h);
        // The box around the turned label, half width and half height, plus 4 px of air.
        const hx = (Math.abs(w * Math.cos(a)) + Math.abs(h * Math.sin(a))) / 2 + 4;
        const hy = (Math.abs(w * Math.sin(a)) + Math.abs(h * Math.cos(a))) / 2 + 4;
        const free = placed.every(function (q) { return Math.abs(q.x - p.x) >= q.hx + hx || Math.abs(q.y - p.y) >= q.hy + hy; });
        span.hidden = !free;
        if (free) {
          placed.push({ x: p.x, y: p.y, hx: hx, hy: hy });
          const size = map.getSize();
          if (p.x >= 0 && p.y >= 0 && p.x <= size.x && p.y <= size.y) visible += 1;
        }
      });
      el.dataset.streetLabels = String(visible);
    }

    function update() {
      const zoom = Math.min(Math.floor(map.getZoom()), LABEL_MAX_ZOOM);
      if (zoom < LABEL_ZOOM) {
        group.clearLayers();
        shown = null;
        el.dataset.streetLabels = "0";
        return;
      }
      const b = map.getBounds();
      const bbox = [snap(b.getWest()), snap(b.getSouth()), snap(b.getEast(), true), snap(b.getNorth(), true)].join(",");
      const url = CONFIG.streetLabelsUrl + "?" + new URLSearchParams({ bbox: bbox, zoom: zoom });
      if (url === shown) {
        declutter();
        return;
      }
      fetchJson(url)
        .then(function (collection) {
          if (Math.min(Math.floor(map.getZoom()), LABEL_MAX_ZOOM) !== zoom) return; // the next move asks again
          shown = url;
          group.clearLayers();
          collection.features.forEach(function (f) {
            const span = document.createElement("span");
            span.textContent = f.properties.name;
            span.dataset.angle = f.properties.angle;
            span.style.transform = "translate(-50%, -50%) rotate(" + f.properties.angle + "deg)";
            if (f.properties.major) span.className = "major";
            const c = f.geometry.coordinates;
            group.addLayer(L.marker([c[1], c[0]], {
              icon: L.divIcon({ className: "street-label", html: span, iconSize: null }),
              interactive: false, keyboard: false, pane: "labels",
            }));
          });
          declutter();
        })
        .catch(function () { el.dataset.streetLabels = "error"; });
    }

    map.on("moveend", update);
    update();
  }

  function create(el, options) {
    options = options || {};
    const map = L.map(el, {
      scrollWheelZoom: false,
      keyboard: options.keyboard !== false,
      // Tenth steps let fitBounds fill the box (with whole steps the city took half of it); the buttons
      // still zoom by whole levels. Zoom 9 shows the whole city and its surroundings on any screen.
      zoomSnap: 0.1,
      minZoom: 9,
      maxZoom: CONFIG.basemap.maxZoom,
    }).setView(options.center || CONFIG.center, options.zoom || 12);
    if (CONFIG.basemap.url) {
      L.tileLayer(CONFIG.basemap.url, { maxZoom: CONFIG.basemap.maxZoom, attribution: CONFIG.basemap.attribution }).addTo(map);
    } else {
      el.classList.add("map-without-basemap");
    }
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(CONFIG.attribution);
    if (options.context !== false) {
      addContext(map, options);
      streetLabels(map);
    }
    el.classList.add("klmap");
    el.klMap = map;
    return map;
  }

  function locateButton(map, onPlace, status) {
    if (!navigator.geolocation) return;
    const control = L.control({ position: "topleft" });
    control.onAdd = function () {
      const button = L.DomUtil.create("button", "map-locate");
      button.type = "button";
      button.textContent = T.locate;
      L.DomEvent.disableClickPropagation(button);
      button.addEventListener("click", function () {
        if (status) status.textContent = T.locating;
        navigator.geolocation.getCurrentPosition(
          function (position) {
            const latlng = L.latLng(position.coords.latitude, position.coords.longitude);
            map.setView(latlng, 17, { animate: false });
            onPlace(latlng, "locate");
          },
          function () { if (status) status.textContent = T.locateFailed; },
          { enableHighAccuracy: true, timeout: 10000 },
        );
      });
      return button;
    };
    control.addTo(map);
  }

  /* Pointing: onPlace(latlng, how) for a click/tap, Enter on the crosshair, or the location button.
     options.onRemove() for Delete/Backspace; options.status: element for "locating…" messages. */
  function pointer(map, onPlace, options) {
    options = options || {};
    const el = map.getContainer();
    el.tabIndex = 0;
    el.setAttribute("role", "application");
    const crosshair = L.circleMarker(map.getCenter(), {
      radius: 10, color: "#b00020", weight: 2, fill: false, interactive: false, className: "map-crosshair",
    });

    function showCrosshair() {
      if (!map.hasLayer(crosshair)) crosshair.setLatLng(map.getCenter()).addTo(map);
    }

    function move(dx, dy, factor) {
      showCrosshair();
      const size = map.getSize();
      const here = map.latLngToContainerPoint(crosshair.getLatLng());
      const next = L.point(here.x + dx * size.x * factor, here.y + dy * size.y * factor);
      const latlng = map.containerPointToLatLng(next);
      crosshair.setLatLng(latlng);
      const margin = 20;
      if (next.x < margin || next.y < margin || next.x > size.x - margin || next.y > size.y - margin) {
        map.panTo(latlng, { animate: false });
      }
    }

    const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    el.addEventListener("focus", showCrosshair);
    el.addEventListener("keydown", function (event) {
      if (event.target !== el) return;
      if (MOVES[event.key]) {
        move(MOVES[event.key][0], MOVES[event.key][1], event.shiftKey ? STEP * 4 : STEP);
      } else if (event.key === "Enter" || event.key === " ") {
        showCrosshair();
        onPlace(crosshair.getLatLng(), "keyboard");
      } else if (event.key === "+" || event.key === "=") {
        map.setZoomAround(crosshair.getLatLng(), map.getZoom() + 1, { animate: false });
      } else if (event.key === "-") {
        map.setZoomAround(crosshair.getLatLng(), map.getZoom() - 1, { animate: false });
      } else if ((event.key === "Delete" || event.key === "Backspace") && options.onRemove) {
        options.onRemove();
      } else {
        return;
      }
      event.preventDefault();
    });
    map.on("click", function (event) { onPlace(event.latlng, "pointer"); });
    locateButton(map, onPlace, options.status);
    return {
      moveTo: function (latlng) { crosshair.setLatLng(latlng); },
    };
  }

  function geocoder(box, onChoose) {
    const input = box.querySelector("[data-role=search]");
    const results = box.querySelector("[data-role=search-results]");
    box.hidden = false;

    function run() {
      results.replaceChildren();
      const q = input.value.trim();
      if (q.length < 2) return;
      fetchJson(CONFIG.geocodeUrl + "?" + new URLSearchParams({ q: q, limit: 6 }))
        .then(function (collection) {
          const features = collection.features || [];
          if (!features.length) {
            const none = document.createElement("li");
            none.textContent = T.nothingFound;
            results.append(none);
          }
          features.forEach(function (feature) {
            const item = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = feature.properties.label;
            if (feature.properties.description) {
              // "Straße · Innenstadt-Ost": a street, an address on it and a place of the same name told apart.
              const kind = document.createElement("span");
              kind.className = "hint";
              kind.textContent = " (" + feature.properties.description + ")";
              button.append(kind);
            }
            button.addEventListener("click", function () {
              const c = feature.geometry.coordinates;
              results.replaceChildren();
              onChoose(L.latLng(c[1], c[0]), feature.properties.label);
            });
            item.append(button);
            results.append(item);
          });
        })
        .catch(function () {
          const failed = document.createElement("li");
          failed.textContent = T.searchFailed;
          results.append(failed);
        });
    }
    box.querySelector("[data-role=search-button]").addEventListener("click", run);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        run();
      }
    });
  }

  /* "Nähe Rummelstraße 9 · Stadtteil Innenstadt-Ost" rather than coordinates. */
  function describe(latlng) {
    const params = new URLSearchParams({ lon: latlng.lng.toFixed(6), lat: latlng.lat.toFixed(6) });
    return fetch(CONFIG.locateUrl + "?" + params, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.detail || T.outside);
          const stadtteil = T.stadtteil.replace("{name}", body.stadtteil.name);
          return body.address ? T.near.replace("{address}", body.address) + " · " + stadtteil : stadtteil;
        });
      });
  }

  /* The one point picker of the site's forms (ideas, survey point questions, feedback, statements).
     Click/tap, the keyboard crosshair (pointer), "Mein Standort", an address search or dragging the pin set
     the form's lon/lat inputs, a marker and a sentence in the status ("Nähe … · Stadtteil …"). Before the
     form is sent, every point field of it is checked: a place the server named outside the city, or one
     that options.check(latlng) refuses, stops the submission with no request, shows the message at the
     field and an error summary that takes the focus. The lon/lat inputs stay the source of truth, so the
     form works without JavaScript and the server checks again.

     options: lon, lat, status, clear, error (elements; defaults: input[name=lon|lat] of the form,
     #point-status, #point-clear, #point-error), pin (a draggable pin named by this text instead of a
     dot), color, className, prefix (status text before the sentence), removedText, search (an address
     search box), check(latlng) → message or "", onChange(latlng or null).
     Returns { place(latlng, how), remove() }. */
  function pointField(map, node, form, options) {
    const opts = options || {};
    const lon = opts.lon || form.querySelector("input[name=lon]");
    const lat = opts.lat || form.querySelector("input[name=lat]");
    const status = opts.status || document.getElementById("point-status");
    const clear = opts.clear === undefined ? document.getElementById("point-clear") : opts.clear;
    let error = opts.error || document.getElementById("point-error");
    if (!error) {
      error = document.createElement("p");
      error.className = "field-error";
      error.hidden = true;
      status.after(error);
    }
    if (!error.id) error.id = node.id + "-point-error";
    const emptyText = status.textContent;
    let marker = null;
    let asked = 0;
    let refused = ""; // the server's word on the current place, when it is outside the city
    let checking = null; // the Promise of the current place's description

    function draw(latlng) {
      if (!marker) {
        marker = opts.pin
          ? L.marker(latlng, { draggable: true, keyboard: false, title: opts.pin, alt: opts.pin })
          : L.circleMarker(latlng, { radius: 8, color: opts.color || "#1d4f91", fillOpacity: 0.8, interactive: false, className: opts.className || "" });
        if (opts.pin) marker.on("dragend", function () { place(marker.getLatLng(), "drag"); });
      }
      marker.setLatLng(latlng).addTo(map);
    }

    function place(latlng, how) {
      draw(latlng);
      picker.moveTo(latlng);
      if (how === "keyboard" || how === "fields") map.panTo(latlng, { animate: false });
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      if (clear) clear.hidden = false;
      node.dataset.point = lon.value + "," + lat.value;
      error.hidden = true;
      refused = "";
      status.classList.remove("error");
      status.textContent = opts.prefix || T.locating;
      const request = ++asked;
      checking = describe(latlng)
        .then(function (sentence) {
          if (request !== asked) return;
          status.textContent = opts.prefix ? opts.prefix + " " + sentence : sentence;
          node.dataset.place = sentence;
        }, function (failure) {
          if (request !== asked) return;
          refused = failure.message;
          status.textContent = opts.prefix ? opts.prefix + " " + refused : refused;
          status.classList.add("error");
          node.dataset.place = "";
        })
        .then(function () { if (request === asked) checking = null; });
      if (opts.onChange) opts.onChange(latlng);
    }

    function remove() {
      asked++;
      checking = null;
      refused = "";
      if (marker) map.removeLayer(marker);
      lon.value = lat.value = "";
      if (clear) clear.hidden = true;
      error.hidden = true;
      status.classList.remove("error");
      status.textContent = opts.removedText || emptyText;
      delete node.dataset.point;
      delete node.dataset.place;
      if (opts.onChange) opts.onChange(null);
    }

    /* What stops the form: "" when the place may be sent. */
    function problem() {
      if (!lon.value || !lat.value) return "";
      if (refused) return refused;
      return opts.check ? opts.check(L.latLng(Number(lat.value), Number(lon.value))) || "" : "";
    }

    function fromFields() {
      if (lon.value && lat.value && isFinite(lon.value) && isFinite(lat.value)) {
        place(L.latLng(Number(lat.value), Number(lon.value)), "fields");
      }
    }

    const picker = pointer(map, place, { onRemove: remove, status: status });
    if (clear) clear.addEventListener("click", remove);
    [lon, lat].forEach(function (input) { input.addEventListener("change", fromFields); });
    if (opts.search) {
      geocoder(opts.search, function (latlng) {
        map.setView(latlng, 17, { animate: false });
        place(latlng, "search");
        node.focus();
      });
    }
    fromFields();
    if (!form.klPointFields) {
      form.klPointFields = [];
      form.addEventListener("submit", guardSubmit);
    }
    form.klPointFields.push({
      node: node,
      error: error,
      problem: problem,
      pending: function () { return checking; },
    });
    return { place: place, remove: remove };
  }

  /* One check per form for all its point fields. A place still being looked up is waited for, then the
     form is sent again (or refused); nothing reaches the server before the answer is known. */
  /* The module's one shape drawer: several points ("multipoint"), a line or an area, a corner for each
     click/tap or Enter on the crosshair, Delete or the undo button for the last one, the clear button for
     all, and an address search that moves the crosshair. The shape is written into options.input as GeoJSON
     (nothing while it has too few corners) and read back from it (an earlier answer, a refused form).
     options: kind, input, status, texts (data-vertex "{n}", data-removed, data-cleared), undo, clear,
     search, zoom (for a chosen address), onAdd(latlng, count) to announce a corner (default: texts.vertex).
     node.dataset.points counts the corners. */
  function shapeField(map, node, options) {
    const kind = options.kind;
    const t = options.texts;
    let vertices = []; // [lat, lng] pairs
    let shape = null;

    function announce(message) { options.status.textContent = message; }

    function geometry() {
      const coords = vertices.map(function (v) { return [Number(v[1].toFixed(6)), Number(v[0].toFixed(6))]; });
      if (kind === "multipoint" && coords.length) return { type: "MultiPoint", coordinates: coords };
      if (kind === "line" && coords.length >= 2) return { type: "LineString", coordinates: coords };
      if (kind === "area" && coords.length >= 3) return { type: "Polygon", coordinates: [coords.concat([coords[0]])] };
      return null;
    }

    function redraw() {
      if (shape) map.removeLayer(shape);
      shape = null;
      const style = { color: "#1d4f91", interactive: false };
      if (kind === "multipoint") {
        shape = L.featureGroup(vertices.map(function (v) { return L.circleMarker(v, L.extend({ radius: 7 }, style)); }));
      } else if (vertices.length) {
        shape = (kind === "line" ? L.polyline : L.polygon)(vertices, style);
      }
      if (shape) shape.addTo(map);
      const g = geometry();
      options.input.value = g ? JSON.stringify(g) : "";
      node.dataset.points = String(vertices.length);
    }

    function add(latlng) {
      vertices.push([latlng.lat, latlng.lng]);
      redraw();
      if (options.onAdd) options.onAdd(latlng, vertices.length);
      else announce(t.vertex.replace("{n}", vertices.length));
    }

    function removeLast() {
      if (!vertices.length) return;
      vertices.pop();
      redraw();
      announce(t.removed);
    }

    const crosshair = pointer(map, add, { onRemove: removeLast, status: options.status });
    if (options.undo) options.undo.addEventListener("click", removeLast);
    options.clear.addEventListener("click", function () {
      vertices = [];
      redraw();
      announce(t.cleared);
    });
    geocoder(options.search, function (latlng) {
      map.setView(latlng, options.zoom || 17, { animate: false });
      crosshair.moveTo(latlng);
      node.focus();
    });
    try {
      const g = options.input.value ? JSON.parse(options.input.value) : null;
      const coords = !g ? [] : g.type === "Polygon" ? g.coordinates[0].slice(0, -1)
        : g.type === "LineString" || g.type === "MultiPoint" ? g.coordinates : [];
      vertices = coords.map(function (c) { return [c[1], c[0]]; });
    } catch (error) { vertices = []; }
    redraw();
    if (shape) map.fitBounds(shape.getBounds(), { animate: false, maxZoom: 16 });
  }

  function guardSubmit(event) {
    const form = event.currentTarget;
    const fields = form.klPointFields;
    const pending = fields.map(function (f) { return f.pending(); }).filter(Boolean);
    if (pending.length) {
      event.preventDefault();
      const submitter = event.submitter;
      Promise.all(pending).then(function () {
        if (!refuse(form, fields)) form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      });
      return;
    }
    if (refuse(form, fields)) event.preventDefault();
  }

  /* Shows each refused place at its field and in an error summary at the top of the form, which takes the
     focus (as the server's summary does after a refusal). Returns whether anything was refused. */
  function refuse(form, fields) {
    const problems = [];
    fields.forEach(function (f) {
      const message = f.node.closest("[hidden]") ? "" : f.problem(); // the server skips a question not shown
      f.error.textContent = message;
      f.error.hidden = !message;
      if (message) problems.push({ node: f.node, message: message });
    });
    if (!problems.length) return false;
    const old = document.getElementById("error-summary");
    if (old) old.remove();
    const summary = document.createElement("div");
    summary.className = "error-summary";
    summary.id = "error-summary";
    summary.tabIndex = -1;
    summary.setAttribute("role", "alert");
    const intro = document.createElement("p");
    intro.textContent = T.checkEntries;
    const list = document.createElement("ul");
    problems.forEach(function (p) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#" + p.node.id;
      link.textContent = p.message;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        p.node.focus();
      });
      item.append(link);
      list.append(item);
    });
    summary.append(intro, list);
    form.prepend(summary);
    if (document.title.indexOf(T.errorTitle) !== 0) document.title = T.errorTitle + " " + document.title;
    summary.focus();
    return true;
  }

  /* Elements with data-touch-text say "Tippen" instead of "Klicken" on a touch screen. */
  if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
    document.querySelectorAll("[data-touch-text]").forEach(function (node) { node.textContent = node.dataset.touchText; });
  }

  window.KLMap = {
    create: create, pointer: pointer, pointField: pointField, shapeField: shapeField, geocoder: geocoder,
    describe: describe, fetchJson: fetchJson, labels: T,
  };
})();
