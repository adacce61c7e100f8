/* « Demander ce matériel »: checks the answers of the request form against the requestable
   windows and opening hours written by the generator (script#donnees-demande), then builds
   in the browser two links: GitHub's issue form pre-filled (issue forms read field values
   from the URL query, by field id) and GitHub's web editor creating the request's YAML file.
   Nothing is sent by this script. Without it, the form itself opens the issue form.
   The file is the one generator/requests.py (file_text) writes for the same request, byte for
   byte (tests/website/test_request_form.py compares them). Days come from dates.js. */
(function () {
  "use strict";

  /* --- The file's text, as generator/loanfile.py writes it with ruamel.yaml ---------------------
     A string is written plain unless a YAML reader would not read it back as this very text:
     then quoted the way ruamel.yaml quotes it. The checker reads YAML 1.1 (PyYAML: « oui »,
     « on », « 1:30 » are no strings there), ruamel.yaml writes YAML 1.2. */
  var BOOL_11 = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
  var FLOAT_11 = new RegExp("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?" +
                            "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
  var INT_11 = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
  var BOOL_12 = /^(?:true|True|TRUE|false|False|FALSE)$/;
  var FLOAT_12 = new RegExp("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)" +
                            "|[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
  var INT_12 = /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$/;
  var TIMESTAMP = new RegExp("^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?" +
                             "(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?" +
                             "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$");
  var SHARED = [["<", /^<<$/], ["~nN", /^(?:~|null|Null|NULL)$/], ["0123456789", TIMESTAMP], ["=", /^=$/],
                ["!&*", /^[!&*]$/]];
  // Implicit types by first character (the resolvers' own dispatch), YAML 1.1 (PyYAML) and 1.2 (ruamel.yaml).
  var READ_11 = [["yYnNtTfFoO", BOOL_11], ["-+0123456789.", FLOAT_11], ["-+0123456789", INT_11]].concat(SHARED);
  var READ_12 = [["tTfF", BOOL_12], ["-+0123456789.", FLOAT_12], ["-+0123456789", INT_12]].concat(SHARED);
  var BREAKS = "\n\x85\u2028\u2029", BLANKS = "\0 \t\r\n\x85\u2028\u2029";
  // Python's str.split() separators: how every tool makes one line of the purpose.
  var PYTHON_SPACES = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

  function oneLine(text) { return text.split(PYTHON_SPACES).filter(function (part) { return part; }).join(" "); }
  function notText(readers, text) {
    return text === "" || readers.some(function (reader) {
      return reader[0].indexOf(text.charAt(0)) !== -1 && reader[1].test(text);
    });
  }
  function printable(code) {
    return code === 10 || (code >= 0x20 && code <= 0x7e) || (code !== 0xfeff && (code === 0x85 ||
      (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)));
  }
  /* ruamel.yaml's Emitter.analyze_scalar: which styles may write ``text``. */
  function analyze(text) {
    var chars = Array.from(text), last = chars.length - 1;
    var block = /^(?:---|\.\.\.)/.test(text), flow = block, lineBreaks = false, special = false;
    var edges = false, breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
    var before = true, after = chars.length === 1 || BLANKS.indexOf(chars[1]) !== -1;
    chars.forEach(function (ch, index) {
      if (index === 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(ch) !== -1) { flow = block = true; }
        if (ch === "?" || ch === ":") { if (chars.length === 1) { flow = true; } if (after) { block = true; } }
        if (ch === "-" && after) { flow = block = true; }
      } else {
        if (",[]{}".indexOf(ch) !== -1) { flow = true; }
        if (ch === ":" && after) { flow = block = true; }
        if (ch === "#" && before) { flow = block = true; }
      }
      var isBreak = BREAKS.indexOf(ch) !== -1;
      if (isBreak) { lineBreaks = true; }
      if (!printable(ch.codePointAt(0))) { special = true; }
      if (ch === " " || isBreak) {
        if (index === 0 || index === last) { edges = true; }
        if (ch === " " && previousBreak) { breakSpace = true; }
        if (isBreak && previousSpace) { spaceBreak = true; }
      }
      previousSpace = ch === " ";
      previousBreak = isBreak;
      before = BLANKS.indexOf(ch) !== -1;
      after = index + 2 > last || BLANKS.indexOf(chars[index + 2]) !== -1;
    });
    var plain = !edges && !breakSpace && !special && !spaceBreak && !lineBreaks;
    return { block: plain && !block, flow: plain && !flow, single: !breakSpace && !special && !spaceBreak };
  }
  var ESCAPES = { "\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\x0b": "v", "\f": "f", "\r": "r",
                  "\x1b": "e", "\"": "\"", "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P" };
  function hex(code, width) { return ("0000000" + code.toString(16).toUpperCase()).slice(-width); }
  function doubleQuoted(text) {
    return "\"" + Array.from(text).map(function (ch) {
      var code = ch.codePointAt(0);
      var plain = ch !== "\"" && ch !== "\\" && code !== 0x85 && code !== 0x2028 && code !== 0x2029 && code !== 0xfeff &&
        ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) ||
         code >= 0x10000);
      if (plain) { return ch; }
      if (ESCAPES[ch]) { return "\\" + ESCAPES[ch]; }
      return code <= 0xff ? "\\x" + hex(code, 2) : code <= 0xffff ? "\\u" + hex(code, 4) : "\\U" + hex(code, 8);
    }).join("") + "\"";
  }
  function singleQuoted(text) { return "'" + text.replace(/'/g, "''") + "'"; }
  /* A string value (``inFlow``: an item of ``materiel: [...]``), as loanfile.new_loan_text writes it. */
  function scalar(text, inFlow) {
    var analysis = analyze(text);
    if (notText(READ_11, text)) {  // loanfile.text(): single quotes asked for
      return analysis.single ? singleQuoted(text) : doubleQuoted(text);
    }
    if (!notText(READ_12, text) && (inFlow ? analysis.flow : analysis.block)) { return text; }
    if (text.indexOf("'") !== -1 || text.indexOf("\n") !== -1 || !analysis.single) { return doubleQuoted(text); }
    return singleQuoted(text);
  }

  // An id is 80 characters at most, with room for "-MMDD" and a "-<n>" suffix (requests.loan_id).
  var ID_HEAD = 80 - 4 - 5;

  function start() {
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
    var parse = window.tnaDates.parse, iso = window.tnaDates.iso, addDays = window.tnaDates.addDays;
    var french = window.tnaDates.french;
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
      if (login.value && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(login.value)) {  // vocabulary.LOGIN_PATTERN
        found.push("L'identifiant GitHub n'a que des lettres, des chiffres et des tirets.");
      }
      return found;
    }

    function loanId(ids, first) {
      var base = (first.getUTCFullYear() + "-" + member.value + "-" + ids[0]).slice(0, ID_HEAD).replace(/-+$/, "");
      base += "-" + iso(first).slice(5, 7) + iso(first).slice(8, 10);
      var candidate = base, number = 2;
      while (data.prets.indexOf(candidate) !== -1) { candidate = base + "-" + number; number += 1; }
      return candidate;
    }

    function yaml(id, ids) {
      var lines = [
        "# yaml-language-server: $schema=../../../schemas/pret.schema.json",
        "id: " + scalar(id),
        "emprunteur: " + scalar(member.value),
        "lieu: " + scalar(place.value),
        "materiel: [" + ids.map(function (item) { return scalar(item, true); }).join(", ") + "]",
        "debut: " + start.value,
        "fin: " + end.value,
        "retrait: " + scalar(start.value + "T" + pickup.value),
        "restitution: " + scalar(end.value + "T" + giveback.value),
        "objet: " + scalar(oneLine(purpose.value)),
        "demande_le: " + iso(today())
      ];
      if (login.value) { lines.push("demande_par: " + scalar(login.value)); }
      lines.push("statut: demande");
      if (referent.value) { lines.push("referent: " + scalar(referent.value)); }
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

    /* « Demander ce matériel » on an item's pages leads here with ?materiel=<id> (site.js):
       that item is ticked. */
    var asked = new URLSearchParams(window.location.search).get("materiel");
    Array.prototype.forEach.call(form.querySelectorAll('input[name="materiel"]'), function (box) {
      if (asked !== null && box.value === asked) { box.checked = true; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("#demande .tna-js-seulement"), function (element) {
      element.hidden = false;
    });
    form.noValidate = true;  // the script's messages, in French and precise, replace the browser's
    form.addEventListener("submit", build);
    form.addEventListener("change", refresh);
    refresh();
  }
  /* The page writes this script before dates.js (mkdocs.yml, extra_javascript): start once parsed. */
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
