"""``tna import-lieux``: places published in the national standard, written into member files.

One member per structure (the standard's ``pivot``: SIRET, or RNA number), named after
``structure_parente`` (else its first place); places kept when their commune (INSEE
code) is in the chosen département. The member type is inferred from the data and
confirmed by the user (``--type``, or a question per new member).

It never replaces a member file: a new structure gets a new file; a place whose ``id``
is already in a member file is merged into it, adding only the fields the file lacks
(what a person wrote there is kept, and the differences are reported); a new place of a
known structure (same SIRET or RNA) is added to its file. Every row left aside is
explained with its line (CSV) or rank (JSON). ``--simulation`` reports and writes nothing.
A new member has no ``convention``, ``assurance`` nor ``demandeurs`` yet: its places are
listed, and it can borrow once they are filled in.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..load import load_document
from ..loanfile import EditableLoan, LoanFileError, create_file, replace_file, text, yaml_text
from ..national import (INSEE_CODE, KIND_LABELS, KINDS, PLACE_KEYS, Converted, NationalFileError, SourceFile,
                        convert, department_of, infer_kind, kind_fits, read_rows, slug)
from .common import EXIT_OK, UsageError, add_data, data_dir_from
from .prompting import AnswerError, ask, say

NAME = "import-lieux"
HELP = "importe des lieux publiés au standard national (CSV ou JSON) dans les fichiers des membres"

DEDUCED = "deduit"
_DEPARTMENT = re.compile(r"^([013-9]\d|2[AB1-9]|97\d)$")
MEMBER_SCHEMA_COMMENT = "yaml-language-server: $schema=../../schemas/membre.schema.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fichier", type=Path, metavar="FICHIER",
                        help="fichier au standard national des lieux de médiation numérique (CSV ou JSON)")
    add_data(parser)
    parser.add_argument("--departement", metavar="CODE",
                        help="ne garder que les lieux de ce département (code INSEE de la commune : 50, 2A, 971…) ; "
                             "par défaut le département de data/reseau.yaml")
    parser.add_argument("--type", choices=(*KINDS, DEDUCED), metavar="TYPE",
                        help="type des nouveaux membres : collectivite, epci, association, ou deduit (le type déduit "
                             "des données) ; sans cette option, la question est posée pour chaque nouveau membre")
    parser.add_argument("--simulation", "--dry-run", dest="simulation", action="store_true",
                        help="affiche ce qui serait ajouté ou complété, sans rien écrire")


@dataclass
class MemberFile:
    """A member file already in data/members."""

    path: Path
    shown: str
    source: str
    data: dict[str, Any]


@dataclass
class NewMember:
    id: str
    name: str
    identifier: str
    inferred: str | None
    places: list[Converted] = field(default_factory=list)
    kind: str | None = None


@dataclass
class Merge:
    """What the import does to one existing member file."""

    member: MemberFile
    added: list[Converted] = field(default_factory=list)
    completed: list[tuple[Converted, list[str], list[str]]] = field(default_factory=list)  # (row, added, kept)


@dataclass
class Plan:
    skipped: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    elsewhere: int = 0
    kept: int = 0
    new_members: list[NewMember] = field(default_factory=list)
    merges: dict[str, Merge] = field(default_factory=dict)


def _department(args: argparse.Namespace, data_dir: Path, label: str) -> str:
    chosen: str | None = args.departement
    if chosen is None:
        document, findings = load_document(data_dir / "reseau.yaml", f"{label}/reseau.yaml", "reseau")
        code = (document.data.get("departement") or {}).get("code") if document is not None else None
        if findings or not isinstance(code, str):
            raise UsageError(f"le code du département est introuvable dans {label}/reseau.yaml "
                             "(departement.code) : passez --departement CODE.")
        chosen = code
    chosen = chosen.strip().upper()
    if not _DEPARTMENT.fullmatch(chosen):
        raise UsageError(f"« {chosen} » n'est pas un code de département (ex. 50, 2A, 971).")
    return chosen


def _members(data_dir: Path, label: str) -> dict[str, MemberFile]:
    found: dict[str, MemberFile] = {}
    for path in sorted((data_dir / "members").glob("*.yaml")):
        shown = f"{label}/members/{path.name}"
        document, findings = load_document(path, shown, "membre")
        if document is None or findings:
            problem = findings[0].as_text() if findings else shown
            raise UsageError(f"{problem}\nCorrigez ce fichier (tna validate) avant d'importer : rien n'a été écrit.")
        found[path.stem] = MemberFile(path, shown, document.text, document.data)
    return found


def _places_of(member: MemberFile) -> list[dict[str, Any]]:
    places = member.data.get("lieux")
    return [place for place in places if isinstance(place, dict)] if isinstance(places, list) else []


def _compare(existing: dict[str, Any], imported: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(keys the file lacks, keys where the file says something else) for one place."""
    missing = [key for key in PLACE_KEYS if key in imported and key not in existing]
    differing = [key for key in PLACE_KEYS if key in imported and key in existing and existing[key] != imported[key]]
    return missing, differing


def make_plan(source: SourceFile, department: str, members: dict[str, MemberFile]) -> Plan:
    plan = Plan()
    place_owner = {place.get("id"): member_id for member_id, member in members.items() for place in _places_of(member)}
    by_identifier: dict[str, str] = {}
    for member_id, member in members.items():
        for key in ("siret", "rna"):
            if isinstance(member.data.get(key), str):
                by_identifier.setdefault(member.data[key], member_id)
    first_seen: dict[str, int] = {}
    new_by_identifier: dict[str, NewMember] = {}
    taken_ids = set(members)
    for row in source.rows:
        insee = row.cells.get("code_insee", "")
        if INSEE_CODE.fullmatch(insee) and department_of(insee) != department:
            plan.elsewhere += 1
            continue
        converted = convert(row)
        if isinstance(converted, str):
            plan.skipped.append((row.number, converted))
            continue
        place_id = converted.place["id"]
        if place_id in first_seen:
            plan.skipped.append((row.number, f"identifiant « {place_id} » en double : déjà utilisé par le lieu "
                                             f"{source.unit} {first_seen[place_id]}, seul le premier est importé."))
            continue
        first_seen[place_id] = row.number
        plan.notes += [(row.number, f"lieu « {place_id} » : {note}") for note in converted.notes]
        plan.kept += 1
        owner = place_owner.get(place_id) or by_identifier.get(converted.identifier)
        if owner is not None:
            merge = plan.merges.setdefault(owner, Merge(members[owner]))
            existing = next((place for place in _places_of(members[owner]) if place.get("id") == place_id), None)
            if existing is None:
                merge.added.append(converted)
            else:
                merge.completed.append((converted, *_compare(existing, converted.place)))
            continue
        new = new_by_identifier.get(converted.identifier)
        if new is None:
            name = converted.parent or str(converted.place["nom"])
            member_id = _free_id(slug(name), taken_ids)
            taken_ids.add(member_id)
            new = NewMember(member_id, name[:200], converted.identifier, None)
            new_by_identifier[converted.identifier] = new
            plan.new_members.append(new)
        new.places.append(converted)
    for new in plan.new_members:
        if new.inferred is None:
            typologies = [code for item in new.places for code in item.place.get("typologie", [])]
            new.inferred = infer_kind(new.identifier, new.name, typologies)
    return plan


def _free_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate, number = base[:80 - len(suffix)].rstrip("-") + suffix, number + 1
    return candidate


# --- the member type, confirmed -----------------------------------------------------------------

def _kind_parser(new: NewMember) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        chosen = answer.strip().lower()
        if chosen not in KINDS:
            raise AnswerError(f"« {answer} » n'est pas un type de membre : répondez collectivite, epci ou association.")
        if not kind_fits(chosen, new.identifier):
            raise AnswerError(f"{new.identifier} n'est pas l'identifiant d'une personne morale de droit public (SIREN "
                              "commençant par 2) : cette structure ne peut être qu'une association.")
        return chosen
    return parse


def choose_kinds(plan: Plan, option: str | None, simulation: bool) -> None:
    if option in KINDS:
        misfits = [new for new in plan.new_members if not kind_fits(option, new.identifier)]
        if misfits:
            names = ", ".join(f"« {new.name} » ({new.identifier})" for new in misfits)
            raise UsageError(f"--type {option} ne convient pas à {names} : ce n'est pas l'identifiant d'une personne "
                             "morale de droit public (SIREN commençant par 2). Relancez sans --type pour répondre "
                             "membre par membre, ou avec --type deduit. Rien n'a été écrit.")
        for new in plan.new_members:
            new.kind = option
        return
    if option == DEDUCED or simulation:
        unknown = [new for new in plan.new_members if new.inferred is None]
        if unknown and not simulation:
            names = ", ".join(f"« {new.name} » ({new.identifier})" for new in unknown)
            raise UsageError(f"le type de {names} ne se déduit pas des données : relancez sans --type pour répondre "
                             "à la question, ou avec --type collectivite, epci ou association. Rien n'a été écrit.")
        for new in plan.new_members:
            new.kind = new.inferred
        return
    if plan.new_members:
        say("Type de chaque nouveau membre (collectivite, epci ou association ; Entrée garde le type déduit) :")
    for new in plan.new_members:
        places = len(new.places)
        new.kind = ask(f"  « {new.name} » ({new.identifier}, {places} lieu{'x' if places > 1 else ''})",
                       _kind_parser(new), default=new.inferred)


# --- the files ----------------------------------------------------------------------------------

def _yaml_value(value: Any) -> Any:
    if isinstance(value, list):
        return CommentedSeq([_yaml_value(item) for item in value])
    return text(value) if isinstance(value, str) else value


def _place_map(place: dict[str, Any]) -> CommentedMap:
    mapping = CommentedMap()
    for key in PLACE_KEYS:
        if key in place:
            mapping[key] = _yaml_value(place[key])
    return mapping


def new_member_text(new: NewMember, source_name: str) -> str:
    document = CommentedMap()
    document["id"] = new.id
    document["nom"] = text(new.name)
    document["type"] = new.kind
    document["siret" if new.identifier.isdigit() else "rna"] = text(new.identifier)
    emails = [email for item in new.places for email in item.place.get("courriels", [])]
    if emails:
        document["courriel"] = text(emails[0])
    document["demandeurs"] = CommentedSeq()
    document["lieux"] = CommentedSeq([_place_map(item.place) for item in new.places])
    comment = (f"{MEMBER_SCHEMA_COMMENT}\nImporté de {source_name} (standard national des lieux de médiation "
               "numérique) par tna import-lieux.\nAvant tout prêt, ajoutez la convention signée (convention), "
               "l'assurance (assurance), le courriel de contact\net les identifiants GitHub des demandeurs.")
    return yaml_text(document, comment)


def merged_text(merge: Merge) -> str:
    editable = EditableLoan(merge.member.source)
    places = editable.data.get("lieux")
    if not isinstance(places, list):
        raise LoanFileError("la clé lieux n'est pas une liste.")
    for converted, missing, _kept in merge.completed:
        target = next(place for place in places
                      if isinstance(place, CommentedMap) and place.get("id") == converted.place["id"])
        for key in missing:
            position = sum(1 for existing in target if existing in PLACE_KEYS
                           and PLACE_KEYS.index(existing) < PLACE_KEYS.index(key))
            target.insert(position, key, _yaml_value(converted.place[key]))
    for converted in merge.added:
        places.append(_place_map(converted.place))
    return editable.dump()


# --- the report ---------------------------------------------------------------------------------

def _ids(items: list[Converted]) -> str:
    return ", ".join(str(item.place["id"]) for item in items)


def report(plan: Plan, source: SourceFile, shown: str, department: str, label: str) -> list[str]:
    total = len(source.rows)
    lines = [f"{shown} : {total} lieu{'x' if total > 1 else ''} lu{'s' if total > 1 else ''} ; "
             f"{total - plan.elsewhere} dans le département {department}, {plan.elsewhere} ailleurs (non importés)."]
    if source.unknown_columns:
        lines.append(f"{shown} : colonnes hors du standard national laissées de côté : "
                     f"{', '.join(source.unknown_columns)}.")
    lines += [f"{shown}, {source.unit} {number} : lieu ignoré : {reason}" for number, reason in plan.skipped]
    lines += [f"{shown}, {source.unit} {number} : {note.rstrip('.')}." for number, note in plan.notes]
    for new in plan.new_members:
        kind = KIND_LABELS.get(new.kind or "", "type à confirmer")
        count = len(new.places)
        lines.append(f"{label}/members/{new.id}.yaml : nouveau membre « {new.name} » ({kind}, {new.identifier}), "
                     f"{count} lieu{'x' if count > 1 else ''} : {_ids(new.places)}.")
    for merge in plan.merges.values():
        parts: list[str] = []
        if merge.added:
            parts.append(f"lieu{'x' if len(merge.added) > 1 else ''} ajouté{'s' if len(merge.added) > 1 else ''} : "
                         f"{_ids(merge.added)}")
        for converted, missing, kept in merge.completed:
            place_id = converted.place["id"]
            if missing:
                parts.append(f"lieu {place_id} complété ({', '.join(missing)})")
            if kept:
                parts.append(f"lieu {place_id} : valeurs du fichier gardées pour {', '.join(kept)}")
            if not missing and not kept:
                parts.append(f"lieu {place_id} inchangé")
        lines.append(f"{merge.member.shown} : " + " ; ".join(parts) + ".")
    return lines


def _changes(plan: Plan) -> list[Merge]:
    return [merge for merge in plan.merges.values() if merge.added or any(missing for _, missing, _ in merge.completed)]


def run(args: argparse.Namespace) -> int:
    data_dir, label = data_dir_from(args)
    source_path: Path = args.fichier
    department = _department(args, data_dir, label)
    try:
        source = read_rows(source_path)
    except NationalFileError as exc:
        raise UsageError(f"{exc} Rien n'a été importé.") from None
    members = _members(data_dir, label)
    plan = make_plan(source, department, members)
    simulation = bool(args.simulation)
    choose_kinds(plan, args.type, simulation)
    for line in report(plan, source, str(source_path), department, label):
        say(line)
    changed = _changes(plan)
    if simulation:
        say(f"Simulation : {len(plan.new_members)} nouveau(x) fichier(s) de membre et {len(changed)} fichier(s) "
            "complété(s) ; rien n'a été écrit.")
        return EXIT_OK
    try:
        writes: list[tuple[Path, str | None, str]] = [
            (data_dir / "members" / f"{new.id}.yaml", None, new_member_text(new, source_path.name))
            for new in plan.new_members]
        writes += [(merge.member.path, merge.member.source, merged_text(merge)) for merge in changed]
    except LoanFileError as exc:
        raise UsageError(f"un fichier de membre n'a pas pu être complété ({exc}) : rien n'a été écrit.") from None
    for path, previous, content in writes:
        if previous is None:
            create_file(path, content)
        else:
            replace_file(path, previous, content)
    say(f"{len(plan.new_members)} nouveau(x) fichier(s) de membre, {len(changed)} fichier(s) complété(s), "
        f"{len(plan.skipped)} lieu(x) ignoré(s).")
    if plan.new_members:
        say("Avant qu'un nouveau membre emprunte : ajoutez sa convention signée, son assurance, son courriel et ses "
            "demandeurs dans son fichier (tna validate vérifie le tout).")
    return EXIT_OK

