"""Jinja2 templates of the HTML fragments (autoescaped: every ``{{ }}`` is escaped).

Each fragment is one raw HTML block of a Markdown page, wrapped in a ``<div>`` so that
Python-Markdown passes it through untouched. URLs go through the ``url`` test in the
page modules: only https, mailto and relative links reach an ``href``.
"""

from __future__ import annotations

PLACES_TABLE = """\
<div class="tna-lieux tna-cartes">
<form class="tna-filtres" id="filtres-lieux" role="search" aria-label="Filtrer les lieux" hidden>
  <div class="tna-filtre tna-filtre--texte">
    <label for="filtre-texte">Rechercher</label>
    <input type="search" id="filtre-texte" aria-describedby="filtre-texte-aide" autocomplete="off">
    <span id="filtre-texte-aide" class="tna-note">nom, commune, code postal ou service</span>
  </div>
  <div class="tna-filtre">
    <label for="filtre-jour">Ouvert le</label>
    <select id="filtre-jour">
      <option value="">N'importe quel jour</option>
      {% for value, name in weekdays %}<option value="{{ value }}">{{ name }}</option>
      {% endfor %}
    </select>
  </div>
  <div class="tna-filtre">
    <label for="filtre-commune">Commune</label>
    <select id="filtre-commune">
      <option value="">Toutes les communes</option>
      {% for commune in communes %}<option value="{{ commune }}">{{ commune }}</option>
      {% endfor %}
    </select>
  </div>
  <div class="tna-filtre">
    <label for="filtre-service">Service</label>
    <select id="filtre-service">
      <option value="">Tous les services</option>
      {% for service in services %}<option value="{{ service }}">{{ service }}</option>
      {% endfor %}
    </select>
  </div>
  <p id="filtre-resultat" class="tna-filtre-resultat" role="status" aria-live="polite"></p>
</form>
<table id="table-lieux">
  <caption>{{ places|length }} lieu{{ "x" if places|length > 1 }} de médiation numérique du réseau</caption>
  <thead>
    <tr>
      <th scope="col">Lieu</th>
      <th scope="col">Commune</th>
      <th scope="col">Services</th>
      <th scope="col">Aujourd'hui ({{ today_label }})</th>
      <th scope="col">Accès</th>
    </tr>
  </thead>
  <tbody>
    {% for row in places %}
    <tr data-id="{{ row.id }}" data-commune="{{ row.commune }}" data-services="{{ row.services_json }}"
        data-texte="{{ row.search }}" data-jours="{{ row.days_json }}">
      <th scope="row"><a href="{{ row.href }}">{{ row.name }}</a></th>
      <td data-label="Commune">{{ row.commune }} ({{ row.postcode }})</td>
      <td data-label="Services"><ul class="tna-liste-compacte">{% for service in row.services %}<li>{{ service }}</li>{% endfor %}</ul></td>
      <td data-label="Aujourd'hui">{{ row.today }}</td>
      <td data-label="Accès">{{ row.access or "Non précisé" }}</td>
    </tr>
    {% endfor %}
  </tbody>
</table>
</div>
"""

MAP = """\
<div class="tna-carte-bloc">
<link rel="stylesheet" href="{{ leaflet_css }}">
<link rel="stylesheet" href="{{ cluster_css }}">
<link rel="stylesheet" href="{{ cluster_default_css }}">
<div id="carte-lieux" class="tna-carte" role="region" aria-label="Carte des lieux de médiation numérique"
     data-geojson="{{ geojson }}" data-racine="{{ root }}" data-tuiles="{{ tiles }}"
     data-attribution="{{ attribution }}"></div>
<p id="carte-message" class="tna-note tna-carte-message" role="status">{% if not tiles %}Aucun fond de carte n'est configuré : seuls les repères des lieux sont affichés.{% endif %}</p>
<p class="tna-note">La liste des lieux, sous la carte, en est l'alternative accessible : elle donne les mêmes lieux
et se filtre de la même façon.</p>
<script src="{{ leaflet_js }}" defer></script>
<script src="{{ cluster_js }}" defer></script>
<script src="{{ map_js }}" defer></script>
<script src="{{ filter_js }}" defer></script>
</div>
"""

PLACE = """\
<div class="tna-fiche">
<h1>{{ place.name }}</h1>
{% if summary %}<p class="tna-chapo">{{ summary }}</p>{% endif %}
{% if detail %}<p>{{ detail }}</p>{% endif %}
<dl class="tna-dl">
  <dt>Adresse</dt>
  <dd>{{ address }}{% if complement %}, {{ complement }}{% endif %}, {{ place.postcode }} {{ place.commune }}</dd>
  <dt>Structure</dt>
  <dd>{% if member_site %}<a href="{{ member_site }}">{{ member_name }}</a>{% else %}{{ member_name }}{% endif %}
      ({{ member_kind }})</dd>
  {% if phone %}<dt>Téléphone</dt><dd><a href="tel:{{ phone }}">{{ phone }}</a></dd>{% endif %}
  {% if emails %}<dt>Courriel</dt>
  <dd>{% for email in emails %}<a href="mailto:{{ email }}">{{ email }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</dd>{% endif %}
  {% if websites %}<dt>Site web</dt>
  <dd>{% for site in websites %}<a href="{{ site }}">{{ site }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</dd>{% endif %}
  {% if booking_url %}<dt>Prendre rendez-vous</dt><dd><a href="{{ booking_url }}">{{ booking_url }}</a></dd>{% endif %}
  <dt>Accessibilité du lieu</dt>
  <dd>{% if accessibility %}<a href="{{ accessibility }}">Fiche Acceslibre du lieu</a>{% else %}Fiche d'accessibilité non renseignée{% endif %}</dd>
  {% if updated %}<dt>Informations vérifiées le</dt><dd>{{ updated }}</dd>{% endif %}
</dl>
<h2 id="horaires">Horaires</h2>
{% if typical %}
<table>
  <caption>Horaires d'une semaine habituelle (sans jour férié)</caption>
  <thead><tr><th scope="col">Jour</th><th scope="col">Horaires</th></tr></thead>
  <tbody>
  {% for name, text in typical %}<tr><th scope="row">{{ name }}</th><td>{{ text }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endif %}
<table>
  <caption>Les sept prochains jours, du {{ week[0].day_name }} au {{ week[-1].day_name }}</caption>
  <thead><tr><th scope="col">Jour</th><th scope="col">Horaires</th></tr></thead>
  <tbody>
  {% for day in week %}<tr><th scope="row">{{ day.day_name }}</th><td>{{ day.text }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% for section in sections %}
<h2 id="{{ section.id }}">{{ section.title }}</h2>
<ul>{% for value in section["values"] %}<li>{{ value }}</li>{% endfor %}</ul>
{% endfor %}
{% if map %}
<h2 id="carte">Sur la carte</h2>
<link rel="stylesheet" href="{{ map.leaflet_css }}">
<div id="carte-lieu" class="tna-carte tna-carte--petite" role="region" aria-label="Carte : {{ place.name }}"
     data-lat="{{ map.lat }}" data-lon="{{ map.lon }}" data-nom="{{ place.name }}" data-tuiles="{{ map.tiles }}"
     data-attribution="{{ map.attribution }}"></div>
<p id="carte-message" class="tna-note tna-carte-message" role="status">{% if not map.tiles %}Aucun fond de carte n'est configuré : seul le repère du lieu est affiché.{% endif %}</p>
<script src="{{ map.leaflet_js }}"></script>
<script src="{{ map.script }}"></script>
{% endif %}
<p><a href="{{ back }}">Retour à la liste des lieux</a></p>
</div>
"""

CATALOGUE = """\
<div class="tna-catalogue tna-cartes">
{% macro table(rows, caption) %}
<table>
  <caption>{{ caption }}</caption>
  <thead>
    <tr><th scope="col">Matériel</th><th scope="col">Catégorie</th><th scope="col">État</th>
        <th scope="col">Prochaine disponibilité</th><th scope="col">Calendrier</th></tr>
  </thead>
  <tbody>
  {% for row in rows %}
    <tr>
      <th scope="row"><a href="{{ row.href }}">{{ row.name }}</a></th>
      <td data-label="Catégorie">{{ row.category }}</td>
      <td data-label="État">{{ row.state }}</td>
      <td data-label="Prochaine disponibilité">{{ row.next_free }}</td>
      <td data-label="Calendrier"><a href="{{ row.calendar }}" aria-label="Calendrier de {{ row.name }}">Calendrier</a></td>
    </tr>
  {% endfor %}
  </tbody>
</table>
{% endmacro %}
{{ table(items, (items|length) ~ " matériel" ~ ("s" if items|length > 1 else "") ~ " à emprunter") }}
{% if retired %}
<h2 id="reforme">Matériel réformé</h2>
<p>Ce matériel n'est plus prêté ; ses fiches restent en ligne pour l'historique des prêts.</p>
{{ table(retired, (retired|length) ~ " matériel" ~ ("s" if retired|length > 1 else "") ~ " réformé" ~ ("s" if retired|length > 1 else "")) }}
{% endif %}
</div>
"""

ITEM = """\
<div class="tna-fiche">
<h1>{{ item.name }}</h1>
<p class="tna-chapo">{{ item.description }}</p>
{{ button|safe }}
<dl class="tna-dl">
  <dt>Catégorie</dt><dd>{{ category }}</dd>
  <dt>État</dt><dd>{{ state }}{% if since %} (depuis le {{ since }}){% endif %}</dd>
  <dt>Numéro d'inventaire</dt><dd>{{ item.inventory_number }}</dd>
</dl>
{% if overdue_since %}
<p class="tna-alerte" role="status"><strong>Pas encore restitué :</strong> ce matériel devait revenir le
{{ overdue_since }} et son retour n'est pas encore enregistré. Les périodes ci-dessous supposent son retour.</p>
{% endif %}
<h2 id="composants">Composants vérifiés au retrait et au retour</h2>
<ul>{% for component in item.components %}<li>{{ component.name }}</li>{% endfor %}</ul>
<h2 id="conditions">Conditions de prêt</h2>
{% if requirements %}
<ul>{% for requirement in requirements %}<li><strong>{{ requirement.name }}</strong> : {{ requirement.description }}</li>{% endfor %}</ul>
{% else %}
<p>Aucune condition particulière, en plus des règles de prêt de la convention (article 4).</p>
{% endif %}
<h2 id="prochaines-disponibilites">Prochaines périodes demandables</h2>
{% if windows %}
<p>D'après les réservations connues le {{ today }}, une demande de prêt faite ce jour-là peut porter sur ces
périodes (délai de prévenance et de rotation compris ; retrait et retour un jour ouvré, aux horaires de la
Maison du Département) :</p>
<ul>{% for window in windows %}<li>{{ window }}</li>{% endfor %}</ul>
{% else %}
<p>Aucune période demandable dans les six prochains mois.</p>
{% endif %}
<p><a href="{{ calendar }}">Calendrier détaillé</a> ·
   <a href="{{ ics }}" type="text/calendar">Abonnement iCalendar (.ics)</a> ·
   <a href="{{ json }}" type="application/json">Disponibilités en JSON</a></p>
<p><a href="{{ back }}">Retour au catalogue</a></p>
</div>
"""

LEGEND = """\
<div class="tna-legende-bloc">
<p>Chaque jour porte son état en toutes lettres ; les couleurs et motifs ne font que le doubler.</p>
<ul class="tna-legende">
{% for state in states %}  <li><span class="tna-jour tna-jour--{{ state.value }}">{{ state.short }}</span> {{ state.text }}</li>
{% endfor %}
</ul>
</div>
"""

AVAILABILITY_INDEX = """\
<div class="tna-dispo-index tna-cartes">
<table>
  <caption>Calendriers du matériel, du {{ first }} au {{ last }}</caption>
  <thead><tr><th scope="col">Matériel</th><th scope="col">Réservations et indisponibilités</th>
             <th scope="col">Flux</th></tr></thead>
  <tbody>
  {% for row in items %}
    <tr>
      <th scope="row"><a href="{{ row.href }}">{{ row.name }}</a></th>
      <td data-label="Réservations et indisponibilités">{{ row.summary }}</td>
      <td data-label="Flux"><a href="{{ row.ics }}" type="text/calendar" aria-label="iCalendar de {{ row.name }}">iCalendar</a> ·
          <a href="{{ row.json }}" type="application/json" aria-label="JSON de {{ row.name }}">JSON</a></td>
    </tr>
  {% endfor %}
  </tbody>
</table>
<p>Tout le réseau : <a href="{{ network_ics }}" type="text/calendar">calendrier iCalendar de toutes les réservations</a> ·
   <a href="{{ network_json }}" type="application/json">disponibilités de tout le matériel en JSON</a>.</p>
</div>
"""

ITEM_CALENDAR = """\
<div class="tna-calendrier" id="calendrier-{{ item.id }}" data-materiel="{{ item.id }}">
<h1>Disponibilités : {{ item.name }}</h1>
<p>Du {{ first }} au {{ last }}, d'après les réservations connues le {{ today }}.
   <a href="{{ item_page }}">Fiche du matériel</a></p>
{{ button|safe }}
{{ subscribe|safe }}
<h2 id="legende">Légende</h2>
{{ legend|safe }}
<h2 id="periodes">Réservations et indisponibilités</h2>
{% if periods %}
<ul class="tna-periodes">
{% for period in periods %}  <li data-etat="{{ period.state }}" data-debut="{{ period.first }}" data-fin="{{ period.last }}">{{ period.text }}</li>
{% endfor %}
</ul>
{% else %}
<p>Aucune réservation ni indisponibilité sur la période : le matériel est libre tous les jours ouvrés.</p>
{% endif %}
<h2 id="mois">Calendrier mois par mois</h2>
<nav aria-label="Mois du calendrier"><ul class="tna-mois-nav">
{% for month in months %}<li><a href="#{{ month.id }}">{{ month.title }}</a></li>{% endfor %}
</ul></nav>
{% for month in months %}
<table class="tna-mois" id="{{ month.id }}" data-search-exclude>
  <caption>{{ month.title }}</caption>
  <thead><tr>{% for name, short in weekdays %}<th scope="col"><abbr title="{{ name }}">{{ short }}</abbr></th>{% endfor %}</tr></thead>
  <tbody>
  {% for week in month.weeks %}
    <tr>{% for cell in week %}{% if cell %}<td class="tna-jour tna-jour--{{ cell.state }}" data-date="{{ cell.iso }}" data-etat="{{ cell.state }}"{% if cell.today %} aria-current="date"{% endif %} title="{{ cell.label }}"><span class="tna-jour__nom">{{ cell.weekday }} </span><span class="tna-jour__num">{{ cell.number }}</span> <span class="tna-jour__etat">{{ cell.short }}</span>{% if cell.today %}<span class="tna-sr"> (aujourd'hui)</span>{% endif %}</td>{% else %}<td class="tna-jour--vide"></td>{% endif %}{% endfor %}</tr>
  {% endfor %}
  </tbody>
</table>
{% endfor %}
</div>
"""

SUBSCRIBE = """\
<div class="tna-abonnement">
<h2 id="abonnement">S'abonner au calendrier</h2>
<p>{% if webcal %}<a href="{{ webcal }}">S'abonner dans votre agenda</a> (mis à jour à chaque publication du site) · {% endif %}
   <a href="{{ ics }}" type="text/calendar">Télécharger le fichier iCalendar (.ics){% if label %}<span class="tna-sr"> : {{ label }}</span>{% endif %}</a> ·
   <a href="{{ json }}" type="application/json">Données JSON{% if label %}<span class="tna-sr"> : {{ label }}</span>{% endif %}</a></p>
{% if address %}
<div class="tna-copie">
  <label for="adresse-{{ key }}">Adresse de l'abonnement</label>
  <input type="text" id="adresse-{{ key }}" value="{{ address }}" readonly>
  <button type="button" class="md-button tna-copier" data-copier="adresse-{{ key }}" hidden>Copier l'adresse</button>
  <span class="tna-copie__etat" role="status"></span>
</div>
<ul class="tna-mode-emploi">
  <li><strong>Thunderbird</strong> : menu Agenda, « Nouvel agenda », « Sur le réseau », puis collez l'adresse.</li>
  <li><strong>Outlook</strong> : « Ajouter un calendrier », « S'abonner à partir du web » (ou « À partir d'Internet »), puis collez l'adresse.</li>
  <li><strong>Google Agenda</strong> : « Autres agendas », « + », « À partir de l'URL », puis collez l'adresse.</li>
</ul>
<script src="{{ script }}"></script>
{% endif %}
</div>
"""

RULES = """\
{% macro text(pieces) %}{% for is_code, piece in pieces %}{% if is_code %}<code>{{ piece }}</code>{% else %}{{ piece }}{% endif %}{% endfor %}{% endmacro %}
<div class="tna-regle">
<p class="tna-regle__meta">Identifiant : <code>{{ rule.id }}</code>{% if rule.article %} · {% if rule.href %}<a href="{{ rule.href }}">{{ rule.article }}</a>{% else %}{{ rule.article }}{% endif %} de la convention{% endif %}</p>
{% for block in rule.blocks %}
{% if "list" in block %}<ul>{% for item in block["list"] %}<li>{{ text(item) }}</li>{% endfor %}</ul>
{% else %}<p>{{ text(block.text) }}</p>
{% endif %}
{% endfor %}
{% for article in rule.articles if article.blocks %}
<figure class="tna-regle__article">
<figcaption>Ce que dit la convention, <a href="{{ article.href }}">{{ article.label }}</a>{% if article.title %} ({{ article.title }}){% endif %} :</figcaption>
<blockquote>
{% for block in article.blocks %}
{% if "list" in block %}<ul>{% for item in block["list"] %}<li>{{ text(item) }}</li>{% endfor %}</ul>
{% else %}<p>{{ text(block.text) }}</p>
{% endif %}
{% endfor %}
</blockquote>
</figure>
{% endfor %}
</div>
"""

BILAN_INDEX = """\
<div class="tna-bilan-index tna-cartes">
<table>
  <caption>Indicateurs de suivi par période (article 7)</caption>
  <thead>
    <tr><th scope="col">Période</th><th scope="col">Prêts</th><th scope="col">Jours prêtés</th>
        <th scope="col">Membres servis</th><th scope="col">Lieux servis</th><th scope="col">Séances</th>
        <th scope="col">Personnes touchées</th><th scope="col">Satisfaction (sur 5)</th></tr>
  </thead>
  <tbody>
  {% for row in rows %}
    <tr>
      <th scope="row"><a href="{{ row.href }}">{{ row.label }}</a></th>
      <td data-label="Prêts">{{ row.loans }}</td><td data-label="Jours prêtés">{{ row.days }}</td>
      <td data-label="Membres servis">{{ row.members }}</td><td data-label="Lieux servis">{{ row.places }}</td>
      <td data-label="Séances">{{ row.sessions }}</td><td data-label="Personnes touchées">{{ row.audience }}</td>
      <td data-label="Satisfaction (sur 5)">{{ row.satisfaction }}</td>
    </tr>
  {% endfor %}
  </tbody>
</table>
</div>
"""

BILAN_PERIOD = """\
<div class="tna-bilan">
<h1>Bilan : {{ label }}</h1>
<p>Du {{ first }} au {{ last }}{% if partial %} (période en cours : chiffres arrêtés au {{ today }}){% endif %}.</p>
<ul class="tna-chiffres">
  <li><strong>{{ ind.loans }}</strong> prêt{{ "s" if ind.loans > 1 }} aux membres</li>
  <li><strong>{{ ind.days_lent }}</strong> jour{{ "s" if ind.days_lent > 1 }} de prêt</li>
  <li><strong>{{ ind.members_served }}</strong> membre{{ "s" if ind.members_served > 1 }} servi{{ "s" if ind.members_served > 1 }}</li>
  <li><strong>{{ ind.places_served }}</strong> lieu{{ "x" if ind.places_served > 1 }} servi{{ "s" if ind.places_served > 1 }}</li>
  <li><strong>{{ ind.departement_uses }}</strong> utilisation{{ "s" if ind.departement_uses > 1 }} par le Département</li>
  <li><strong>{{ ind.sessions }}</strong> séance{{ "s" if ind.sessions > 1 }} déclarée{{ "s" if ind.sessions > 1 }} dans {{ ind.reports }} bilan{{ "s" if ind.reports > 1 }}</li>
  <li>Satisfaction du public : <strong>{{ satisfaction }}</strong></li>
</ul>
{% for chart in charts %}
<section class="tna-graphique" id="{{ chart.id }}">
<h2>{{ chart.title }}</h2>
{% if chart.image %}<figure>
  <img src="{{ chart.image }}" alt="{{ chart.alt }}" width="720" height="{{ chart.height }}">
  <figcaption>{{ chart.alt }}</figcaption>
</figure>{% endif %}
<div class="tna-cartes">
<table>
  <caption>{{ chart.caption }}</caption>
  <thead><tr>{% for header in chart.headers %}<th scope="col">{{ header }}</th>{% endfor %}</tr></thead>
  <tbody>
  {% for row in chart.rows %}<tr><th scope="row">{{ row[0] }}</th>{% for value in row[1:] %}<td data-label="{{ chart.headers[loop.index] }}">{{ value }}</td>{% endfor %}</tr>
  {% else %}<tr><td colspan="{{ chart.headers|length }}">Aucune donnée pour cette période.</td></tr>
  {% endfor %}
  </tbody>
</table>
</div>
</section>
{% endfor %}
<p><a href="{{ back }}">Toutes les périodes</a></p>
</div>
"""

OPEN_DATA = """\
<div class="tna-donnees tna-cartes">
<ul>
  <li>Licence : <a href="{{ licence }}">Licence Ouverte 2.0 (Etalab)</a> — réutilisation libre, en citant la source
      et la date de mise à jour.</li>
  <li>Dernière mise à jour : <time datetime="{{ updated_iso }}">{{ updated }}</time> (données au {{ today }}).</li>
  <li>Schémas : l'annuaire suit le <a href="{{ national_schema }}">standard national des lieux de médiation numérique</a>
      (voir aussi <a href="{{ national_dataset }}">les jeux de données nationaux sur data.gouv.fr</a>){% if schemas %} ; les autres fichiers
      suivent les <a href="{{ schemas }}">schémas JSON du dépôt du réseau</a>{% endif %}.</li>
</ul>
{% macro table(rows, caption) %}
<table>
  <caption>{{ caption }}</caption>
  <thead><tr><th scope="col">Fichier</th><th scope="col">Contenu</th><th scope="col">Format</th><th scope="col">Taille</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr><th scope="row"><a href="{{ row.href }}" download>{{ row.name }}</a></th><td data-label="Contenu">{{ row.description }}</td>
        <td data-label="Format">{{ row.format }}</td><td data-label="Taille">{{ row.size }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endmacro %}
<h2 id="principaux">Jeux de données principaux</h2>
{{ table(main, "Annuaire, matériel, réservations et disponibilités") }}
{% if others %}
<h2 id="par-materiel">Calendriers par matériel</h2>
{{ table(others, "Un calendrier iCalendar et un fichier JSON par matériel") }}
{% endif %}
</div>
"""

HOME_FIGURES = """\
<div class="tna-accueil">
<ul class="tna-chiffres">
  <li><strong>{{ members }}</strong> membre{{ "s" if members > 1 }}</li>
  <li><strong>{{ places }}</strong> lieu{{ "x" if places > 1 }} de médiation numérique</li>
  <li><strong>{{ items }}</strong> matériel{{ "s" if items > 1 }} à emprunter</li>
  <li><strong>{{ loans }}</strong> prêt{{ "s" if loans > 1 }} en {{ year }}</li>
</ul>
<p class="tna-note">Chiffres au {{ today }}.</p>
</div>
"""

HEADQUARTERS = """\
<div class="tna-siege">
<dl class="tna-dl">
  <dt>Lieu de retrait et de retour</dt>
  <dd>{{ hq.name }}, {{ hq.address }}, {{ hq.postcode }} {{ hq.commune }}</dd>
  <dt>Contact</dt>
  <dd><a href="mailto:{{ hq.email }}">{{ hq.email }}</a></dd>
  <dt>Durée maximale d'un prêt</dt>
  <dd>{{ rules.max_days }} jours, du premier au dernier jour inclus</dd>
  <dt>Délai de prévenance</dt>
  <dd>{{ rules.notice_working_days }} jours ouvrés avant le retrait</dd>
  <dt>Rotation entre deux prêts d'un matériel</dt>
  <dd>{{ rules.turnaround_working_days }} jour{{ "s" if rules.turnaround_working_days > 1 }} ouvré{{ "s" if rules.turnaround_working_days > 1 }}</dd>
  <dt>Bilan après le prêt</dt>
  <dd>dans les {{ rules.report_delay_days }} jours suivant le retour</dd>
</dl>
<table>
  <caption>Créneaux de retrait et de retour des sept prochains jours</caption>
  <thead><tr><th scope="col">Jour</th><th scope="col">Horaires de la {{ hq.name }}</th></tr></thead>
  <tbody>
  {% for day in week %}<tr><th scope="row">{{ day.day_name }}</th><td>{{ day.text }}</td></tr>
  {% endfor %}
  </tbody>
</table>
</div>
"""

CONTACT = """\
<div class="tna-contact">
<p>Adresse du réseau : <a href="mailto:{{ email }}">{{ email }}</a>
({{ network }}, {{ department }}). Précisez la page concernée et ce qui vous a gêné.</p>
</div>
"""

REQUEST_FORM = """\
<div class="tna-demande" id="demande">
{% if heading %}<h2 id="demande-titre">Demander {{ "ce matériel" if item else "du matériel" }}</h2>{% endif %}
<p>Ce formulaire prépare votre demande de prêt ; rien n'est envoyé tant que vous ne l'avez pas
confirmée sur GitHub. Premier retrait possible pour une demande faite aujourd'hui : le {{ earliest }}
(préavis), pour {{ max_days }} jours au plus.</p>
<form class="tna-demande__form" id="form-demande" action="{{ issue_url }}" method="get">
  <input type="hidden" name="template" value="{{ issue_template }}">
  {% if item %}<input type="hidden" name="title" value="Demande de prêt : {{ item.name }}">{% endif %}
  <div class="tna-champ">
    <label for="demande-membre">Membre emprunteur</label>
    <select id="demande-membre" name="membre" required>
      <option value="">Choisir votre structure</option>
      {% for member in members %}<option value="{{ member.id }}">{{ member.nom }}</option>
      {% endfor %}
    </select>
  </div>
  <div class="tna-champ">
    <label for="demande-lieu">Lieu d'utilisation</label>
    <select id="demande-lieu" name="lieu" required>
      <option value="">Choisir le lieu</option>
      {% for member in members %}<optgroup label="{{ member.nom }}">
        {% for place in member.lieux %}<option value="{{ place.id }}" data-membre="{{ member.id }}">{{ place.nom }} ({{ place.commune }})</option>
        {% endfor %}</optgroup>
      {% endfor %}
    </select>
  </div>
  <fieldset class="tna-champ">
    <legend>Matériel demandé</legend>
    <ul class="tna-cases">
    {% for choice in items %}<li><input type="checkbox" id="demande-materiel-{{ choice.id }}" name="materiel" value="{{ choice.id }}"{% if item and item.id == choice.id %} checked{% endif %}>
      <label for="demande-materiel-{{ choice.id }}">{{ choice.name }}</label></li>
    {% endfor %}
    </ul>
  </fieldset>
  <div class="tna-champ-groupe">
    <div class="tna-champ">
      <label for="demande-debut">Premier jour (retrait)</label>
      <input type="date" id="demande-debut" name="debut" min="{{ min }}" max="{{ max }}" required aria-describedby="demande-fenetres">
    </div>
    <div class="tna-champ">
      <label for="demande-retrait">Heure du retrait</label>
      <select id="demande-retrait" name="retrait" required>
        <option value="">Choisir</option>
        {% for time in times %}<option value="{{ time }}">{{ time }}</option>{% endfor %}
      </select>
    </div>
    <div class="tna-champ">
      <label for="demande-fin">Dernier jour (restitution)</label>
      <input type="date" id="demande-fin" name="fin" min="{{ min }}" max="{{ max }}" required aria-describedby="demande-fenetres">
    </div>
    <div class="tna-champ">
      <label for="demande-restitution">Heure de la restitution</label>
      <select id="demande-restitution" name="restitution" required>
        <option value="">Choisir</option>
        {% for time in times %}<option value="{{ time }}">{{ time }}</option>{% endfor %}
      </select>
    </div>
  </div>
  <p id="demande-fenetres" class="tna-note">Le retrait et la restitution se font un jour ouvré, aux heures d'ouverture de la Maison du Département.</p>
  <div class="tna-champ">
    <label for="demande-objet">Nature des actions envisagées</label>
    <textarea id="demande-objet" name="objet" rows="3" maxlength="2000" required></textarea>
  </div>
  <div class="tna-champ">
    <label for="demande-referent">Référent (seulement si le matériel l'exige)</label>
    <input type="text" id="demande-referent" name="referent" maxlength="80" autocomplete="off">
  </div>
  <div class="tna-champ tna-js-seulement" hidden>
    <label for="demande-login">Votre identifiant GitHub (facultatif, pour le fichier de la demande)</label>
    <input type="text" id="demande-login" maxlength="39" autocomplete="username">
  </div>
  <div id="demande-erreurs" class="tna-erreurs" role="alert"></div>
  <button type="submit" class="md-button md-button--primary">Préparer la demande</button>
</form>
<div id="demande-resultat" class="tna-demande__resultat" hidden>
  <h3 id="demande-prete" tabindex="-1">Votre demande est prête</h3>
  <p>Deux façons de l'envoyer ; vous confirmez sur GitHub :</p>
  <ul>
    <li><a id="demande-lien-ticket" href="{{ issue_url }}">Ouvrir le ticket « Demande de prêt » prérempli</a> : le plus simple ;</li>
    <li><a id="demande-lien-fichier" href="{{ issue_url }}">Proposer le fichier de la demande dans l'éditeur de GitHub</a>
        (<code id="demande-chemin"></code>) : vérifié automatiquement par une <i lang="en">pull request</i>.</li>
  </ul>
  <details><summary>Voir le fichier de la demande (YAML)</summary><pre><code id="demande-yaml"></code></pre></details>
</div>
<script type="application/json" id="donnees-demande">{{ data|safe }}</script>
<script src="{{ script }}"></script>
</div>
"""

REQUEST_BUTTON = """\
<p class="tna-demander-bloc"><a class="md-button md-button--primary tna-demander" href="{{ href }}">Demander ce matériel</a></p>
"""

DATES_SEARCH = """\
<div class="tna-recherche-dates" id="recherche">
<p class="tna-sans-js">La recherche par dates et la grille ont besoin de JavaScript : sans lui, consultez le
calendrier de chaque matériel, plus bas.</p>
<form id="recherche-dates" class="tna-filtres" role="search" aria-label="Matériel demandable sur une période" novalidate hidden>
  <div class="tna-filtre">
    <label for="recherche-du">Du (retrait)</label>
    <input type="date" id="recherche-du" min="{{ min }}" max="{{ max }}" required>
  </div>
  <div class="tna-filtre">
    <label for="recherche-au">Au (restitution)</label>
    <input type="date" id="recherche-au" min="{{ min }}" max="{{ max }}" required>
  </div>
  <button type="submit" class="md-button">Chercher le matériel demandable</button>
</form>
<div id="recherche-resultat" class="tna-recherche-resultat" role="status" aria-live="polite"></div>
<h2 id="grille">Grille du mois : tout le matériel, jour par jour</h2>
<div id="grille-bloc" class="tna-grille-bloc" data-json="{{ json }}" hidden>
  <p class="tna-grille-nav">
    <button type="button" class="md-button" id="grille-avant">Mois précédent</button>
    <button type="button" class="md-button" id="grille-apres">Mois suivant</button>
  </p>
  <p class="tna-note">Codes : {% for code, label in codes %}<strong>{{ code }}</strong> {{ label }}{% if not loop.last %} · {% endif %}{% endfor %}.
  Chaque case donne aussi l'état en toutes lettres aux lecteurs d'écran.</p>
  <div class="tna-grille-defilement" id="grille-defilement" role="region" tabindex="0" aria-labelledby="grille-titre">
    <table class="tna-grille" id="grille-table"><caption id="grille-titre"></caption><thead></thead><tbody></tbody></table>
  </div>
</div>
<script type="application/json" id="donnees-recherche">{{ data|safe }}</script>
<script src="{{ script }}"></script>
</div>
"""

TEMPLATES: dict[str, str] = {
    "places_table": PLACES_TABLE,
    "map": MAP,
    "place": PLACE,
    "catalogue": CATALOGUE,
    "item": ITEM,
    "legend": LEGEND,
    "availability_index": AVAILABILITY_INDEX,
    "item_calendar": ITEM_CALENDAR,
    "subscribe": SUBSCRIBE,
    "dates_search": DATES_SEARCH,
    "rules": RULES,
    "bilan_index": BILAN_INDEX,
    "bilan_period": BILAN_PERIOD,
    "open_data": OPEN_DATA,
    "home_figures": HOME_FIGURES,
    "headquarters": HEADQUARTERS,
    "contact": CONTACT,
    "request_form": REQUEST_FORM,
    "request_button": REQUEST_BUTTON,
}
