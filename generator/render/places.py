"""Places: the filterable table with its map, and one page per place."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, timedelta
from typing import Any

from ..model import Place
from .context import MEMBER_KIND_LABELS, SiteContext, french_sort_key, safe_url, text_list
from .hours import day_hours, french_day, french_day_short, week_hours
from .markup import OutputFile, link, page, render

INDEX = "lieux/index.md"
LEAFLET_DIR = "assets/leaflet"
CLUSTER_DIR = "assets/leaflet.markercluster"
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# A way of contacting a place is offered only when the data gives the means to use it.
CONTACT_MODES: dict[str, str] = {"Téléphoner": "telephone", "Contacter par mail": "courriels",
                                 "Envoyer un mail avec une fiche de prescription": "courriels",
                                 "Prendre un RDV en ligne": "prise_rdv"}
GEOJSON = "donnees/lieux.geojson"

# Sections of a place page: (anchor, title, field of the national standard).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("services", "Services proposés", "services"),
    ("publics", "Publics accueillis en priorité", "publics_specifiquement_adresses"),
    ("prise-en-charge", "Prise en charge spécifique", "prise_en_charge_specifique"),
    ("acces", "Modalités d'accès", "modalites_acces"),
    ("accompagnement", "Modalités d'accompagnement", "modalites_accompagnement"),
    ("frais", "Frais à la charge du public", "frais_a_charge"),
    ("dispositifs", "Dispositifs et programmes nationaux", "dispositif_programmes_nationaux"),
    ("labels", "Formations et labels", "formations_labels"),
    ("autres-labels", "Autres formations et labels", "autres_formations_labels"),
)


def place_page_path(place: Place) -> str:
    return f"lieux/{place.id}.md"


def sorted_places(ctx: SiteContext) -> list[Place]:
    return sorted(ctx.dataset.places.values(),
                  key=lambda place: (french_sort_key(place.commune), french_sort_key(place.name), place.id))


def access_modes(place: Place) -> list[str]:
    """The place's ways of access, without those its data cannot serve (« Téléphoner » with no number)."""
    return [mode for mode in text_list(place.fields.get("modalites_acces"))
            if mode not in CONTACT_MODES or text_list(place.fields.get(CONTACT_MODES[mode]))]


def typical_week(ctx: SiteContext) -> date:
    """The Monday of the first coming week without a public holiday."""
    monday = ctx.today - timedelta(days=ctx.today.weekday()) + timedelta(days=7)
    for _ in range(10):
        if not any(ctx.network.holiday_name(monday + timedelta(days=offset)) for offset in range(7)):
            return monday
        monday += timedelta(days=7)
    return monday


def weekly_hours(ctx: SiteContext, place: Place) -> list[tuple[str, str, bool]]:
    """Each weekday of a usual week: its name, its hours in words, open or not."""
    monday = typical_week(ctx)
    days = [day_hours(place.opening_hours, monday + timedelta(days=offset), ctx.network.holidays_country)
            for offset in range(7)]
    return [(WEEKDAY_NAMES[offset], day.text, day.is_open) for offset, day in enumerate(days)]


def search_text(place: Place) -> str:
    """What the free-text search looks in, lower case and without accents."""
    text = " ".join([place.name, place.commune, place.postcode, *place.services]).casefold()
    return "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))


def _row(ctx: SiteContext, place: Place) -> dict[str, Any]:
    today = day_hours(place.opening_hours, ctx.today, ctx.network.holidays_country)
    week = weekly_hours(ctx, place)
    return {
        "id": place.id,
        "name": place.name,
        "href": link(INDEX, place_page_path(place)),
        "commune": place.commune,
        "postcode": place.postcode,
        "services": list(place.services),
        "services_json": json.dumps(list(place.services), ensure_ascii=False),
        "today": today.text,
        "access": ", ".join(access_modes(place)),
        "search": search_text(place),
        "days_json": json.dumps([offset for offset, (_name, _text, is_open) in enumerate(week) if is_open]),
    }


def index_page(ctx: SiteContext) -> OutputFile:
    places = sorted_places(ctx)
    table = render("places_table.html.j2", places=[_row(ctx, place) for place in places],
                   communes=sorted({place.commune for place in places}, key=french_sort_key),
                   services=sorted({service for place in places for service in place.services}, key=french_sort_key),
                   weekdays=list(enumerate(WEEKDAY_NAMES)), today_label=french_day_short(ctx.today))
    leaflet = f"{LEAFLET_DIR}/leaflet"
    map_block = render("map.html.j2", geojson=link(INDEX, GEOJSON), root=link(INDEX, "index.md"),
                       tiles=ctx.network.tiles_url, attribution=ctx.network.tiles_attribution,
                       leaflet_css=link(INDEX, leaflet + ".css"), leaflet_js=link(INDEX, leaflet + ".js"),
                       cluster_css=link(INDEX, f"{CLUSTER_DIR}/MarkerCluster.css"),
                       cluster_default_css=link(INDEX, f"{CLUSTER_DIR}/MarkerCluster.Default.css"),
                       cluster_js=link(INDEX, f"{CLUSTER_DIR}/leaflet.markercluster.js"),
                       map_js=link(INDEX, "javascripts/carte.js"), filter_js=link(INDEX, "javascripts/lieux.js"))
    return page(INDEX, "lieux.md.j2", title="Lieux de médiation numérique", map=map_block, table=table)


def _place_values(ctx: SiteContext, place: Place) -> dict[str, Any]:
    member = ctx.dataset.members.get(place.member_id)
    fields = place.fields
    updated = fields.get("date_maj")
    week = week_hours(place.opening_hours, ctx.today, ctx.network.holidays_country)
    return {
        "place": place,
        "summary": fields.get("presentation_resume"),
        "detail": fields.get("presentation_detail"),
        "address": fields.get("adresse", ""),
        "complement": fields.get("complement_adresse"),
        "member_name": member.name if member else place.member_id,
        "member_kind": MEMBER_KIND_LABELS.get(member.kind, member.kind) if member else "membre",
        "member_site": safe_url(member.website) if member else None,
        "phone": fields.get("telephone"),
        "emails": text_list(fields.get("courriels")),
        "websites": [url for url in map(safe_url, text_list(fields.get("site_web"))) if url],
        "booking_url": safe_url(fields.get("prise_rdv")),
        "accessibility": safe_url(fields.get("fiche_acces_libre")),
        "updated": french_day(_as_date(updated)) if updated else None,
        "week": week,
        "week_rows": [(day.day_name, day.text) for day in week],
        "sections": [{"id": anchor, "title": title,
                      "values": access_modes(place) if key == "modalites_acces" else text_list(fields.get(key))}
                     for anchor, title, key in SECTIONS
                     if (access_modes(place) if key == "modalites_acces" else text_list(fields.get(key)))],
        "typical": [(name.capitalize(), text) for name, text, _open in weekly_hours(ctx, place)]
                   if place.opening_hours else [],
        "map": _small_map(ctx, place),
        "back": link(place_page_path(place), INDEX),
    }


def _small_map(ctx: SiteContext, place: Place) -> dict[str, Any] | None:
    path = place_page_path(place)
    if place.latitude is None or place.longitude is None:
        return None
    leaflet = f"{LEAFLET_DIR}/leaflet"
    return {"lat": place.latitude, "lon": place.longitude, "tiles": ctx.network.tiles_url,
            "attribution": ctx.network.tiles_attribution, "leaflet_css": link(path, leaflet + ".css"),
            "leaflet_js": link(path, leaflet + ".js"), "script": link(path, "javascripts/carte-lieu.js")}


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def place_page(ctx: SiteContext, place: Place) -> OutputFile:
    return page(place_page_path(place), "lieu.md.j2", title=place.name,
                place=render("place.html.j2", **_place_values(ctx, place)))


def pages(ctx: SiteContext) -> list[OutputFile]:
    return [index_page(ctx)] + [place_page(ctx, place) for place in sorted_places(ctx)]
