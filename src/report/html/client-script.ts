import { chartOptions } from './chart-options.js';

/**
 * The page's own script: reads the JSON blob, builds the options with chartOptions (inlined
 * from its source) and draws each chart into its box, with ECharts' dark theme when the
 * reader's system is in dark mode. Plain ES5-style code: it is not compiled.
 */
export function clientScript(): string {
  return `(function () {
  var chartOptions = ${chartOptions.toString()};
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var dark = !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  var options = chartOptions(data);
  var charts = [];
  Object.keys(options).forEach(function (key) {
    var box = document.getElementById('chart-' + key);
    if (!box) return;
    var chart = echarts.init(box, dark ? 'dark' : null);
    chart.setOption(options[key]);
    charts.push(chart);
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();`;
}
