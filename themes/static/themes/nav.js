/* The main navigation collapses behind a "Menu" button on narrow screens (national rules ask
   government sites to work on phones). A native button: Enter and Space open it, its
   aria-expanded tells screen readers the state, Escape closes it and returns to the button.
   Without this script the whole menu simply stays visible. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 48rem)");

  function setUp(nav) {
    var button = nav.querySelector(".nav-toggle");
    var list = nav.querySelector("ul");
    if (!button || !list) { return; }

    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    function layout() {
      var collapsible = narrow.matches;
      button.hidden = !collapsible;
      nav.classList.toggle("is-collapsible", collapsible);
      show(!collapsible);
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches && button.getAttribute("aria-expanded") === "true") {
        show(false);
        button.focus();
      }
    });
    if (narrow.addEventListener) { narrow.addEventListener("change", layout); } else { narrow.addListener(layout); }
    layout();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-site-nav]"), setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
