// The period form of the dashboards: choosing a preset shows it at once; choosing a month of the
// custom range switches the preset to "custom". A preset is sent without the form's months, so
// that the address never holds a preset and a range that contradict each other.
(function () {
  "use strict";
  document.querySelectorAll("form[data-period-form]").forEach(function (form) {
    var preset = form.elements.period;
    var months = ["from", "to"].map(function (name) { return form.elements[name]; }).filter(Boolean);
    form.addEventListener("submit", function () {
      months.forEach(function (field) { field.disabled = preset.value !== "custom"; });
    });
    preset.addEventListener("change", function () {
      if (preset.value !== "custom") {
        form.requestSubmit();
      }
    });
    months.forEach(function (field) {
      field.addEventListener("change", function () { preset.value = "custom"; });
    });
  });
})();
