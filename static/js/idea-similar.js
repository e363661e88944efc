/* "Gibt es schon?": while a resident writes an idea, the three most similar published ideas appear below
   the form fields, with links to support or comment on them instead. It only reads; the form submits as
   before, with or without JavaScript, and a failed lookup just shows nothing. */
(function () {
  "use strict";

  const box = document.querySelector("[data-similar-url]");
  if (!box || !window.fetch) return;
  const fields = ["id_title", "id_description", "id_lon", "id_lat"].map(function (id) {
    return document.getElementById(id);
  });
  const list = box.querySelector("ul");
  let timer = null;
  let asked = 0;

  function value(field, max) {
    return field ? field.value.slice(0, max) : "";
  }

  function show(ideas) {
    list.replaceChildren();
    ideas.forEach(function (idea) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = idea.url;
      link.textContent = idea.title;
      item.append(link);
      const more = document.createElement("span");
      more.className = "hint";
      more.textContent = " · " + box.dataset.supports.replace("%s", idea.supports) +
        (idea.distance_m !== null ? " · " + box.dataset.distance.replace("%s", idea.distance_m) : "") + " · ";
      item.append(more);
      const comment = document.createElement("a");
      comment.href = idea.comment_url;
      comment.textContent = box.dataset.comment;
      item.append(comment);
      list.append(item);
    });
    box.hidden = ideas.length === 0;
  }

  function lookup() {
    const [title, text, lon, lat] = fields;
    const query = new URLSearchParams({ title: value(title, 120), text: value(text, 4000) });
    if (lon && lat && lon.value && lat.value) {
      query.set("lon", lon.value);
      query.set("lat", lat.value);
    }
    if (!query.get("title") && !query.get("text") && !query.get("lon")) return show([]);
    const request = ++asked;
    fetch(box.dataset.similarUrl + "?" + query.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (ideas) { if (request === asked) show(ideas); })
      .catch(function () { if (request === asked) show([]); });
  }

  fields.forEach(function (field) {
    if (!field) return;
    ["input", "change"].forEach(function (kind) {
      field.addEventListener(kind, function () {
        clearTimeout(timer);
        timer = setTimeout(lookup, 600);
      });
    });
  });
})();
