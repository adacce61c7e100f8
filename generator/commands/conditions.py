"""Condition checks at pickup and return (Art. 4.3 d): one condition per component of each item."""

from __future__ import annotations

import argparse
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time

from ..loanfile import block_map, block_seq, flow_map, YamlMapping
from ..dates import parse_moment
from ..rules import handover_dates
from ..dates import french_date
from ..vocabulary import Condition
from .common import UsageError
from .prompting import AnswerError, ask, optional, say
from .staff import LoanContext, Refusal

CONDITIONS: tuple[str, ...] = tuple(condition.value for condition in Condition)
CONDITION_HELP = f"{', '.join(CONDITIONS[:-1])} ou {CONDITIONS[-1]}"
_HOUR = re.compile(r"([01]?[0-9]|2[0-3])[:hH]([0-5][0-9])")


@dataclass(frozen=True)
class Part:
    """One component of one item of the loan."""

    item_id: str
    item_name: str
    component_id: str
    component_name: str

    @property
    def key(self) -> tuple[str, str]:
        return self.item_id, self.component_id


@dataclass(frozen=True)
class Observation:
    part: Part
    condition: str
    remark: str | None


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--etat", action="append", default=[], metavar="COMPOSANT=ETAT",
                        help=f"état d'un composant ({CONDITION_HELP}) ; COMPOSANT est l'identifiant du "
                             "composant, ou MATERIEL/COMPOSANT si plusieurs matériels en ont un du même nom ; "
                             "répétable")
    parser.add_argument("--tout-bon", action="store_true",
                        help="les composants non cités dans --etat sont en bon état (aucune question)")
    parser.add_argument("--heure", metavar="HH:MM", default=None,
                        help="heure de l'état des lieux (par défaut : l'heure du créneau prévu), le jour de --aujourdhui")


def parts_of(context: LoanContext) -> list[Part]:
    return [Part(item.id, item.name, component.id, component.name)
            for item in (context.item(item_id) for item_id in context.loan.item_ids)
            for component in item.components]


def parse_condition(answer: str) -> str:
    """« abîmé », « Hors service », « 3 »… → the file's value (``abime``, ``hors_service``…)."""
    plain = unicodedata.normalize("NFKD", answer.strip().lower())
    plain = "".join(char for char in plain if not unicodedata.combining(char)).replace(" ", "_").replace("-", "_")
    if plain in CONDITIONS:
        return plain
    if plain.isdigit() and 1 <= int(plain) <= len(CONDITIONS):
        return CONDITIONS[int(plain) - 1]
    raise AnswerError(f"« {answer} » n'est pas un état connu : {CONDITION_HELP} (ou leur numéro de 1 à 5).")


def find_part(reference: str, parts: list[Part]) -> Part:
    """A component named ``composant`` or ``materiel/composant``."""
    if "/" in reference:
        item_id, component_id = reference.split("/", 1)
        found = [part for part in parts if part.key == (item_id, component_id)]
    else:
        found = [part for part in parts if part.component_id == reference]
    known = ", ".join(f"{part.item_id}/{part.component_id}" for part in parts)
    if not found:
        raise UsageError(f"« {reference} » n'est pas un composant de ce prêt (composants : {known}).")
    if len(found) > 1:
        raise UsageError(f"« {reference} » désigne plusieurs composants : écrivez MATERIEL/COMPOSANT ({known}).")
    return found[0]


def assignments(values: list[str], parts: list[Part], option: str) -> dict[tuple[str, str], str]:
    """``--option composant=valeur`` options, by (item, component)."""
    chosen: dict[tuple[str, str], str] = {}
    for value in values:
        reference, separator, answer = value.partition("=")
        if not separator or not answer.strip():
            raise UsageError(f"{option} « {value} » : écrivez COMPOSANT=VALEUR.")
        chosen[find_part(reference.strip(), parts).key] = answer.strip()
    return chosen


def chosen_conditions(parts: list[Part], given: list[str]) -> dict[tuple[str, str], str]:
    """The conditions given with ``--etat``, by (item, component): checked before any question."""
    try:
        return {key: parse_condition(value) for key, value in assignments(given, parts, "--etat").items()}
    except AnswerError as problem:
        raise UsageError(f"--etat : {problem}") from None


def observe(parts: list[Part], chosen: dict[tuple[str, str], str], all_good: bool) -> list[Observation]:
    """The condition of every part: from ``--etat`` (``chosen``), ``--tout-bon``, or asked at the terminal."""
    observations: list[Observation] = []
    asking = [part for part in parts if part.key not in chosen and not all_good]
    if asking:
        say(f"État de chaque composant ({CONDITION_HELP} ; Entrée = bon) :")
    for part in parts:
        if part.key in chosen:
            observations.append(Observation(part, chosen[part.key], None))
        elif all_good:
            observations.append(Observation(part, Condition.BON.value, None))
        else:
            condition = ask(f"  {part.item_name} — {part.component_name} ({part.component_id})",
                            parse_condition, default=Condition.BON.value)
            remark = ask("    Remarque (facultatif)", optional) if condition != Condition.BON else None
            observations.append(Observation(part, condition, remark))
    return observations


def check_moment(args: argparse.Namespace, context: LoanContext, planned: datetime) -> str:
    """Today at ``--heure``, or at the planned slot's time: ``AAAA-MM-JJTHH:MM``."""
    at: time = planned.time()
    if args.heure:
        match = _HOUR.fullmatch(str(args.heure).strip())
        if not match:
            raise UsageError(f"--heure « {args.heure} » : écrivez l'heure HH:MM (ex. 09:30).")
        at = time(int(match.group(1)), int(match.group(2)))
    return datetime.combine(context.today, at).strftime("%Y-%m-%dT%H:%M")


def refuse_impossible_moment(context: LoanContext, key: str, moment: str, reason: str | None) -> None:
    """Refuse, before any question is asked, a pickup or return that could not have happened then.

    The same checks as the rule « dates-retrait-restitution », which judges the file afterwards.
    """
    at = parse_moment(moment)
    found = list(handover_dates.problems(context.network, context.loan, key, at, reason, context.today))
    if not found:
        return
    what = "le retrait" if key == handover_dates.PICKUP else "la restitution"
    advice = " (ou --motif « … » pour un retrait anticipé décidé par le Département)" \
        if key == handover_dates.PICKUP and at.date() < context.loan.start and not reason else ""
    raise Refusal("\n".join([f"{what} ne peut pas être enregistré{'e' if key != handover_dates.PICKUP else ''} "
                             f"le {french_date(at.date())} à {at:%H:%M} :",
                             *(f"  - {problem}" for problem in found),
                             f"Donnez le jour et l'heure réels avec --today AAAA-MM-JJ et --heure HH:MM{advice}. "
                             "Rien n'a été écrit."]))


def early_pickup_reason(context: LoanContext, moment: str, given: str | None) -> str | None:
    """``--motif`` for a pickup before the first day; refused on a pickup that is not early."""
    if given is None:
        return None
    reason = " ".join(str(given).split())
    if not reason:
        raise UsageError("--motif est vide : dites pourquoi le matériel est remis avant le premier jour du prêt.")
    if parse_moment(moment).date() >= context.loan.start:
        raise UsageError(f"--motif ne sert qu'à un retrait anticipé : ce retrait a lieu le "
                         f"{french_date(parse_moment(moment).date())}, pas avant le premier jour du prêt "
                         f"({french_date(context.loan.start)}). Retirez --motif.")
    return reason


def check_block(moment: str, login: str, observations: list[Observation],
                reason: str | None = None) -> YamlMapping:
    """The ``etat_retrait`` / ``etat_restitution`` mapping, one line per component."""
    entries = []
    for observation in observations:
        pairs: list[tuple[str, object]] = [("materiel", observation.part.item_id),
                                           ("composant", observation.part.component_id),
                                           ("etat", observation.condition)]
        if observation.remark:
            pairs.append(("remarque", observation.remark[:200]))
        entries.append(flow_map(pairs))
    header: list[tuple[str, object]] = [("date", moment), ("par", login)]
    if reason:
        header.append(("motif", reason))
    return block_map([*header, ("composants", block_seq(entries))])
