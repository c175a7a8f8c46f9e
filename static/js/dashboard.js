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
      var months = rows.map(function (r) { return r.month; });
      var partial = rows.filter(function (r) { return r.partial; }).map(function (r) { return r.month; });
      // The month under way is shaded and labelled: its figures are those so far.
      var soFar = partial.length ? {
        silent: true,
        itemStyle: { color: "rgba(108, 117, 125, 0.12)" },
        label: { show: true, position: "insideTop", color: "#6c757d", formatter: element.dataset.labelPartial },
        // from the last complete month to the one under way: the stretch that would read as a fall
        data: [[{ xAxis: months[Math.max(0, months.indexOf(partial[0]) - 1)] }, { xAxis: partial[partial.length - 1] }]]
      } : undefined;
      option = {
        tooltip: { trigger: "axis" },
        legend: { top: 0, data: [element.dataset.labelReceived, element.dataset.labelResolved] },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: months, axisLabel: { hideOverlap: true } },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: element.dataset.labelReceived, type: "line", smooth: true, markArea: soFar, data: rows.map(function (r) { return r.received; }) },
          { name: element.dataset.labelResolved, type: "line", smooth: true, data: rows.map(function (r) { return r.resolved; }) }
        ]
      };
    } else {
      option = {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
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
