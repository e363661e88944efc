/* Pin an idea through the map module's point picker (KLMap.pointField): click or tap the map, drag the pin,
   search an address, use "Mein Standort", or point with the keyboard. The visible lon/lat fields stay the
   source of truth, so the form also works without JavaScript; a place outside the city is refused before
   sending. */
(function () {
  "use strict";

  const el = document.querySelector("[data-pin-map]");
  if (!el || !window.KLMap) return;
  const form = el.closest("form");
  const map = KLMap.create(el, { keyboard: false, zoom: 13 });
  KLMap.pointField(map, el, form, {
    lon: document.getElementById("id_lon"),
    lat: document.getElementById("id_lat"),
    status: document.getElementById("pin-stadtteil"),
    clear: null,
    error: document.getElementById("pin-error"),
    pin: el.dataset.pinLabel,
    search: document.querySelector("[data-address-search]"),
  });

  // After a refused submission, keyboard and screen reader users start at the list of problems.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
