"""Jinja2 templates of the HTML fragments (autoescaped: every ``{{ }}`` is escaped).

Each fragment is one raw HTML block of a Markdown page, wrapped in a ``<div>`` so that
Python-Markdown passes it through untouched. URLs go through the ``url`` test in the
page modules: only https, mailto and relative links reach an ``href``.
"""

from __future__ import annotations

PLACES_TABLE = """\
<div class="tna-lieux">
<form class="tna-filtres" id="filtres-lieux" hidden>
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
    <tr data-id="{{ row.id }}" data-commune="{{ row.commune }}" data-services="{{ row.services_json }}">
      <th scope="row"><a href="{{ row.href }}">{{ row.name }}</a></th>
      <td>{{ row.commune }} ({{ row.postcode }})</td>
      <td><ul class="tna-liste-compacte">{% for service in row.services %}<li>{{ service }}</li>{% endfor %}</ul></td>
      <td>{{ row.today }}</td>
      <td>{{ row.access or "Non précisé" }}</td>
    </tr>
    {% endfor %}
  </tbody>
</table>
</div>
"""

MAP = """\
<div class="tna-carte-bloc">
<link rel="stylesheet" href="{{ leaflet_css }}">
<div id="carte-lieux" class="tna-carte" role="region" aria-label="Carte des lieux de médiation numérique"
     data-geojson="{{ geojson }}" data-racine="{{ root }}" data-tuiles="{{ tiles }}"
     data-attribution="{{ attribution }}"></div>
<p class="tna-note">La carte reprend les lieux du tableau ci-dessus, qui en est l'alternative accessible.
{% if not tiles %}Aucun fond de carte n'est configuré : seuls les repères des lieux sont affichés.{% endif %}</p>
<script src="{{ leaflet_js }}"></script>
<script src="{{ map_js }}"></script>
<script src="{{ filter_js }}"></script>
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
<h2 id="horaires">Horaires des sept prochains jours</h2>
<table>
  <caption>Horaires du lieu, du {{ week[0].day_name }} au {{ week[-1].day_name }}</caption>
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
<p><a href="{{ back }}">Retour à la liste des lieux</a></p>
</div>
"""

CATALOGUE = """\
<div class="tna-catalogue">
<table>
  <caption>{{ items|length }} matériel{{ "s" if items|length > 1 }} à emprunter</caption>
  <thead>
    <tr><th scope="col">Matériel</th><th scope="col">Catégorie</th><th scope="col">État</th>
        <th scope="col">Prochaine disponibilité</th><th scope="col">Calendrier</th></tr>
  </thead>
  <tbody>
  {% for row in items %}
    <tr>
      <th scope="row"><a href="{{ row.href }}">{{ row.name }}</a></th>
      <td>{{ row.category }}</td>
      <td>{{ row.state }}</td>
      <td>{{ row.next_free }}</td>
      <td><a href="{{ row.calendar }}">Calendrier<span class="tna-sr"> de {{ row.name }}</span></a></td>
    </tr>
  {% endfor %}
  </tbody>
</table>
</div>
"""

ITEM = """\
<div class="tna-fiche">
<h1>{{ item.name }}</h1>
<p class="tna-chapo">{{ item.description }}</p>
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
<h2 id="prochaines-disponibilites">Prochaines périodes libres</h2>
{% if windows %}
<p>D'après les réservations connues le {{ today }}, une demande de prêt faite aujourd'hui peut porter sur ces
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
<div class="tna-dispo-index">
<table>
  <caption>Calendriers du matériel, du {{ first }} au {{ last }}</caption>
  <thead><tr><th scope="col">Matériel</th><th scope="col">Réservations et indisponibilités</th>
             <th scope="col">Flux</th></tr></thead>
  <tbody>
  {% for row in items %}
    <tr>
      <th scope="row"><a href="{{ row.href }}">{{ row.name }}</a></th>
      <td>{{ row.summary }}</td>
      <td><a href="{{ row.ics }}" type="text/calendar">iCalendar<span class="tna-sr"> de {{ row.name }}</span></a> ·
          <a href="{{ row.json }}" type="application/json">JSON<span class="tna-sr"> de {{ row.name }}</span></a></td>
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
<p>Du {{ first }} au {{ last }}. <a href="{{ item_page }}">Fiche du matériel</a> ·
   <a href="{{ ics }}" type="text/calendar">Abonnement iCalendar (.ics)</a> ·
   <a href="{{ json }}" type="application/json">Données JSON</a></p>
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
{% for month in months %}
<table class="tna-mois" data-search-exclude>
  <caption>{{ month.title }}</caption>
  <thead><tr>{% for name, short in weekdays %}<th scope="col"><abbr title="{{ name }}">{{ short }}</abbr></th>{% endfor %}</tr></thead>
  <tbody>
  {% for week in month.weeks %}
    <tr>{% for cell in week %}{% if cell %}<td class="tna-jour tna-jour--{{ cell.state }}" data-date="{{ cell.iso }}" data-etat="{{ cell.state }}"{% if cell.today %} aria-current="date"{% endif %} title="{{ cell.label }}"><span class="tna-jour__num">{{ cell.number }}</span> <span class="tna-jour__etat">{{ cell.short }}</span>{% if cell.today %}<span class="tna-sr"> (aujourd'hui)</span>{% endif %}</td>{% else %}<td class="tna-jour--vide"></td>{% endif %}{% endfor %}</tr>
  {% endfor %}
  </tbody>
</table>
{% endfor %}
</div>
"""

RULES = """\
{% macro text(pieces) %}{% for is_code, piece in pieces %}{% if is_code %}<code>{{ piece }}</code>{% else %}{{ piece }}{% endif %}{% endfor %}{% endmacro %}
<div class="tna-regles">
{% for rule in rules %}
<section class="tna-regle" id="regle-{{ rule.id }}">
<h2>{{ rule.title }}</h2>
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
</section>
{% endfor %}
</div>
"""

BILAN_INDEX = """\
<div class="tna-bilan-index">
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
      <td>{{ row.loans }}</td><td>{{ row.days }}</td><td>{{ row.members }}</td><td>{{ row.places }}</td>
      <td>{{ row.sessions }}</td><td>{{ row.audience }}</td><td>{{ row.satisfaction }}</td>
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
<table>
  <caption>{{ chart.caption }}</caption>
  <thead><tr>{% for header in chart.headers %}<th scope="col">{{ header }}</th>{% endfor %}</tr></thead>
  <tbody>
  {% for row in chart.rows %}<tr><th scope="row">{{ row[0] }}</th>{% for value in row[1:] %}<td>{{ value }}</td>{% endfor %}</tr>
  {% else %}<tr><td colspan="{{ chart.headers|length }}">Aucune donnée pour cette période.</td></tr>
  {% endfor %}
  </tbody>
</table>
</section>
{% endfor %}
<p><a href="{{ back }}">Toutes les périodes</a></p>
</div>
"""

OPEN_DATA = """\
<div class="tna-donnees">
<table>
  <caption>Fichiers téléchargeables</caption>
  <thead><tr><th scope="col">Fichier</th><th scope="col">Contenu</th><th scope="col">Format</th><th scope="col">Taille</th></tr></thead>
  <tbody>
  {% for row in files %}
    <tr><th scope="row"><a href="{{ row.href }}" download>{{ row.name }}</a></th><td>{{ row.description }}</td>
        <td>{{ row.format }}</td><td>{{ row.size }}</td></tr>
  {% endfor %}
  </tbody>
</table>
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

TEMPLATES: dict[str, str] = {
    "places_table": PLACES_TABLE,
    "map": MAP,
    "place": PLACE,
    "catalogue": CATALOGUE,
    "item": ITEM,
    "legend": LEGEND,
    "availability_index": AVAILABILITY_INDEX,
    "item_calendar": ITEM_CALENDAR,
    "rules": RULES,
    "bilan_index": BILAN_INDEX,
    "bilan_period": BILAN_PERIOD,
    "open_data": OPEN_DATA,
    "home_figures": HOME_FIGURES,
    "headquarters": HEADQUARTERS,
    "contact": CONTACT,
}
