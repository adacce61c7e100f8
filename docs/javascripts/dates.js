/* Days as the site's scripts share them (the request form, demande.js, and the dates-first search
   with its month grid, grille.js): a day is a Date at midnight UTC, so that adding days never
   meets a change of daylight saving time. Loaded on every page (mkdocs.yml, extra_javascript);
   the page scripts, written in the page before it, read it once the page is parsed (DOMContentLoaded). */
(function () {
  "use strict";
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                "octobre", "novembre", "décembre"];
  var DAYS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

  /* "AAAA-MM-JJ" → the day, or null. */
  function parse(text) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return parts ? new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3])) : null;
  }
  function iso(day) { return day.toISOString().slice(0, 10); }
  function addDays(day, count) { return new Date(day.getTime() + count * 86400000); }
  /* « lundi 1er juin 2026 ». */
  function french(day) {
    return DAYS[day.getUTCDay()] + " " + (day.getUTCDate() === 1 ? "1er" : day.getUTCDate()) + " " +
      MONTHS[day.getUTCMonth()] + " " + day.getUTCFullYear();
  }
  window.tnaDates = { MONTHS: MONTHS, DAYS: DAYS, parse: parse, iso: iso, addDays: addDays, french: french };
})();
