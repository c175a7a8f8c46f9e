// The intake form is sent once: a second click while it is being saved does nothing. (The server
// also refuses a resubmitted form: its submission key creates one request only.)
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) {
    return;
  }
  form.addEventListener("submit", function () {
    var button = document.getElementById("intake-submit");
    window.setTimeout(function () { button.disabled = true; }, 0);
  });
  // Choosing a result clears the list it came from.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var id = event.detail.target.id;
    if (id === "resident-chosen") { document.getElementById("resident-results").innerHTML = ""; }
    if (id === "item-chosen") { document.getElementById("item-results").innerHTML = ""; }
  });
  // Enter in a search box must not submit the whole form.
  ["resident-q", "item-q"].forEach(function (id) {
    var box = document.getElementById(id);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  });
})();
