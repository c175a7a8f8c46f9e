// A full ID number typed into the search box is sent by POST to the ID-number search, so that it
// never lands in the address bar, the browser history or a server log.
(function () {
  "use strict";
  var filterForm = document.getElementById("resident-filter");
  var idForm = document.getElementById("id-search");
  if (!filterForm || !idForm) {
    return;
  }
  var fullId = /^[0-9]{17}[0-9Xx]$/;
  filterForm.addEventListener("submit", function (event) {
    var box = filterForm.querySelector("input[name=q]");
    var value = box ? box.value.replace(/\s+/g, "").replace(/[０-９Ｘｘ]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    }) : "";
    if (fullId.test(value)) {
      event.preventDefault();
      idForm.querySelector("input[name=id_number]").value = value;
      box.value = "";
      idForm.submit();
    }
  });
})();
