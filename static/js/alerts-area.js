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

  function setUpMap() {
    if (map) { map.invalidateSize(); return; }
    map = KLMap.create(mapEl, { keyboard: false, zoom: 12 });
    KLMap.shapeField(map, mapEl, {
      kind: "area", input: geojsonInput, status: status, texts: t, zoom: 16,
      undo: draw.querySelector("[data-role=undo]"), clear: draw.querySelector("[data-role=clear]"),
      search: draw.querySelector("[data-address-search]"),
      onAdd: function (latlng, n) { status.textContent = (n >= 3 ? t.closed : t.vertex).replace("{n}", n); },
    });
    // A refused area: its message belongs next to the map (the GeoJSON field itself is hidden).
    const refused = document.querySelector("#feld-area .field-error");
    if (refused) status.textContent = refused.textContent;
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
