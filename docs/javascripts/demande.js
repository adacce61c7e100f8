/* « Demander ce matériel »: checks the answers of the request form against the requestable
   windows and opening hours written by the generator (script#donnees-demande), then builds
   in the browser two links: GitHub's issue form pre-filled (issue forms read field values
   from the URL query, by field id) and GitHub's web editor creating the request's YAML file.
   Nothing is sent by this script. Without it, the form itself opens the issue form. */
(function () {
  "use strict";
  var form = document.getElementById("form-demande");
  var source = document.getElementById("donnees-demande");
  if (!form || !source) { return; }
  var data = JSON.parse(source.textContent);
  var $ = function (id) { return document.getElementById(id); };
  var member = $("demande-membre"), place = $("demande-lieu"), start = $("demande-debut"), end = $("demande-fin");
  var pickup = $("demande-retrait"), giveback = $("demande-restitution"), purpose = $("demande-objet");
  var referent = $("demande-referent"), login = $("demande-login"), errors = $("demande-erreurs");
  var hint = $("demande-fenetres"), result = $("demande-resultat");
  var itemsById = {};
  data.materiel.forEach(function (item) { itemsById[item.id] = item; });
  var holidays = {};
  data.feries.forEach(function (day) { holidays[day] = true; });
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                "octobre", "novembre", "décembre"];
  var DAYS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

  function parse(text) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return parts ? new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3])) : null;
  }
  function iso(day) { return day.toISOString().slice(0, 10); }
  function addDays(day, count) { return new Date(day.getTime() + count * 86400000); }
  function french(day) {
    return DAYS[day.getUTCDay()] + " " + (day.getUTCDate() === 1 ? "1er" : day.getUTCDate()) + " " +
      MONTHS[day.getUTCMonth()] + " " + day.getUTCFullYear();
  }
  function working(day) { var weekday = day.getUTCDay(); return weekday !== 0 && weekday !== 6 && !holidays[iso(day)]; }
  function addWorkingDays(day, count) {
    var current = day;
    while (count > 0) { current = addDays(current, 1); if (working(current)) { count -= 1; } }
    return current;
  }
  function today() {
    var now = new Date();
    var local = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
    var built = parse(data.aujourdhui);
    return local < built ? built : local;
  }
  function earliest() {
    var day = addWorkingDays(today(), data.preavis);
    while (!working(day)) { day = addDays(day, 1); }
    return day;
  }
  function chosenItems() {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="materiel"]:checked'))
      .map(function (box) { return box.value; });
  }
  function weekdayKey(day) { return String((day.getUTCDay() + 6) % 7); }

  /* Windows where every chosen item is requestable, from the earliest day the notice allows. */
  function commonWindows(ids) {
    var first = earliest();
    var windows = null;
    ids.forEach(function (id) {
      var own = (itemsById[id] ? itemsById[id].fenetres : []).map(function (pair) {
        return [parse(pair[0]), parse(pair[1])];
      });
      if (windows === null) { windows = own; return; }
      var merged = [];
      windows.forEach(function (a) {
        own.forEach(function (b) {
          var from = a[0] > b[0] ? a[0] : b[0], to = a[1] < b[1] ? a[1] : b[1];
          if (from <= to) { merged.push([from, to]); }
        });
      });
      windows = merged;
    });
    return (windows || []).map(function (pair) { return [pair[0] < first ? first : pair[0], pair[1]]; })
      .filter(function (pair) { return pair[0] <= pair[1]; });
  }

  function describe(windows) {
    if (!windows.length) { return "Aucune période demandable pour ce choix de matériel dans les six prochains mois."; }
    return "Périodes demandables : " + windows.slice(0, 4).map(function (pair) {
      return iso(pair[0]) === iso(pair[1]) ? "le " + french(pair[0]) : "du " + french(pair[0]) + " au " + french(pair[1]);
    }).join(" ; ") + (windows.length > 4 ? " ; et d'autres plus tard." : ".") +
      " Le retrait et la restitution se font un jour ouvré, aux heures d'ouverture de la Maison du Département.";
  }

  function filterTimes(select, day) {
    var allowed = day && working(day) ? (data.creneaux[weekdayKey(day)] || []) : null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) { return; }
      option.disabled = allowed !== null && allowed.indexOf(option.value) === -1;
    });
    if (select.selectedOptions.length && select.selectedOptions[0].disabled) { select.value = ""; }
  }

  function filterPlaces() {
    Array.prototype.forEach.call(place.options, function (option) {
      if (!option.value) { return; }
      option.disabled = !!member.value && option.getAttribute("data-membre") !== member.value;
    });
    if (place.selectedOptions.length && place.selectedOptions[0].disabled) { place.value = ""; }
  }

  function refresh() {
    filterPlaces();
    filterTimes(pickup, parse(start.value));
    filterTimes(giveback, parse(end.value));
    var ids = chosenItems();
    hint.textContent = ids.length ? describe(commonWindows(ids)) : "Cochez au moins un matériel.";
  }

  function problems() {
    var found = [];
    var ids = chosenItems();
    var first = parse(start.value), last = parse(end.value);
    if (!member.value) { found.push("Choisissez le membre emprunteur."); }
    if (!place.value) { found.push("Choisissez le lieu d'utilisation."); }
    if (!ids.length) { found.push("Cochez au moins un matériel."); }
    if (!first || !last) { found.push("Indiquez le premier et le dernier jour du prêt."); }
    if (first && last) {
      if (last < first) { found.push("Le dernier jour précède le premier."); }
      else if ((last - first) / 86400000 + 1 > data.duree_max) {
        found.push("Le prêt dure " + data.duree_max + " jours au plus.");
      }
      if (!working(first)) { found.push("Le premier jour (retrait) doit être un jour ouvré."); }
      if (!working(last)) { found.push("Le dernier jour (restitution) doit être un jour ouvré."); }
      if (first < earliest()) { found.push("Le premier retrait possible est le " + french(earliest()) + " (préavis)."); }
      var fits = commonWindows(ids).some(function (pair) { return pair[0] <= first && last <= pair[1]; });
      if (ids.length && last >= first && !fits) {
        found.push("Ces dates ne sont pas dans une période demandable du matériel choisi : " + hint.textContent);
      }
    }
    if (!pickup.value) { found.push("Choisissez l'heure du retrait."); }
    if (!giveback.value) { found.push("Choisissez l'heure de la restitution."); }
    if (!purpose.value.trim()) { found.push("Décrivez les actions envisagées."); }
    if (referent.value && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(referent.value)) {
      found.push("Le référent est un identifiant (lettres minuscules, chiffres et tirets).");
    }
    if (login.value && !/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(login.value)) {
      found.push("L'identifiant GitHub n'a que des lettres, des chiffres et des tirets.");
    }
    return found;
  }

  function loanId(ids, first) {
    var base = (first.getUTCFullYear() + "-" + member.value + "-" + ids[0]).slice(0, 72).replace(/-+$/, "");
    base += "-" + iso(first).slice(5, 7) + iso(first).slice(8, 10);
    var candidate = base, number = 2;
    while (data.prets.indexOf(candidate) !== -1) { candidate = base + "-" + number; number += 1; }
    return candidate;
  }

  function yaml(id, ids) {
    var lines = [
      "# yaml-language-server: $schema=../../../schemas/pret.schema.json",
      "id: " + id,
      "emprunteur: " + member.value,
      "lieu: " + place.value,
      "materiel: [" + ids.join(", ") + "]",
      "debut: " + start.value,
      "fin: " + end.value,
      "retrait: " + start.value + "T" + pickup.value,
      "restitution: " + end.value + "T" + giveback.value,
      "objet: " + JSON.stringify(purpose.value.trim().replace(/\s+/g, " ")),
      "demande_le: " + iso(today())
    ];
    if (login.value) { lines.push("demande_par: " + login.value); }
    lines.push("statut: demande");
    if (referent.value) { lines.push("referent: " + referent.value); }
    return lines.join("\n") + "\n";
  }

  function query(pairs) {
    return pairs.filter(function (pair) { return pair[1]; }).map(function (pair) {
      return encodeURIComponent(pair[0]) + "=" + encodeURIComponent(pair[1]);
    }).join("&");
  }

  function build(event) {
    event.preventDefault();
    var found = problems();
    errors.textContent = "";
    if (found.length) {
      var list = document.createElement("ul");
      found.forEach(function (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); });
      var title = document.createElement("p");
      title.textContent = found.length > 1 ? found.length + " points à corriger :" : "Un point à corriger :";
      errors.appendChild(title);
      errors.appendChild(list);
      result.hidden = true;
      return;
    }
    var ids = chosenItems();
    var first = parse(start.value);
    var id = loanId(ids, first);
    var names = ids.map(function (item) { return itemsById[item] ? itemsById[item].nom : item; });
    var ticket = data.ticket + "?" + query([
      ["template", data.modele], ["title", "Demande de prêt : " + names.join(", ")],
      ["membre", member.value], ["lieu", place.value], ["materiel", ids.join("\n")],
      ["debut", start.value], ["fin", end.value], ["retrait", pickup.value], ["restitution", giveback.value],
      ["objet", purpose.value.trim()], ["referent", referent.value]
    ]);
    var path = "data/loans/" + first.getUTCFullYear() + "/" + id + ".yaml";
    var text = yaml(id, ids);
    $("demande-lien-ticket").href = ticket;
    $("demande-lien-fichier").href = data.editeur + "?" + query([["filename", path], ["value", text]]);
    $("demande-chemin").textContent = path;
    $("demande-yaml").textContent = text;
    result.hidden = false;
    $("demande-prete").focus();
  }

  /* With this script, « Demander ce matériel » leads to the form of the page (without it,
     straight to the issue form pre-filled with the item). */
  Array.prototype.forEach.call(document.querySelectorAll("a.tna-demander"), function (button) {
    button.href = "#demande";
  });
  Array.prototype.forEach.call(document.querySelectorAll("#demande .tna-js-seulement"), function (element) {
    element.hidden = false;
  });
  form.noValidate = true;  // the script's messages, in French and precise, replace the browser's
  form.addEventListener("submit", build);
  form.addEventListener("change", refresh);
  refresh();
})();
