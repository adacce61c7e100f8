"""What every page module receives, and the French labels of the data's vocabularies."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from ..model import Dataset, Network
from ..vocabulary import ItemState

CATEGORY_LABELS: dict[str, str] = {
    "realite_virtuelle": "Réalité virtuelle",
    "drone": "Drone",
    "radio": "Radio",
    "robotique": "Robotique",
    "impression_3d": "Impression 3D",
    "video": "Vidéo",
    "photo": "Photo",
    "informatique": "Informatique",
    "son": "Son",
    "electronique": "Électronique",
}

MEMBER_KIND_LABELS: dict[str, str] = {
    "collectivite": "collectivité territoriale",
    "epci": "intercommunalité (EPCI)",
    "association": "association",
}


@dataclass(frozen=True)
class SiteContext:
    """The validated data, the day the site describes and the build time (SOURCE_DATE_EPOCH)."""

    dataset: Dataset
    network: Network
    build_time: datetime

    @property
    def today(self) -> date:
        return self.dataset.today


def item_state_label(state: str) -> str:
    """An item's state as the catalogue and the item pages show it: the vocabulary's label,
    except that an available item is « Disponible au prêt » (the site speaks to borrowers)."""
    item_state = ItemState(state)
    return "Disponible au prêt" if item_state is ItemState.DISPONIBLE else item_state.label


def safe_url(url: object) -> str | None:
    """The URL if it is https, http or mailto; None otherwise (never a javascript: link)."""
    if not isinstance(url, str):
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("https", "http", "mailto") else None


def text_list(value: object) -> list[str]:
    """A field that may be a string or a list of strings, as a list of strings."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(part) for part in value]
    return [str(value)]


def french_sort_key(text: str) -> tuple[str, str]:
    """Sort key of French alphabetical order: accents and case only break ties (Bréhal < Bricquebec).

    Babel formats dates but does not collate; this primary-strength key (letters without
    accents, ligatures spelt out, case folded) is what a French index uses.
    """
    spelt = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    bare = "".join(char for char in unicodedata.normalize("NFKD", spelt) if not unicodedata.combining(char))
    return bare.casefold(), text
