/* Assistive toolbar (无障碍工具条): text size, high contrast, reading line, text-only and elder modes.
   Our own code, no third-party script; choices are remembered per visitor in localStorage. */
(function () {
  "use strict";
  var KEY = "sitegroup-a11y";
  var MODES = ["contrast", "guide", "reading", "elder"];
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  var state = load();

  function apply() {
    var scale = Math.min(2, Math.max(0.8, state.scale || 1));
    root.style.setProperty("--a11y-font-scale", String(scale));
    root.classList.toggle("a11y-scaled", scale !== 1);
    MODES.forEach(function (mode) {
      root.classList.toggle("a11y-" + mode, !!state[mode]);
      var button = document.querySelector('[data-a11y-mode="' + mode + '"]');
      if (button) { button.setAttribute("aria-pressed", state[mode] ? "true" : "false"); }
    });
    var line = document.querySelector(".a11y-guide-line");
    if (line) { line.hidden = !state.guide; }
  }
  apply();  // before the toolbar exists: no flash of the default style on later pages

  function announce(text) {
    var status = document.querySelector("[data-a11y-status]");
    if (status) { status.textContent = text; }
  }

  function moveGuide(y) {
    var line = document.querySelector(".a11y-guide-line");
    if (line && state.guide) { line.style.top = Math.max(0, y - 16) + "px"; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    apply();
    var toolbar = document.querySelector("[data-a11y-toolbar]");
    if (!toolbar) { return; }
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var mode = button.getAttribute("data-a11y-mode");
      var action = button.getAttribute("data-a11y-action");
      if (mode) {
        state[mode] = !state[mode];
      } else if (action === "bigger") {
        state.scale = Math.round(Math.min(2, (state.scale || 1) + 0.1) * 10) / 10;
      } else if (action === "smaller") {
        state.scale = Math.round(Math.max(0.8, (state.scale || 1) - 0.1) * 10) / 10;
      } else if (action === "reset") {
        state = {};
      }
      save(state);
      apply();
      announce(button.textContent + (mode ? (state[mode] ? " ✓" : " ✗") : ""));
    });
    document.addEventListener("mousemove", function (event) { moveGuide(event.clientY); });
    document.addEventListener("focusin", function (event) {
      var rect = event.target.getBoundingClientRect && event.target.getBoundingClientRect();
      if (rect) { moveGuide(rect.top + rect.height / 2); }
    });
  });
}());
