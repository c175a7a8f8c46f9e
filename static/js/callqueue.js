// The waiting room's screen announces each new call aloud (the browser's speech synthesis, in
// Chinese). Browsers speak only after a first click on the page: the button turns it on.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) {
    return;
  }
  var on = false;
  var last = null;
  function current() {
    var call = board.querySelector("[data-call]");
    return call ? { key: call.dataset.call, text: call.dataset.announce } : null;
  }
  var first = current();
  last = first ? first.key : null;
  document.getElementById("announce-on").addEventListener("click", function (event) {
    on = true;
    event.target.disabled = true;
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target !== board) { return; }
    var call = current();
    if (!call || call.key === last) { return; }
    last = call.key;
    board.dataset.announced = call.key;
    if (on && window.speechSynthesis) {
      var words = new SpeechSynthesisUtterance(call.text);
      words.lang = "zh-CN";
      window.speechSynthesis.speak(words);
    }
  });
})();
