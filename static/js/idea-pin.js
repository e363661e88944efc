/* Pin an idea: click or tap the map, drag the pin, search an address, use "Mein Standort", or point with
   the keyboard (KLMap.pointer). The lon/lat fields stay the source of truth, so the form also works
   without JavaScript. */
(function () {
  "use strict";

  const el = document.querySelector("[data-pin-map]");
  if (!el) return;
  const lon = document.getElementById("id_lon");
  const lat = document.getElementById("id_lat");
  const status = document.getElementById("pin-stadtteil");
  const map = KLMap.create(el, { keyboard: false, zoom: 13 });
  let pin = null;
  let asked = 0;

  function describe(latlng) {
    const request = ++asked;
    status.textContent = KLMap.labels.locating;
    status.classList.remove("error");
    KLMap.describe(latlng)
      .then(function (sentence) {
        if (request !== asked) return;
        status.textContent = sentence;
        el.dataset.place = sentence;
      })
      .catch(function (error) {
        if (request !== asked) return;
        status.textContent = error.message;
        status.classList.add("error");
        el.dataset.place = "";
      });
  }

  function place(latlng, pan) {
    if (!pin) {
      pin = L.marker(latlng, { draggable: true, keyboard: false, title: el.dataset.pinLabel, alt: el.dataset.pinLabel }).addTo(map);
      pin.on("dragend", function () { place(pin.getLatLng(), false); });
    }
    pin.setLatLng(latlng);
    pointer.moveTo(latlng);
    lon.value = latlng.lng.toFixed(6);
    lat.value = latlng.lat.toFixed(6);
    if (pan) map.panTo(latlng, { animate: false });
    describe(latlng);
  }

  const pointer = KLMap.pointer(map, function (latlng, how) { place(latlng, how === "keyboard"); }, { status: status });

  function fromFields() {
    if (lon.value && lat.value) place(L.latLng(Number(lat.value), Number(lon.value)), true);
  }
  fromFields();
  [lon, lat].forEach(function (input) { input.addEventListener("change", fromFields); });

  KLMap.geocoder(document.querySelector("[data-address-search]"), function (latlng) {
    map.setView(latlng, 17, { animate: false });
    place(latlng, true);
    el.focus();
  });
})();
