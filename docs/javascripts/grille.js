/* Dates-first search (« Du … au … ») and the month grid of every item × every day.
   Day states come from the periods of the open-data JSON the site publishes (donnees/calendrier/
   disponibilites.json); requestable windows (notice, turnaround, priority, item state) from
   script#donnees-recherche, written by the generator. Without JavaScript the form and the
   grid stay hidden and the page lists every item's calendar. Days come from dates.js. */
(function () {
  "use strict";
  function start() {
    var block = document.getElementById("grille-bloc");
    var source = document.getElementById("donnees-recherche");
    if (!block || !source) { return; }
    var data = JSON.parse(source.textContent);
    var form = document.getElementById("recherche-dates");
    var from = document.getElementById("recherche-du"), to = document.getElementById("recherche-au");
    var result = document.getElementById("recherche-resultat");
    var table = document.getElementById("grille-table");
    var before = document.getElementById("grille-avant"), after = document.getElementById("grille-apres");
    var MONTHS = window.tnaDates.MONTHS;
    var DAYS = ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."];
    var days = {};       // item id → date → state of the JSON
    var closed = {};     // date → true when the headquarters is closed
    var month = null;    // first day of the shown month, "YYYY-MM"
    var period = null;

    var parse = window.tnaDates.parse, iso = window.tnaDates.iso, addDays = window.tnaDates.addDays;
    var french = window.tnaDates.french;
    function inWindow(item, first, last) {
      return item.fenetres.some(function (pair) { return pair[0] <= first && last <= pair[1]; });
    }

    /* The grid's state of one day for one item (see GRID_CODES in generator/render/calendars.py). */
    function state(item, day) {
      var raw = (days[item.id] || {})[day];
      if (raw === undefined) { return null; }
      if (day < data.aujourdhui) { return "passe"; }
      if (raw === "ferme") { return "ferme"; }
      if (raw === "reserve" || raw === "departement") { return "reserve"; }
      if (raw === "demande") { return "demande"; }
      if (raw === "maintenance" || raw === "hors_service") { return "indisponible"; }
      if (inWindow(item, day, day)) { return "demandable"; }
      return day < data.premier ? "trop-tot" : "rotation";
    }

    function cell(tag, text) { var element = document.createElement(tag); element.textContent = text; return element; }

    function draw() {
      var first = parse(month + "-01");
      var year = first.getUTCFullYear(), index = first.getUTCMonth();
      var count = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
      document.getElementById("grille-titre").textContent =
        "Tout le matériel en " + MONTHS[index] + " " + year + " (une ligne par matériel, une colonne par jour)";
      var head = table.tHead, body = table.tBodies[0];
      head.textContent = ""; body.textContent = "";
      var row = document.createElement("tr");
      row.appendChild(cell("th", "Matériel")).setAttribute("scope", "col");
      for (var number = 1; number <= count; number += 1) {
        var date = addDays(first, number - 1);
        var header = document.createElement("th");
        header.setAttribute("scope", "col");
        var abbr = cell("abbr", DAYS[date.getUTCDay()]);
        abbr.title = french(date);
        header.appendChild(abbr);
        header.appendChild(document.createElement("br"));
        header.appendChild(document.createTextNode(String(number)));
        if (iso(date) === data.aujourdhui) { header.setAttribute("aria-current", "date"); }
        row.appendChild(header);
      }
      head.appendChild(row);
      data.materiel.forEach(function (item) {
        var line = document.createElement("tr");
        var name = document.createElement("th");
        name.setAttribute("scope", "row");
        var link = cell("a", item.nom);
        link.href = item.calendrier;
        name.appendChild(link);
        line.appendChild(name);
        for (var number = 1; number <= count; number += 1) {
          var day = iso(addDays(first, number - 1));
          var key = state(item, day);
          var td = document.createElement("td");
          if (key) {
            td.className = "tna-grille__" + key;
            var code = cell("span", data.codes[key][0]);
            code.setAttribute("aria-hidden", "true");
            td.appendChild(code);
            td.appendChild(cell("span", data.codes[key][1])).className = "tna-sr";
            td.title = data.codes[key][1];
          } else {
            td.appendChild(cell("span", "hors période")).className = "tna-sr";
          }
          line.appendChild(td);
        }
        body.appendChild(line);
      });
      var months = monthsShown();
      before.disabled = month === months[0];
      after.disabled = month === months[months.length - 1];
    }

    function monthsShown() {
      var list = [], day = parse(data.aujourdhui.slice(0, 7) + "-01"), end = parse(period.fin);
      while (day <= end) {
        list.push(iso(day).slice(0, 7));
        day = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
      }
      return list;
    }

    function move(step) {
      var months = monthsShown(), position = months.indexOf(month) + step;
      if (position < 0 || position >= months.length) { return; }
      month = months[position];
      draw();
    }

    function issueLink(item, first, last) {
      if (!data.ticket) { return null; }
      return data.ticket + "?" + [["template", data.modele], ["title", "Demande de prêt : " + item.nom],
        ["materiel", item.id], ["debut", first], ["fin", last]].map(function (pair) {
        return encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]);
      }).join("&");
    }

    function search(event) {
      event.preventDefault();
      result.textContent = "";
      var first = from.value, last = to.value;
      var problems = [];
      if (!parse(first) || !parse(last)) { problems.push("Indiquez le premier et le dernier jour."); }
      else {
        if (last < first) { problems.push("Le dernier jour précède le premier."); }
        if (first < data.premier) { problems.push("Le premier retrait possible est le " + french(parse(data.premier)) + " (préavis)."); }
        var weekend = function (text) { var d = parse(text).getUTCDay(); return d === 0 || d === 6; };
        if (closed[first] || weekend(first)) { problems.push("Le " + french(parse(first)) + " est fermé : le retrait se fait un jour ouvré."); }
        if (closed[last] || weekend(last)) { problems.push("Le " + french(parse(last)) + " est fermé : la restitution se fait un jour ouvré."); }
      }
      if (problems.length) { result.appendChild(cell("p", problems.join(" "))); return; }
      var found = data.materiel.filter(function (item) { return inWindow(item, first, last); });
      var title = cell("p", found.length
        ? found.length + (found.length > 1 ? " matériels demandables" : " matériel demandable") +
          " du " + french(parse(first)) + " au " + french(parse(last)) + " :"
        : "Aucun matériel n'est demandable sur toute cette période : essayez d'autres dates.");
      result.appendChild(title);
      if (!found.length) { return; }
      var list = document.createElement("ul");
      found.forEach(function (item) {
        var entry = document.createElement("li");
        var page = cell("a", item.nom);
        page.href = item.fiche;
        entry.appendChild(page);
        var href = issueLink(item, first, last);
        if (href) {
          entry.appendChild(document.createTextNode(" — "));
          var ask = cell("a", "demander ce matériel pour ces dates");
          ask.href = href;
          ask.setAttribute("aria-label", "Demander " + item.nom + " du " + first + " au " + last);
          entry.appendChild(ask);
        }
        list.appendChild(entry);
      });
      result.appendChild(list);
      var month_ = first.slice(0, 7);
      if (monthsShown().indexOf(month_) !== -1) { month = month_; draw(); }
    }

    fetch(block.getAttribute("data-json"))
      .then(function (response) { return response.json(); })
      .then(function (json) {
        period = json.periode;
        /* The feed gives each item's days as periods of one state: spread them over their days. */
        Object.keys(json.periodes).forEach(function (id) {
          days[id] = {};
          json.periodes[id].forEach(function (entry) {
            for (var day = parse(entry.debut), last = parse(entry.fin); day <= last; day = addDays(day, 1)) {
              days[id][iso(day)] = entry.etat;
              if (entry.etat === "ferme") { closed[iso(day)] = true; }
            }
          });
        });
        month = data.aujourdhui.slice(0, 7);
        draw();
        block.hidden = false;
        form.hidden = false;
        Array.prototype.forEach.call(document.querySelectorAll(".tna-sans-js"), function (element) { element.hidden = true; });
        form.addEventListener("submit", search);
        before.addEventListener("click", function () { move(-1); });
        after.addEventListener("click", function () { move(1); });
      })
      .catch(function () {
        result.textContent = "Les disponibilités n'ont pas pu être chargées : consultez le calendrier de chaque matériel, plus bas.";
      });
  }
  /* The page writes this script before dates.js (mkdocs.yml, extra_javascript): start once parsed. */
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
