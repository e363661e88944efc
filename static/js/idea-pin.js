/* Pin an idea: click or tap the map, drag the pin, search an address, or use the arrow keys on the
   focused map. The lon/lat fields stay the source of truth, so the form also works without JavaScript. */
(function () {
  "use strict";

  const el = document.querySelector("[data-pin-map]");
  if (!el) return;
  const config = JSON.parse(document.getElementById("pin-map-config").textContent);
  const lon = document.getElementById("id_lon");
  const lat = document.getElementById("id_lat");
  const status = document.getElementById("pin-stadtteil");
  const map = L.map(el, { scrollWheelZoom: false, keyboard: false }).setView([49.4435, 7.7689], 13);
  L.tileLayer(el.dataset.tileUrl, { maxZoom: Number(el.dataset.maxZoom || 19), attribution: el.dataset.tileAttribution }).addTo(map);
  let pin = null;
  let locating = null;

  function locate(latlng) {
    if (locating) locating.abort();
    locating = new AbortController();
    status.textContent = config.labels.locating;
    status.classList.remove("error");
    const params = new URLSearchParams({ lon: latlng.lng.toFixed(6), lat: latlng.lat.toFixed(6) });
    fetch(config.locateUrl + "?" + params, { signal: locating.signal, headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok) {
          status.textContent = config.labels.stadtteil.replace("%(name)s", result.body.stadtteil.name);
          el.dataset.stadtteil = result.body.stadtteil.name;
        } else {
          status.textContent = result.body.detail || config.labels.refused;
          status.classList.add("error");
          el.dataset.stadtteil = "";
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") status.textContent = "";
      });
  }

  function place(latlng, pan) {
    if (!pin) {
      pin = L.marker(latlng, { draggable: true, keyboard: false, title: config.labels.pin, alt: config.labels.pin }).addTo(map);
      pin.on("dragend", function () { place(pin.getLatLng(), false); });
    }
    pin.setLatLng(latlng);
    lon.value = latlng.lng.toFixed(6);
    lat.value = latlng.lat.toFixed(6);
    if (pan) map.panTo(latlng, { animate: false });
    locate(latlng);
  }

  map.on("click", function (event) { place(event.latlng, false); });

  const STEPS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  el.addEventListener("keydown", function (event) {
    if (STEPS[event.key]) {
      event.preventDefault();
      const start = pin ? pin.getLatLng() : map.getCenter();
      const step = event.shiftKey ? 50 : 10; // screen pixels, so the step suits the zoom
      const point = map.latLngToContainerPoint(start).add(L.point(STEPS[event.key]).multiplyBy(pin ? step : 0));
      place(map.containerPointToLatLng(point), true);
    } else if (event.key === "+" || event.key === "=") {
      map.zoomIn(1, { animate: false });
    } else if (event.key === "-") {
      map.zoomOut(1, { animate: false });
    }
  });

  if (lon.value && lat.value) place(L.latLng(Number(lat.value), Number(lon.value)), true);
  [lon, lat].forEach(function (input) {
    input.addEventListener("change", function () {
      if (lon.value && lat.value) place(L.latLng(Number(lat.value), Number(lon.value)), true);
    });
  });

  const search = document.querySelector("[data-address-search]");
  const q = document.getElementById("address-q");
  const results = document.getElementById("address-results");
  search.hidden = false;

  function runSearch() {
    results.replaceChildren();
    if (q.value.trim().length < 2) return;
    fetch(config.geocodeUrl + "?" + new URLSearchParams({ q: q.value, limit: 6 }), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        const features = collection.features || [];
        if (!features.length) {
          const none = document.createElement("li");
          none.textContent = config.labels.nothingFound;
          results.appendChild(none);
        }
        features.forEach(function (feature) {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = feature.properties.label;
          button.addEventListener("click", function () {
            const [x, y] = feature.geometry.coordinates;
            map.setView([y, x], 17, { animate: false });
            place(L.latLng(y, x), true);
            results.replaceChildren();
            el.focus();
          });
          item.appendChild(button);
          results.appendChild(item);
        });
      });
  }
  document.getElementById("address-go").addEventListener("click", runSearch);
  q.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      runSearch();
    }
  });
})();
