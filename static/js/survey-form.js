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

  /* Several points, a line or an area: the map module's one shape drawer (KLMap.shapeField). A corner is
     announced with the nearest address and the Stadtteil, not coordinates. */
  function setUpShape(container, mapEl, map) {
    const status = container.querySelector("[data-role=status]");
    const t = container.dataset; // translated texts: data-vertex, data-removed, data-cleared
    KLMap.shapeField(map, mapEl, {
      kind: container.dataset.kind, input: container.querySelector("[data-role=geojson]"), status: status,
      texts: t, zoom: 17, undo: container.querySelector("[data-role=undo]"),
      clear: container.querySelector("[data-role=clear]"), search: container.querySelector("[data-address-search]"),
      onAdd: function (latlng, n) {
        const what = t.vertex.replace("{n}", n);
        status.textContent = what;
        KLMap.describe(latlng)
          .then(function (sentence) { status.textContent = what + " " + sentence; })
          .catch(function (error) { status.textContent = what + " " + error.message; });
      },
    });
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
