"""Places: the filterable table with its map, and one page per place."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..model import Place
from .context import MEMBER_KIND_LABELS, SiteContext, safe_url, text_list
from .hours import day_hours, french_day, french_day_short, week_hours
from .markup import OutputFile, link, page, render

INDEX = "lieux/index.md"
LEAFLET_DIR = "assets/leaflet"
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
    return sorted(ctx.dataset.places.values(), key=lambda place: (place.commune, place.name, place.id))


def _row(ctx: SiteContext, place: Place) -> dict[str, Any]:
    today = day_hours(place.opening_hours, ctx.today, ctx.network.holidays_country)
    return {
        "id": place.id,
        "name": place.name,
        "href": link(INDEX, place_page_path(place)),
        "commune": place.commune,
        "postcode": place.postcode,
        "services": list(place.services),
        "services_json": json.dumps(list(place.services), ensure_ascii=False),
        "today": today.text,
        "access": ", ".join(text_list(place.fields.get("modalites_acces"))),
    }


def index_page(ctx: SiteContext) -> OutputFile:
    places = sorted_places(ctx)
    table = render("places_table", places=[_row(ctx, place) for place in places],
                   communes=sorted({place.commune for place in places}),
                   services=sorted({service for place in places for service in place.services}),
                   today_label=french_day_short(ctx.today))
    leaflet = f"{LEAFLET_DIR}/leaflet"
    map_block = render("map", geojson=link(INDEX, GEOJSON), root=link(INDEX, "index.md"),
                       tiles=ctx.network.tiles_url, attribution=ctx.network.tiles_attribution,
                       leaflet_css=link(INDEX, leaflet + ".css"), leaflet_js=link(INDEX, leaflet + ".js"),
                       map_js=link(INDEX, "javascripts/carte.js"), filter_js=link(INDEX, "javascripts/lieux.js"))
    intro = ("# Lieux de médiation numérique\n\n"
             "Les lieux des membres du réseau où l'on peut se faire accompagner dans ses usages du numérique. "
             "Filtrez le tableau par commune ou par service ; chaque nom mène à la fiche du lieu "
             "(horaires, services, accessibilité).")
    return page(INDEX, "Lieux de médiation numérique", intro, table, "## Carte des lieux", map_block)


def _place_values(ctx: SiteContext, place: Place) -> dict[str, Any]:
    member = ctx.dataset.members.get(place.member_id)
    fields = place.fields
    updated = fields.get("date_maj")
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
        "week": week_hours(place.opening_hours, ctx.today, ctx.network.holidays_country),
        "sections": [{"id": anchor, "title": title, "values": text_list(fields.get(key))}
                     for anchor, title, key in SECTIONS if text_list(fields.get(key))],
        "back": link(place_page_path(place), INDEX),
    }


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def place_page(ctx: SiteContext, place: Place) -> OutputFile:
    return page(place_page_path(place), place.name, render("place", **_place_values(ctx, place)))


def pages(ctx: SiteContext) -> list[OutputFile]:
    return [index_page(ctx)] + [place_page(ctx, place) for place in sorted_places(ctx)]
