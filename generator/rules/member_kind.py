"""Type de structure et identifiant du membre.

La convention est signée par une collectivité territoriale, un établissement public
de coopération intercommunale (EPCI) ou une association à but non lucratif (Art. 2).
Le champ `type` du membre dit laquelle ; cette règle vérifie que son identifiant
officiel le confirme :

- une collectivité ou un EPCI est identifié par son SIRET, et le SIREN (les neuf
  premiers chiffres) d'une personne morale de droit public commence par 2 ;
- une association est identifiée par son numéro RNA (W suivi de neuf chiffres) ou
  par son SIRET ;
- tout SIRET, celui du membre comme l'identifiant `pivot` d'un lieu quand il compte
  quatorze chiffres, respecte la clé de contrôle de l'Insee (formule de Luhn ; pour
  La Poste, la somme des chiffres est un multiple de 5).

Que faire : recopiez le numéro depuis l'annuaire des entreprises
(annuaire-entreprises.data.gouv.fr) ou corrigez le type de structure.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Member
from .base import at_key, at_value

ID = "type-membre"
ARTICLE = "Art. 2"

# kind -> (subject, complement) for the messages
PUBLIC_KINDS = {"collectivite": ("une collectivité territoriale", "d'une collectivité territoriale"),
                "epci": ("un EPCI", "d'un EPCI")}
LA_POSTE_SIREN = "356000000"


def siret_is_valid(siret: str) -> bool:
    """The Insee check digit of a 14-digit SIRET (Luhn; digit sum for La Poste's sites)."""
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(digit) for digit in siret) % 5 == 0
    total = 0
    for position, digit in enumerate(reversed(siret)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def check(dataset: Dataset) -> Iterator[Finding]:
    for member in dataset.members.values():
        yield from _kind_matches_identifier(member)
        if member.siret is not None and not siret_is_valid(member.siret):
            yield at_value(member.document, ("siret",), ID, ARTICLE, _invalid_siret(member.siret))
        for place in member.places:
            pivot = place.fields.get("pivot")
            if isinstance(pivot, str) and len(pivot) == 14 and pivot.isdigit() and not siret_is_valid(pivot):
                yield at_value(member.document, place.path + ("pivot",), ID, ARTICLE, _invalid_siret(pivot))


def _kind_matches_identifier(member: Member) -> Iterator[Finding]:
    labels = PUBLIC_KINDS.get(member.kind)
    if labels is None:
        return
    subject, complement = labels
    if member.siret is None:
        yield at_key(member.document, ("rna",), ID, ARTICLE,
                     f"{subject} n'a pas de numéro RNA, réservé aux associations : "
                     "remplacez rna par le SIRET de la structure, ou corrigez son type.")
    elif not member.siret.startswith("2"):
        yield at_value(member.document, ("siret",), ID, ARTICLE,
                       f"le SIRET {member.siret} ne peut pas être celui {complement}, personne morale de "
                       "droit public dont le SIREN commence par 2 : vérifiez le numéro, ou corrigez le type de structure.")


def _invalid_siret(siret: str) -> str:
    return (f"le SIRET {siret} n'est pas valide (sa clé de contrôle ne correspond pas) : "
            "recopiez-le depuis l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).")
