// Draws every <canvas data-chart="ID"> from the JSON in <script type="application/json" id="ID">
// with the vendored Chart.js (no inline script: the platform's CSP allows only 'self').
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: canvas.dataset.type || "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          return {label: set.label, data: set.data, borderColor: set.color, backgroundColor: set.color,
                  tension: 0.2, pointRadius: 2};
        })
      },
      options: {animation: false, responsive: true, maintainAspectRatio: false,
                scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
    });
    canvas.dataset.drawn = "true";
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
    document.documentElement.dataset.chartsReady = "true";
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
