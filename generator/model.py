"""Model stage: typed records built from schema-valid documents.

This is the one place that maps the French keys of the data files to the English
names the code uses. Records keep their source document so that rules can point
at the line of the key they talk about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

import holidays

from .dates import parse_day, parse_moment
from .load import Document
from .terms import booking_terms
from .vocabulary import ACTIVE_STATUSES

DEPARTEMENT = "departement"

HOLIDAYS_COUNTRY = "FR"
# The public holidays that differ from the national calendar, by département code, as the
# ``holidays`` library names its French subdivisions: Moselle ``57``, Bas-Rhin and Haut-Rhin
# together ``6AE`` (Good Friday and 26 December), the overseas départements ``971``…``976``
# (abolition of slavery and others), and the collectivities that use an INSEE code in 97x.
HOLIDAY_SUBDIVISIONS = {
    "57": "57", "67": "6AE", "68": "6AE",
    "971": "971", "972": "972", "973": "973", "974": "974", "976": "976",
    "975": "PM", "977": "BL", "978": "MF",
}


def holiday_subdivision(department_code: str) -> str | None:
    """The ``holidays`` subdivision of a département, or None where the national calendar applies."""
    return HOLIDAY_SUBDIVISIONS.get(department_code)




def add_years(day: date, years: int) -> date:
    """Same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


@dataclass(frozen=True)
class LoanRules:
    max_days: int
    turnaround_working_days: int
    notice_working_days: int
    report_delay_days: int


@dataclass(frozen=True)
class AgreementRules:
    years: int
    amendment_notice_months: int


@dataclass(frozen=True)
class Headquarters:
    name: str
    address: str
    postcode: str
    commune: str
    latitude: float | None
    longitude: float | None
    opening_hours: str
    email: str


@dataclass(frozen=True)
class Requirement:
    id: str
    name: str
    description: str


@dataclass
class Network:
    name: str
    department_name: str
    department_code: str
    headquarters: Headquarters
    holidays_country: str
    holidays_subdivision: str | None
    staff: frozenset[str]
    loan_rules: LoanRules
    agreement_rules: AgreementRules
    requirements: dict[str, Requirement]
    site_url: str | None
    tiles_url: str
    tiles_attribution: str
    document: Document
    repository_url: str | None = None
    repository_branch: str = "main"

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        """The public holidays of the département, named in French (Art. 4.3 c: no pickup or return then)."""
        return holidays.country_holidays(self.holidays_country, subdiv=self.holidays_subdivision, language="fr")

    def holiday_name(self, day: date) -> str | None:
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a public holiday."""
        return day.weekday() < 5 and day not in self._holidays

    def add_working_days(self, day: date, count: int) -> date:
        """The working day ``count`` working days after ``day`` (``day`` itself not counted)."""
        current = day
        remaining = count
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, first: date, last: date) -> int:
        """Working days strictly after ``first`` and up to ``last`` included."""
        count = 0
        current = first
        while current < last:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    member_id: str
    index: int
    name: str
    commune: str
    postcode: str
    insee_code: str
    latitude: float
    longitude: float
    opening_hours: str | None
    services: tuple[str, ...]
    fields: dict[str, Any]
    document: Document

    @property
    def path(self) -> tuple[str | int, ...]:
        return ("lieux", self.index)


@dataclass(frozen=True, slots=True)
class Agreement:
    signed_on: date
    terminated_on: date | None
    termination_reason: str | None
    amendments: tuple[tuple[date, str], ...]

    def last_day(self, years: int) -> date:
        """Last day in force: ``years`` after the last signature, that day excluded (Art. 5)."""
        return add_years(self.signed_on, years) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Insurance:
    insurer: str
    contract: str | None
    first_day: date | None
    last_day: date


@dataclass(frozen=True, slots=True)
class Referent:
    id: str
    name: str
    qualifications: frozenset[str]


@dataclass(slots=True)
class Member:
    id: str
    name: str
    kind: str
    siret: str | None
    rna: str | None
    website: str | None
    email: str | None
    agreement: Agreement | None  # None: not signed yet (a structure of the directory that cannot borrow)
    insurance: Insurance | None  # None: no certificate yet (cannot borrow)
    requesters: frozenset[str]
    referents: dict[str, Referent]
    places: list[Place]
    document: Document

    @property
    def identifier(self) -> str | None:
        return self.siret or self.rna


@dataclass(frozen=True, slots=True)
class Component:
    id: str
    name: str
    serial: str | None


@dataclass(frozen=True, slots=True)
class Breakdown:
    index: int
    day: date
    description: str
    repaired_on: date | None


@dataclass(slots=True)
class Equipment:
    id: str
    name: str
    category: str
    inventory_number: str
    description: str
    components: list[Component]
    state: str
    state_since: date | None
    requirements: tuple[str, ...]
    breakdowns: list[Breakdown]
    acquired_on: date | None
    value_euros: float | None
    document: Document

    @property
    def component_ids(self) -> list[str]:
        return [component.id for component in self.components]


@dataclass(frozen=True, slots=True)
class ConditionEntry:
    index: int
    item_id: str
    component_id: str
    condition: str
    remark: str | None


@dataclass(frozen=True, slots=True)
class ConditionCheck:
    at: datetime
    by: str
    entries: tuple[ConditionEntry, ...]
    reason: str | None = None  # why a pickup came before the first day (etat_retrait.motif)

    def condition_of(self, item_id: str, component_id: str) -> str | None:
        for entry in self.entries:
            if entry.item_id == item_id and entry.component_id == component_id:
                return entry.condition
        return None


@dataclass(frozen=True, slots=True)
class Decision:
    by: str | None
    on: date
    reason: str | None


@dataclass(frozen=True, slots=True)
class Incident:
    index: int
    day: date
    item_id: str
    component_id: str | None
    description: str


@dataclass(frozen=True, slots=True)
class Report:
    submitted_on: date
    sessions: int
    actions: tuple[tuple[str, int], ...]
    audiences: tuple[tuple[str, int], ...]
    satisfaction: float
    responses: int | None
    comment: str | None


@dataclass(slots=True)
class Loan:
    id: str
    borrower: str
    place_id: str | None
    item_ids: list[str]
    start: date
    end: date
    pickup_at: datetime
    return_at: datetime
    purpose: str
    requested_on: date
    requested_by: str | None
    status: str
    referent_id: str | None
    derogation: Decision | None
    approval: Decision | None
    refusal: Decision | None
    cancellation: Decision | None
    pickup_check: ConditionCheck | None
    return_check: ConditionCheck | None
    incidents: list[Incident]
    report: Report | None
    document: Document
    # What the rules read of the file itself, so that the loan's parsed mapping need not
    # stay in memory (see :func:`record_of`): which top-level keys it has, the booking
    # terms as written (:mod:`generator.terms`) and the terms its validation approved.
    keys: frozenset[str] = frozenset()
    terms: dict[str, Any] = field(default_factory=dict)
    approved_terms: dict[str, Any] | None = None

    @property
    def days(self) -> int:
        """Length in calendar days, first and last day included (Art. 4.3 a)."""
        return (self.end - self.start).days + 1

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def by_departement(self) -> bool:
        return self.borrower == DEPARTEMENT


@dataclass
class Dataset:
    """Everything that validated, ready for the rules; ``broken`` names what did not."""

    today: date
    network: Network | None
    members: dict[str, Member] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    equipment: dict[str, Equipment] = field(default_factory=dict)
    loans: list[Loan] = field(default_factory=list)
    broken: set[tuple[str, str]] = field(default_factory=set)
    # What readers compute once per dataset and share (the availability's booking index):
    # a dataset is never changed once built.
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def loans_by_item(self) -> dict[str, list[Loan]]:
        grouped: dict[str, list[Loan]] = {}
        for loan in self.loans:
            for item_id in loan.item_ids:
                grouped.setdefault(item_id, []).append(loan)
        return grouped


def _optional_day(value: str | None) -> date | None:
    return parse_day(value) if value else None


def _network(document: Document) -> Network:
    data = document.data
    hq = data["siege"]
    loan_rules = data["regles_pret"]
    agreement_rules = data["regles_convention"]
    site = data.get("site", {})
    return Network(
        name=data["nom"],
        department_name=data["departement"]["nom"],
        department_code=data["departement"]["code"],
        headquarters=Headquarters(hq["nom"], hq["adresse"], hq["code_postal"], hq["commune"],
                                  hq.get("latitude"), hq.get("longitude"), hq["horaires"], hq["courriel"]),
        holidays_country=HOLIDAYS_COUNTRY,
        holidays_subdivision=holiday_subdivision(data["departement"]["code"]),
        staff=frozenset(data["equipe"]),
        loan_rules=LoanRules(loan_rules["duree_max_jours"], loan_rules["rotation_jours_ouvres"],
                             loan_rules["preavis_jours_ouvres"], loan_rules["delai_bilan_jours"]),
        agreement_rules=AgreementRules(agreement_rules["duree_ans"], agreement_rules["preavis_avenant_mois"]),
        requirements={r["id"]: Requirement(r["id"], r["nom"], r["description"]) for r in data.get("exigences", [])},
        site_url=site.get("url"),
        tiles_url=site.get("tuiles", ""),
        tiles_attribution=site.get("attribution_tuiles", ""),
        document=document,
        repository_url=site.get("depot"),
        repository_branch=site.get("branche", "main"),
    )


def _agreement(agreement: dict[str, Any] | None) -> Agreement | None:
    if agreement is None:
        return None
    termination = agreement.get("resiliation")
    return Agreement(
        signed_on=parse_day(agreement["signature"]),
        terminated_on=_optional_day(termination and termination["date"]),
        termination_reason=termination and termination["motif"],
        amendments=tuple((parse_day(a["signature"]), a["objet"]) for a in agreement.get("avenants", [])),
    )


def _insurance(insurance: dict[str, Any] | None) -> Insurance | None:
    if insurance is None:
        return None
    return Insurance(insurance["assureur"], insurance.get("contrat"),
                     _optional_day(insurance.get("debut")), parse_day(insurance["fin"]))


def _member(document: Document) -> Member:
    data = document.data
    member_id = data["id"]
    places = [
        Place(id=place["id"], member_id=member_id, index=index, name=place["nom"], commune=place["commune"],
              postcode=place["code_postal"], insee_code=place["code_insee"], latitude=place["latitude"],
              longitude=place["longitude"], opening_hours=place.get("horaires"),
              services=tuple(place["services"]), fields=place, document=document)
        for index, place in enumerate(data["lieux"])
    ]
    return Member(
        id=member_id, name=data["nom"], kind=data["type"], siret=data.get("siret"), rna=data.get("rna"),
        website=data.get("site_web"), email=data.get("courriel"),
        agreement=_agreement(data.get("convention")), insurance=_insurance(data.get("assurance")),
        requesters=frozenset(data["demandeurs"]),
        referents={r["id"]: Referent(r["id"], r["nom"], frozenset(r["qualifications"])) for r in data.get("referents", [])},
        places=places,
        document=document,
    )


def _equipment(document: Document) -> Equipment:
    data = document.data
    acquisition = data.get("acquisition", {})
    return Equipment(
        id=data["id"], name=data["nom"], category=data["categorie"], inventory_number=data["numero_inventaire"],
        description=data["description"],
        components=[Component(c["id"], c["nom"], c.get("numero_serie")) for c in data["composants"]],
        state=data["etat"], state_since=_optional_day(data.get("etat_depuis")),
        requirements=tuple(data.get("exigences", [])),
        breakdowns=[Breakdown(i, parse_day(b["date"]), b["description"], _optional_day(b.get("reparee_le")))
                    for i, b in enumerate(data.get("pannes", []))],
        acquired_on=_optional_day(acquisition.get("date")), value_euros=acquisition.get("valeur_euros"),
        document=document,
    )


def _decision(data: dict[str, Any] | None) -> Decision | None:
    if not data:
        return None
    return Decision(data.get("par"), parse_day(data["le"]), data.get("motif"))


def _check(data: dict[str, Any] | None) -> ConditionCheck | None:
    if not data:
        return None
    return ConditionCheck(
        at=parse_moment(data["date"]), by=data["par"],
        entries=tuple(ConditionEntry(i, e["materiel"], e["composant"], e["etat"], e.get("remarque"))
                      for i, e in enumerate(data["composants"])),
        reason=data.get("motif"),
    )


def _report(data: dict[str, Any] | None) -> Report | None:
    if not data:
        return None
    satisfaction = data["satisfaction"]
    return Report(
        submitted_on=parse_day(data["rendu_le"]), sessions=data["seances"],
        actions=tuple((a["type"], a["nombre"]) for a in data["actions"]),
        audiences=tuple((p["type"], p["nombre"]) for p in data["publics"]),
        satisfaction=float(satisfaction["note"]), responses=satisfaction.get("reponses"),
        comment=satisfaction.get("commentaire"),
    )


# One frozenset per distinct set of keys: 50,000 loans share a handful of them.
_KEY_SETS: dict[frozenset[str], frozenset[str]] = {}


def _keys(data: dict[str, Any]) -> frozenset[str]:
    keys = frozenset(data)
    return _KEY_SETS.setdefault(keys, keys)


def _loan(document: Document) -> Loan:
    data = document.data
    validation = data.get("validation")
    approved = validation.get("conditions") if isinstance(validation, dict) else None
    return Loan(
        id=data["id"], borrower=data["emprunteur"], place_id=data.get("lieu"), item_ids=list(data["materiel"]),
        start=parse_day(data["debut"]), end=parse_day(data["fin"]),
        pickup_at=parse_moment(data["retrait"]), return_at=parse_moment(data["restitution"]),
        purpose=data["objet"], requested_on=parse_day(data["demande_le"]), requested_by=data.get("demande_par"),
        status=data["statut"], referent_id=data.get("referent"),
        derogation=_decision(data.get("derogation")), approval=_decision(data.get("validation")),
        refusal=_decision(data.get("refus")), cancellation=_decision(data.get("annulation")),
        pickup_check=_check(data.get("etat_retrait")), return_check=_check(data.get("etat_restitution")),
        incidents=[Incident(i, parse_day(x["date"]), x["materiel"], x.get("composant"), x["description"])
                   for i, x in enumerate(data.get("incidents", []))],
        report=_report(data.get("bilan")),
        document=document,
        keys=_keys(data), terms=booking_terms(data), approved_terms=approved,
    )


def record_of(document: Document) -> Network | Member | Equipment | Loan | None:
    """The record of one schema-valid document (None for a kind the model ignores).

    A record depends on its document only (never on the date or on other files), so it
    is built once and kept on the document (the two sides of a pull request share it). A
    loan's parsed mapping is then released (:meth:`Document.release`): its record holds
    everything the rules read, so 50,000 loans are not held twice in memory.
    """
    if document.record is not None:
        return document.record  # type: ignore[no-any-return]
    record: Network | Member | Equipment | Loan | None = None
    if document.kind == "reseau":
        record = _network(document)
    elif document.kind == "membre":
        record = _member(document)
    elif document.kind == "materiel":
        record = _equipment(document)
    elif document.kind == "pret":
        record = _loan(document)
        document.release()
    document.record = record
    return record


def build_dataset(valid: list[Document], broken: list[tuple[str, str]], today: date) -> Dataset:
    """Turn schema-valid documents into records. ``broken`` lists (kind, stem) of the others."""
    dataset = Dataset(today=today, network=None, broken=set(broken))
    for document in valid:
        # A record depends on its document only (never on the date): the two sides of a
        # pull request, which share their unchanged documents, share their records too.
        record = record_of(document)
        if isinstance(record, Network):
            dataset.network = record
        elif isinstance(record, Member):
            dataset.members[record.id] = record
            for place in record.places:
                dataset.places.setdefault(place.id, place)
        elif isinstance(record, Equipment):
            dataset.equipment[record.id] = record
        elif isinstance(record, Loan):
            dataset.loans.append(record)
    dataset.loans.sort(key=lambda loan: (loan.start, loan.document.path))
    return dataset
