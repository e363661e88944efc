// The header menu on narrow screens as a disclosure: a button with aria-expanded that shows and hides the
// menu. Without JavaScript the link "Menü" jumps to the menu, which CSS shows as the :target.
(function () {
  "use strict";
  const link = document.querySelector("[data-menu-toggle]");
  const menu = document.getElementById("site-menu");
  if (!link || !menu) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.textContent = link.textContent;
  button.setAttribute("aria-controls", "site-menu");
  button.setAttribute("aria-expanded", "false");
  link.replaceWith(button);
  document.documentElement.classList.add("has-menu-js");

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  }
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
