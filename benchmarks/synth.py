"""Deterministic synthetic data for the benchmarks: a complete, valid-looking data/ tree.

    python -m benchmarks.synth --members 1000 --items 1000 --loans 10000 --out /tmp/synth

Same arguments, same bytes (fixed seed). Members carry two places each; each item's
loans follow one another (with a turnaround) from 2019 on, so the data set is mostly
valid: past loans are returned with both condition checks and a report, current ones
picked up, future ones accepted or requested. About one loan in a hundred carries a
deliberate defect (too long, or a return slot after closing time) so that the rules
have something to report, as in real life. ``TODAY`` is the date to validate with.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

SEED = 20260415
TODAY = date(2026, 4, 15)
FIRST_DAY = date(2019, 1, 7)
LAST_DAY = date(2027, 9, 30)
STAFF = ("dep50-tna-coordination", "dep50-tna-logistique", "dep50-tna-mediation")
KINDS = ("collectivite", "epci", "association")
COMPONENTS = (("valise", "Valise de transport"), ("appareil", "Appareil principal"),
              ("chargeur", "Chargeur et câbles"), ("notice", "Notice et fiches d'activité"))
CATEGORIES = ("realite_virtuelle", "drone", "robotique", "video", "informatique")

NETWORK: dict[str, Any] = {
    "nom": "Réseau des territoires numériques apprenants (données de banc d'essai)",
    "departement": {"nom": "Département de la Manche", "code": "50"},
    "siege": {"nom": "Maison du Département", "adresse": "98 route de Candol", "code_postal": "50000",
              "commune": "Saint-Lô", "latitude": 49.1092, "longitude": -1.0776,
              "horaires": "Mo-Fr 08:30-12:30,13:30-17:00; PH off", "courriel": "reseau-tna@exemple-manche.fr"},
    "equipe": list(STAFF),
    "regles_pret": {"duree_max_jours": 30, "rotation_jours_ouvres": 2, "preavis_jours_ouvres": 10,
                    "delai_bilan_jours": 30},
    "regles_convention": {"duree_ans": 3, "preavis_avenant_mois": 3},
}


def luhn_digit(digits: str) -> str:
    """The digit that makes ``digits`` + it pass the Luhn check (SIREN and SIRET keys)."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def siret(rng: random.Random, public: bool) -> str:
    first = "2" if public else str(rng.randint(3, 9))
    siren = first + "".join(str(rng.randint(0, 9)) for _ in range(7))
    siren += luhn_digit(siren)
    nic = "0001"
    return siren + nic + luhn_digit(siren + nic)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)


def place(member_id: str, index: int, rng: random.Random) -> dict[str, Any]:
    insee = f"50{rng.randint(1, 650):03d}"
    return {
        "id": f"{member_id}-lieu-{index}", "nom": f"Espace numérique n° {index} de {member_id}",
        "adresse": f"{rng.randint(1, 120)} rue de la Mairie", "code_postal": f"50{rng.randint(0, 999):03d}",
        "commune": f"Commune {insee}", "code_insee": insee,
        "latitude": round(rng.uniform(48.5, 49.7), 5), "longitude": round(rng.uniform(-1.9, -0.8), 5),
        "typologie": ["BIB"], "courriels": [f"epn-{index}@{member_id}.exemple.fr"],
        "horaires": "Tu-Fr 14:00-18:00; We,Sa 10:00-12:30,14:00-18:00",
        "presentation_resume": "Ateliers d'initiation et accès libre aux ordinateurs.",
        "itinerance": ["Fixe"], "date_maj": "2026-02-02",
        "services": ["Maîtrise des outils numériques du quotidien", "Loisirs et créations numériques"],
        "publics_specifiquement_adresses": ["Seniors", "Jeunes"], "frais_a_charge": ["Gratuit"],
        "modalites_acces": ["Se présenter", "Téléphoner"],
        "modalites_accompagnement": ["Dans un atelier collectif", "Accompagnement individuel"],
    }


def member(index: int, rng: random.Random) -> dict[str, Any]:
    member_id = f"membre-{index:04d}"
    kind = KINDS[index % 3]
    identity = ({"rna": f"W50{rng.randint(0, 9999999):07d}"} if kind == "association" and index % 2
                else {"siret": siret(rng, kind != "association")})
    signed = date(2025, 1, 6) + timedelta(days=rng.randint(0, 60))
    return {
        "id": member_id, "nom": f"Membre de banc d'essai n° {index}", "type": kind, **identity,
        "courriel": f"mediation@{member_id}.exemple.fr",
        "convention": {"signature": signed.isoformat()},
        "assurance": {"assureur": "Assureur fictif", "contrat": f"C-{index:05d}", "fin": "2028-12-31"},
        "demandeurs": [f"{member_id}-demandeur"],
        "lieux": [place(member_id, 1, rng), place(member_id, 2, rng)],
    }


def item(index: int) -> dict[str, Any]:
    return {
        "id": f"materiel-{index:04d}", "nom": f"Kit de banc d'essai n° {index}",
        "categorie": CATEGORIES[index % len(CATEGORIES)], "numero_inventaire": f"DEP50-TNA-{index:05d}",
        "description": "Un kit fictif pour mesurer la vitesse du vérificateur.",
        "composants": [{"id": cid, "nom": name} for cid, name in COMPONENTS],
        "etat": "disponible", "acquisition": {"date": "2018-11-15", "valeur_euros": 1500},
    }


class Calendar:
    """Working days (Monday to Friday, French public holidays excluded)."""

    def __init__(self) -> None:
        import holidays

        self.holidays = holidays.country_holidays("FR", years=range(FIRST_DAY.year, LAST_DAY.year + 2))

    def working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def on_or_after(self, day: date) -> date:
        while not self.working(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        while not self.working(day):
            day -= timedelta(days=1)
        return day


@dataclass(frozen=True)
class Booking:
    """One generated loan before it becomes text."""

    loan_id: str
    item_id: str
    borrower: str
    place_id: str | None
    start: date
    end: date
    status: str
    late_return: bool


def _status(start: date, end: date, rng: random.Random) -> str:
    if end < TODAY:
        roll = rng.random()
        return "annule" if roll < 0.03 else "refuse" if roll < 0.05 else "restitue"
    if start <= TODAY:
        return "retire"
    return "demande" if start > TODAY + timedelta(days=60) and rng.random() < 0.5 else "accepte"


def item_bookings(item_id: str, count: int, members: int, calendar: Calendar,
                  rng: random.Random, defects: bool = True) -> list[Booking]:
    """``count`` loans of one item, one per equal slot of the period, never too close."""
    span = (LAST_DAY - FIRST_DAY).days
    slot = span // max(count, 1)
    bookings = []
    for index in range(count):
        slot_start = FIRST_DAY + timedelta(days=index * slot)
        length = max(1, min(rng.randint(2, 21), slot - 12))
        start = calendar.on_or_after(slot_start + timedelta(days=rng.randint(0, max(0, slot - length - 12))))
        defect = rng.random() < 0.01 and defects
        if defect and rng.random() < 0.5:
            length = 40
        end = max(start, calendar.on_or_before(start + timedelta(days=length - 1)))
        borrower_index = rng.randrange(members)
        departement = rng.random() < 0.02
        borrower = "departement" if departement else f"membre-{borrower_index:04d}"
        place_id = None if departement else f"{borrower}-lieu-{rng.randint(1, 2)}"
        bookings.append(Booking(f"{start.year}-{item_id}-{index:03d}", item_id, borrower, place_id, start, end,
                                _status(start, end, rng), defect and length != 40))
    return bookings


def _check_block(key: str, moment: str, item_id: str) -> str:
    lines = [f"{key}:", f"  date: {moment}", f"  par: {STAFF[1]}", "  composants:"]
    lines += [f"    - {{materiel: {item_id}, composant: {cid}, etat: bon}}" for cid, _ in COMPONENTS]
    return "\n".join(lines) + "\n"


def loan_text(booking: Booking) -> str:
    """A loan file as a person would write it (block style, unquoted dates, like data/)."""
    start, end = booking.start.isoformat(), booking.end.isoformat()
    pickup, back = f"{start}T09:30", f"{end}T{'18:00' if booking.late_return else '15:00'}"
    requested = booking.start - timedelta(days=30)
    text = (f"id: {booking.loan_id}\nemprunteur: {booking.borrower}\n"
            + (f"lieu: {booking.place_id}\n" if booking.place_id else "")
            + f"materiel: [{booking.item_id}]\ndebut: {start}\nfin: {end}\nretrait: {pickup}\nrestitution: {back}\n"
            "objet: Ateliers de découverte du matériel pour les publics du lieu.\n"
            f"demande_le: {requested.isoformat()}\n"
            + ("" if booking.borrower == "departement" else f"demande_par: {booking.borrower}-demandeur\n")
            + f"statut: {booking.status}\n")
    decided = (requested + timedelta(days=2)).isoformat()
    if booking.status in ("accepte", "retire", "restitue"):
        text += (f"validation:\n  par: {STAFF[0]}\n  le: {decided}\n  conditions:\n"
                 f"    emprunteur: {booking.borrower}\n"
                 + (f"    lieu: {booking.place_id}\n" if booking.place_id else "")
                 + f"    materiel: [{booking.item_id}]\n    debut: {start}\n    fin: {end}\n"
                 f"    retrait: {pickup}\n    restitution: {back}\n")
    if booking.status == "refuse":
        text += f"refus:\n  par: {STAFF[0]}\n  le: {decided}\n  motif: Matériel réservé par le Département.\n"
    if booking.status == "annule":
        text += f"annulation:\n  le: {decided}\n  motif: Atelier reporté par le lieu.\n"
    if booking.status in ("retire", "restitue"):
        text += _check_block("etat_retrait", pickup, booking.item_id)
    if booking.status == "restitue":
        text += _check_block("etat_restitution", back, booking.item_id)
        if booking.end + timedelta(days=10) <= TODAY:
            text += (f"bilan:\n  rendu_le: {(booking.end + timedelta(days=10)).isoformat()}\n  seances: 6\n"
                     "  actions:\n    - {type: atelier, nombre: 5}\n    - {type: evenement, nombre: 1}\n"
                     "  publics:\n    - {type: scolaires, nombre: 48}\n    - {type: seniors, nombre: 17}\n"
                     "  satisfaction:\n    note: 4.4\n    reponses: 52\n")
    return text


def generate(out: Path, members: int, items: int, loans: int, defects: bool = True) -> None:
    """Write the whole data/ tree into ``out`` (emptied first); without ``defects``, no
    loan is made too long or late (what ``tna build``, which refuses errors, needs)."""
    rng = random.Random(SEED)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("members", "equipment", "loans"):
        (out / folder).mkdir(parents=True)
    (out / "reseau.yaml").write_text(dump(NETWORK), encoding="utf-8")
    for index in range(members):
        record = member(index, rng)
        (out / "members" / f"{record['id']}.yaml").write_text(dump(record), encoding="utf-8")
    calendar = Calendar()
    for index in range(items):
        record = item(index)
        (out / "equipment" / f"{record['id']}.yaml").write_text(dump(record), encoding="utf-8")
        count = loans // items + (1 if index < loans % items else 0)
        for booking in item_bookings(record["id"], count, members, calendar, rng, defects):
            folder = out / "loans" / str(booking.start.year)
            folder.mkdir(exist_ok=True)
            (folder / f"{booking.loan_id}.yaml").write_text(loan_text(booking), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--loans", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True, help="data folder to (re)create")
    parser.add_argument("--no-defects", action="store_true", help="no deliberate defect (a network tna build accepts)")
    args = parser.parse_args(argv)
    generate(args.out, args.members, args.items, args.loans, defects=not args.no_defects)
    print(f"{args.out}: {args.members} membres ({2 * args.members} lieux), {args.items} matériels, "
          f"{args.loans} prêts ; à valider avec --aujourdhui {TODAY.isoformat()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
