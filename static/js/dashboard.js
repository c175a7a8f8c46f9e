// Draws the dashboard's charts with ECharts from the JSON blocks of the page. Every chart's
// numbers are also in the table under it (printing, screen readers).
(function () {
  "use strict";
  if (!window.echarts) {
    return;
  }
  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : [];
  }
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var rows = data(element.dataset.source);
    var chart = window.echarts.init(element);
    var option;
    if (element.dataset.chart === "trend") {
      option = {
        tooltip: { trigger: "axis" },
        legend: { data: [element.dataset.labelReceived, element.dataset.labelResolved] },
        grid: { left: 40, right: 16, top: 32, bottom: 24 },
        xAxis: { type: "category", data: rows.map(function (r) { return r.month; }) },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: element.dataset.labelReceived, type: "line", smooth: true, data: rows.map(function (r) { return r.received; }) },
          { name: element.dataset.labelResolved, type: "line", smooth: true, data: rows.map(function (r) { return r.resolved; }) }
        ]
      };
    } else {
      option = {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 110, right: 16, top: 8, bottom: 24 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
        series: [{ type: "bar", data: rows.map(function (r) { return r.value; }), itemStyle: { color: "#b71c1c" } }]
      };
    }
    chart.setOption(option);
    element.dataset.rendered = "true";
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
