// A full ID number or a phone number typed into the search box is sent by POST to the number search,
// so that it never lands in the address bar, the browser history or a server log. The live search
// as the clerk types sends the box in its request body (hx-post), never in the address; a run of
// twelve or more digits may be an ID number on its way, so it is not sent until the clerk presses
// Enter (and then by POST once it is complete).
(function () {
  "use strict";
  var filterForm = document.getElementById("resident-filter");
  var idForm = document.getElementById("id-search");
  if (!filterForm || !idForm) {
    return;
  }
  var fullId = /^[0-9]{17}[0-9X]$/;
  var idLike = /[0-9]{12,}/;
  // A mobile number (+86 or not), or a landline with its area code: as residents/identity.py reads them.
  var phone = /^(?:\+?86|0086)?1[3-9][0-9]{9}$|^0[0-9]{9,11}$/;
  var box = filterForm.querySelector("input[name=q]");

  function typed() {
    return box ? box.value.replace(/[\s\-()（）]+/g, "").replace(/[０-９Ｘｘ＋]/g, function (ch) {
      return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    }).toUpperCase() : "";
  }

  filterForm.addEventListener("submit", function (event) {
    var value = typed();
    if (fullId.test(value) || phone.test(value)) {
      event.preventDefault();
      idForm.querySelector("input[name=id_number]").value = value;
      box.value = "";
      idForm.submit();
    }
  });

  filterForm.addEventListener("htmx:configRequest", function (event) {
    if (idLike.test(typed())) {
      event.preventDefault();
    }
  });
})();
