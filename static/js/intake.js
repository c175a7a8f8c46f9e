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
    // The answer to what the box holds now: its results can be chosen again.
    if (id === "resident-results" || id === "item-results") { event.detail.target.classList.remove("results-stale"); }
  });
  // A keystroke makes the results on screen those of an older query: they are greyed out and cannot be
  // chosen until the answer to the new one replaces them (hx-sync drops the answers to older queries).
  ["resident-q", "item-q"].forEach(function (id) {
    var box = document.getElementById(id);
    box.addEventListener("input", function () {
      var results = document.getElementById(box.dataset.results);
      if (results.innerHTML.trim()) {
        results.classList.add("results-stale");
        results.setAttribute("aria-busy", "true");
      }
    });
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    event.detail.target.removeAttribute("aria-busy");
  });
  // Enter in a search box must not submit the whole form.
  ["resident-q", "item-q"].forEach(function (id) {
    var box = document.getElementById(id);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  });
})();
