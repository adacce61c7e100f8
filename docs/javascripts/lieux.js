/* Filtering of the places table by commune and service. Without JavaScript the form
   stays hidden and the whole table is shown. Rows carry data-commune and
   data-services (a JSON list), written by the generator. */
(function () {
  "use strict";
  var form = document.getElementById("filtres-lieux");
  var table = document.getElementById("table-lieux");
  if (!form || !table) { return; }
  var commune = document.getElementById("filtre-commune");
  var service = document.getElementById("filtre-service");
  var status = document.getElementById("filtre-resultat");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  function servicesOf(row) {
    try { return JSON.parse(row.getAttribute("data-services") || "[]"); } catch (e) { return []; }
  }

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var okCommune = !commune.value || row.getAttribute("data-commune") === commune.value;
      var okService = !service.value || servicesOf(row).indexOf(service.value) !== -1;
      row.hidden = !(okCommune && okService);
      if (!row.hidden) { shown += 1; }
    });
    status.textContent = shown + (shown > 1 ? " lieux affichés" : " lieu affiché") + " sur " + rows.length + ".";
    document.dispatchEvent(new CustomEvent("tna:lieux-filtres", { detail: { rows: rows } }));
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  commune.addEventListener("change", apply);
  service.addEventListener("change", apply);
  apply();
})();
