/* An item's calendar, month by month: one table per month, weeks from Monday to Sunday, each day
   with its state in words (never colour alone), drawn from script#mois-donnees, which the generator
   writes (generator/render/calendars.py, month_data: the item's days as periods of one state and
   label). Without JavaScript the page's list of periods says the same days. Days come from dates.js. */
(function () {
  "use strict";
  function start() {
    var block = document.getElementById("mois-bloc");
    var source = document.getElementById("mois-donnees");
    if (!block || !source) { return; }
    var data = JSON.parse(source.textContent);
    var parse = window.tnaDates.parse, iso = window.tnaDates.iso, addDays = window.tnaDates.addDays;

    function element(tag, text, className) {
      var node = document.createElement(tag);
      if (text !== undefined) { node.textContent = text; }
      if (className) { node.className = className; }
      return node;
    }

    /* Every day of the shown range, in order: [day, state, label]. */
    var days = [];
    data.periodes.forEach(function (run) {
      for (var day = parse(run[0]), last = parse(run[1]); day <= last; day = addDays(day, 1)) {
        days.push([day, run[2], run[3]]);
      }
    });

    function dayCell(entry) {
      var day = entry[0], state = entry[1], label = entry[2], key = iso(day);
      var td = element("td", undefined, "tna-jour tna-jour--" + state);
      td.setAttribute("data-date", key);
      td.setAttribute("data-etat", state);
      if (key === data.aujourdhui) { td.setAttribute("aria-current", "date"); }
      td.title = label;
      var weekday = (day.getUTCDay() + 6) % 7;  /* Monday first */
      td.appendChild(element("span", data.jours[weekday][1] + " ", "tna-jour__nom"));
      td.appendChild(element("span", String(day.getUTCDate()), "tna-jour__num"));
      td.appendChild(document.createTextNode(" "));
      td.appendChild(element("span", label === data.passe ? data.passe : data.courts[state], "tna-jour__etat"));
      if (key === data.aujourdhui) { td.appendChild(element("span", " (aujourd'hui)", "tna-sr")); }
      return td;
    }

    function emptyCell() { return element("td", undefined, "tna-jour--vide"); }

    /* Group the days by month, in order. */
    var months = [];
    days.forEach(function (entry) {
      var key = iso(entry[0]).slice(0, 7);
      if (!months.length || months[months.length - 1].key !== key) {
        months.push({ key: key, first: entry[0], days: [] });
      }
      months[months.length - 1].days.push(entry);
    });

    var nav = element("nav");
    nav.setAttribute("aria-label", "Mois du calendrier");
    var links = nav.appendChild(element("ul", undefined, "tna-mois-nav"));
    var fragment = document.createDocumentFragment();
    fragment.appendChild(nav);
    months.forEach(function (month) {
      var name = window.tnaDates.MONTHS[month.first.getUTCMonth()];
      var title = name.charAt(0).toUpperCase() + name.slice(1) + " " + month.first.getUTCFullYear();
      var id = "mois-" + month.key;
      var link = element("a", title);
      link.href = "#" + id;
      links.appendChild(element("li")).appendChild(link);

      var table = element("table", undefined, "tna-mois");
      table.id = id;
      table.setAttribute("data-search-exclude", "");
      table.appendChild(element("caption", title));
      var head = table.appendChild(element("thead")).appendChild(element("tr"));
      data.jours.forEach(function (pair) {
        var th = head.appendChild(element("th"));
        th.setAttribute("scope", "col");
        var abbr = th.appendChild(element("abbr", pair[1]));
        abbr.title = pair[0];
      });
      var body = table.appendChild(element("tbody"));
      var cells = [];
      for (var blank = (month.first.getUTCDay() + 6) % 7; blank > 0; blank -= 1) { cells.push(emptyCell()); }
      month.days.forEach(function (entry) { cells.push(dayCell(entry)); });
      while (cells.length % 7) { cells.push(emptyCell()); }
      for (var index = 0; index < cells.length; index += 7) {
        var row = body.appendChild(element("tr"));
        cells.slice(index, index + 7).forEach(function (td) { row.appendChild(td); });
      }
      fragment.appendChild(table);
    });

    block.textContent = "";
    block.appendChild(fragment);
    /* A link to one month (…/#mois-2026-06) reaches its table once it is drawn. */
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && block.contains(target)) { target.scrollIntoView(); }
  }
  /* The page writes this script before dates.js (mkdocs.yml, extra_javascript): start once parsed. */
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
