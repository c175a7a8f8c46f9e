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
    // The answer to what the box holds now: its results can be chosen again, and an Enter pressed
    // while it was on its way picks the first of them.
    if (id === "resident-results" || id === "item-results") {
      event.detail.target.classList.remove("results-stale");
      var box = document.querySelector("[data-results=" + id + "]");
      var first = event.detail.target.querySelector("[data-choose]");
      if (box.dataset.pickWhenAnswered && first) {
        delete box.dataset.pickWhenAnswered;
        pick(first);
      }
    }
  });
  // A keystroke makes the results on screen those of an older query: they are greyed out and cannot be
  // chosen until the answer to the new one replaces them (hx-sync drops the answers to older queries).
  ["resident-q", "item-q"].forEach(function (id) {
    var box = document.getElementById(id);
    box.addEventListener("input", function () {
      delete box.dataset.pickWhenAnswered;
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
  // A pick by the keyboard asks for the option's fragment itself: the option may have arrived a moment
  // ago, before htmx has wired its click.
  function pick(option) {
    window.htmx.ajax("GET", option.getAttribute("hx-get"), { target: option.getAttribute("hx-target") });
  }
  // In a search box, ↓ and ↑ move through the results and Enter picks the one marked (the first
  // by default); Enter never submits the whole form, nor searches again (the box searches as one
  // types: a second search on Enter would replace the results while the pick is on its way).
  ["resident-q", "item-q"].forEach(function (id) {
    var box = document.getElementById(id);
    box.addEventListener("keydown", function (event) {
      var results = document.getElementById(box.dataset.results);
      var options = Array.prototype.slice.call(results.querySelectorAll("[data-choose]"));
      var current = options.findIndex(function (option) { return option.classList.contains("active"); });
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options.length) { return; }
        event.preventDefault();
        var next = event.key === "ArrowDown" ? Math.min(current + 1, options.length - 1) : Math.max(current - 1, 0);
        options.forEach(function (option, index) {
          option.classList.toggle("active", index === next);
          option.setAttribute("aria-selected", index === next ? "true" : "false");
        });
        options[next].scrollIntoView({ block: "nearest" });
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (results.classList.contains("results-stale") || box.classList.contains("htmx-request")) {
          box.dataset.pickWhenAnswered = "true";  // the first result of what the box holds now
        } else if (options.length) {
          pick(options[current >= 0 ? current : 0]);
        }
      }
    });
  });
  // After a pick, on to the next thing to do: the item, then the materials, then saving.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var id = event.detail.target.id;
    if (id === "resident-chosen" && !document.querySelector("#item-chosen [data-testid=chosen-item]")) {
      document.getElementById("item-q").focus();
    }
    if (id === "item-chosen") {
      (document.getElementById("all-materials") || document.getElementById("intake-submit")).focus();
    }
  });
  // 材料齐全: every material of the item ticked at once.
  form.addEventListener("click", function (event) {
    if (!event.target.matches("[data-all-materials]")) { return; }
    form.querySelectorAll("input[name=materials_received]").forEach(function (box) { box.checked = true; });
    document.getElementById("intake-submit").focus();
  });
})();
