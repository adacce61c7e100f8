/* Filtering of the places list: free text (name, commune, postcode, service, without accents
   or case), « ouvert le » a weekday, commune and service. Without JavaScript the form stays
   hidden and the whole list is shown. Rows carry data-texte, data-jours (open weekdays,
   0 = Monday), data-commune and data-services (a JSON list), written by the generator. */
(function () {
  "use strict";
  var form = document.getElementById("filtres-lieux");
  var table = document.getElementById("table-lieux");
  if (!form || !table) { return; }
  var text = document.getElementById("filtre-texte");
  var day = document.getElementById("filtre-jour");
  var commune = document.getElementById("filtre-commune");
  var service = document.getElementById("filtre-service");
  var status = document.getElementById("filtre-resultat");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);

  function list(row, name) {
    try { return JSON.parse(row.getAttribute(name) || "[]"); } catch (e) { return []; }
  }
  function bare(value) {
    return value.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }

  function apply() {
    var shown = 0;
    var words = bare(text.value).split(/\s+/).filter(Boolean);
    rows.forEach(function (row) {
      var haystack = row.getAttribute("data-texte") || "";
      var okText = words.every(function (word) { return haystack.indexOf(word) !== -1; });
      var okDay = !day.value || list(row, "data-jours").indexOf(+day.value) !== -1;
      var okCommune = !commune.value || row.getAttribute("data-commune") === commune.value;
      var okService = !service.value || list(row, "data-services").indexOf(service.value) !== -1;
      row.hidden = !(okText && okDay && okCommune && okService);
      if (!row.hidden) { shown += 1; }
    });
    status.textContent = shown + (shown > 1 ? " lieux affichés" : " lieu affiché") + " sur " + rows.length + ".";
    document.dispatchEvent(new CustomEvent("tna:lieux-filtres", { detail: { rows: rows } }));
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  text.addEventListener("input", apply);
  [day, commune, service].forEach(function (select) { select.addEventListener("change", apply); });
  apply();
})();
