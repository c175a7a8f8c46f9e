// A receipt opened straight after saving a request (?print=1) opens the print dialog by itself.
(function () {
  "use strict";
  var script = document.currentScript;
  if (script && script.hasAttribute("data-print-now")) {
    window.addEventListener("load", function () { window.print(); });
  }
})();
