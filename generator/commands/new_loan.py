"""``tna new-loan``: asks the questions of a loan request and writes a valid request file.

Every answer can also be given as an option, for scripts: with the member, the items,
the dates, both slots and the purpose given, nothing is asked. Answers typed at the
terminal are checked at once (a bad date is asked again, with the free windows and the
opening hours shown); options are only checked for their form, and the whole request is
then judged by the full validation: if it would break a rule, the findings are printed
and nothing is written.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Callable

from ..availability import earliest_start, first_pickup_day, french_weekday_date, is_requestable, open_slots, requestable_windows
from ..model import Dataset, Member, Network
from ..pipeline import validate
from ..loanfields import json_type, title
from ..requests import LoanRequest, extra_keys, extra_value, file_text, loan_id, relative_path, taken_ids
from ..dates import french_date
from ..suggest import closest
from ..vocabulary import UNBOOKABLE_STATES, ItemState, is_login
from .common import EXIT_OK, UsageError, add_data, add_today, data_dir_from, parse_user_date, today_from
from .prompting import AnswerError, ask, choose, choose_many, non_empty, say
from .staff import Refusal, create, refusals_exit_one

NAME = "new-loan"
HELP = "pose les questions d'une demande de prêt et écrit son fichier (ou tout en options, pour un script)"

WINDOW_DAYS = 120
_ID_MAX = 80
_HOUR = re.compile(r"^([01]?[0-9]|2[0-3])\s*[:hH]\s*([0-5][0-9])?$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data(parser)
    add_today(parser)
    parser.add_argument("--membre", metavar="ID", help="identifiant du membre qui emprunte")
    parser.add_argument("--lieu", metavar="ID", help="identifiant du lieu d'utilisation (un lieu du membre)")
    parser.add_argument("--materiel", action="append", default=[], metavar="ID[,ID…]",
                        help="matériel demandé (répétable, ou liste séparée par des virgules)")
    parser.add_argument("--debut", metavar="DATE", help="premier jour, jour du retrait (AAAA-MM-JJ ou JJ/MM/AAAA)")
    parser.add_argument("--fin", metavar="DATE", help="dernier jour, jour de la restitution")
    parser.add_argument("--retrait", metavar="HH:MM", help="heure du retrait (ou AAAA-MM-JJTHH:MM)")
    parser.add_argument("--restitution", metavar="HH:MM", help="heure de la restitution (ou AAAA-MM-JJTHH:MM)")
    parser.add_argument("--objet", metavar="TEXTE", help="nature des actions envisagées (Art. 4.3)")
    parser.add_argument("--referent", metavar="ID", help="référent du membre qui remplit les exigences du matériel")
    parser.add_argument("--par", "--login", dest="login", metavar="LOGIN",
                        help="votre identifiant GitHub (champ demande_par)")
    for key in extra_keys():  # the other keys a requester may write, from the schema
        parser.add_argument(extra_option(key), dest=f"extra_{key}", metavar="N" if json_type(key) == "integer"
                            else "TEXTE", help=f"{title(key)} (facultatif ; champ {key})")


def extra_option(key: str) -> str:
    """The option of an extra key of a request: ``nombre_participants_prevus`` → ``--nombre-participants-prevus``."""
    return "--" + key.replace("_", "-")


@dataclass
class Request:
    member: Member
    place_id: str | None
    item_ids: list[str]
    start: date
    end: date
    pickup: str
    giveback: str
    purpose: str
    referent: str | None
    others: tuple[tuple[str, object], ...] = ()


# --- answers: form checks (options and typed answers alike) --------------------------------

def parse_date(answer: str) -> date:
    try:
        return parse_user_date(answer)
    except ValueError:
        raise AnswerError(f"« {answer} » n'est pas une date : écrivez AAAA-MM-JJ ou JJ/MM/AAAA.") from None


def parse_moment(answer: str, day: date) -> str:
    """« 9h30 », « 09:30 » (on ``day``) or « 2026-05-04T09:30 » → ``AAAA-MM-JJTHH:MM``."""
    text = answer.strip()
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M").strftime("%Y-%m-%dT%H:%M")
    except ValueError:
        pass
    match = _HOUR.match(text)
    if not match:
        raise AnswerError(f"« {answer} » n'est pas une heure : écrivez HH:MM (ex. 09:30).")
    return datetime.combine(day, time(int(match.group(1)), int(match.group(2) or 0))).strftime("%Y-%m-%dT%H:%M")


def parse_purpose(answer: str) -> str:
    text = " ".join(answer.split())
    if len(text) < 10:
        raise AnswerError("décrivez en une phrase les actions envisagées (au moins 10 caractères, Art. 4.3).")
    return text


def parse_extra(answer: str, key: str) -> object:
    try:
        return extra_value(key, answer)
    except ValueError as problem:
        raise AnswerError(str(problem)) from None


def _optional_extra(key: str) -> Callable[[str], object]:
    def parse(answer: str) -> object:
        return parse_extra(answer, key) if answer.strip() else None
    return parse


def _option(value: str | None, parse: Any, option: str, *extra: Any) -> Any:
    if value is None:
        return None
    try:
        return parse(value, *extra)
    except AnswerError as problem:
        raise UsageError(f"{option} : {problem}") from None


# --- answers: advice checks, for typed answers only ---------------------------------------

def next_working_day(network: Network, day: date, step: int = 1) -> date:
    """The nearest working day after ``day`` (or before it, with ``step=-1``)."""
    day += timedelta(days=step)
    while not network.is_working_day(day):
        day += timedelta(days=step)
    return day


def closed_reason(network: Network, day: date) -> str | None:
    holiday = network.holiday_name(day)
    if holiday:
        return f"le {french_date(day)} est férié ({holiday})"
    if day.weekday() >= 5:
        return f"le {french_weekday_date(day)} tombe un week-end"
    return None


def check_start(dataset: Dataset, network: Network, item_ids: list[str], day: date) -> date:
    earliest = first_pickup_day(network, dataset.today)
    if day < earliest:
        raise AnswerError(f"avec le délai de prévenance de {network.loan_rules.notice_working_days} jours ouvrés, "
                          f"le premier retrait possible est le {french_weekday_date(earliest)} (Art. 4.3).")
    reason = closed_reason(network, day)
    if reason:
        raise AnswerError(f"{reason} : la Maison du Département est fermée ; premier jour ouvré suivant : le "
                          f"{french_weekday_date(next_working_day(network, day))} (Art. 4.3 c).")
    if not open_slots(dataset, day):
        raise AnswerError(f"la Maison du Département n'ouvre pas le {french_weekday_date(day)} : le retrait se fait "
                          "pendant ses heures d'ouverture (Art. 4.3 c).")
    busy = [item_id for item_id in item_ids if not is_requestable(dataset, dataset.equipment[item_id], day, day)]
    if busy:
        raise AnswerError(f"{', '.join(busy)} n'est pas libre le {french_date(day)} : choisissez un jour "
                          "dans les périodes libres affichées (Art. 4.3 b).")
    return day


def check_end(dataset: Dataset, network: Network, item_ids: list[str], start: date, day: date) -> date:
    if day < start:
        raise AnswerError(f"le dernier jour ne peut pas précéder le premier ({french_date(start)}).")
    length = (day - start).days + 1
    if length > network.loan_rules.max_days:
        last = start + timedelta(days=network.loan_rules.max_days - 1)
        raise AnswerError(f"le prêt durerait {length} jours : au plus {network.loan_rules.max_days} jours, "
                          f"soit jusqu'au {french_date(last)} (Art. 4.3 a).")
    reason = closed_reason(network, day)
    if reason:
        before = next_working_day(network, day, step=-1)
        nearest = [f"le {french_weekday_date(choice)}" for choice in (before, next_working_day(network, day))
                   if choice >= start]
        raise AnswerError(f"{reason} : la restitution se fait un jour ouvré, par exemple "
                          f"{' ou '.join(nearest)} (Art. 4.3 c).")
    if not open_slots(dataset, day):
        raise AnswerError(f"la Maison du Département n'ouvre pas le {french_weekday_date(day)} : la restitution se "
                          "fait pendant ses heures d'ouverture (Art. 4.3 c).")
    busy = [item_id for item_id in item_ids
            if not is_requestable(dataset, dataset.equipment[item_id], start, day)]
    if busy:
        raise AnswerError(f"{', '.join(busy)} n'est pas libre sur toute la période : raccourcissez-la "
                          "(périodes libres affichées plus haut, Art. 4.3 b).")
    return day


def check_slot(dataset: Dataset, day: date, moment: str) -> str:
    at = datetime.strptime(moment, "%Y-%m-%dT%H:%M")
    if at.date() != day:
        raise AnswerError(f"le créneau doit être le {french_date(day)}.")
    if not any(opens <= at.time() < closes for opens, closes in open_slots(dataset, day)):
        raise AnswerError(f"à {at.strftime('%H:%M')}, la Maison du Département est fermée : choisissez une heure "
                          "dans les horaires affichés (Art. 4.3 c).")
    return moment


# --- gathering the answers ----------------------------------------------------------------

def _known(kind: str, value: str, choices: list[str]) -> UsageError:
    suggestion = closest(value, choices)
    if suggestion:
        return UsageError(f"{kind} « {value} » inconnu : vouliez-vous dire « {suggestion} » ? "
                          f"Choix possibles : {', '.join(choices)}.")
    return UsageError(f"{kind} « {value} » inconnu ; choix possibles : {', '.join(choices) or 'aucun'}.")


def pick_member(dataset: Dataset, given: str | None) -> Member:
    members = sorted(dataset.members.values(), key=lambda member: member.name)
    if not members:
        raise Refusal("aucun membre valide dans les données : corrigez-les d'abord (tna validate).")
    if given is not None:
        if given not in dataset.members:
            raise _known("membre", given, sorted(dataset.members))
        return dataset.members[given]
    chosen = choose("Membre qui emprunte", [(member.id, f"{member.name} ({member.id})") for member in members])
    return dataset.members[chosen]


def pick_place(member: Member, given: str | None) -> str | None:
    places = [(place.id, f"{place.name}, {place.commune} ({place.id})") for place in member.places]
    if given is not None:
        if given not in [place.id for place in member.places]:
            raise _known(f"lieu de {member.id}", given, [key for key, _label in places])
        return given
    return choose("Lieu d'utilisation", places) if places else None


def pick_items(dataset: Dataset, given: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(part.strip() for value in given for part in value.split(",") if part.strip()))
    for item_id in wanted:
        if item_id not in dataset.equipment:
            raise _known("matériel", item_id, sorted(dataset.equipment))
    if wanted:
        return wanted
    items = sorted(dataset.equipment.values(), key=lambda item: (item.category, item.name))
    return choose_many("Matériel demandé", [(item.id, f"{item.name} ({item.id}){_state_note(item.state)}")
                                            for item in items])


def _state_note(state: str) -> str:
    """« — en maintenance » after an item that cannot be booked, nothing after an available one."""
    return f" — {ItemState(state).word}" if state in UNBOOKABLE_STATES else ""


def show_windows(dataset: Dataset, network: Network, item_ids: list[str]) -> None:
    first = first_pickup_day(network, dataset.today)
    last = first + timedelta(days=WINDOW_DAYS)
    say(f"Premier retrait possible : {french_weekday_date(first)} (délai de prévenance, Art. 4.3).")
    for item_id in item_ids:
        windows = requestable_windows(dataset, item_id, first, last)
        say(f"Périodes libres de {dataset.equipment[item_id].name} ({item_id}) jusqu'au {french_date(last)} :")
        for start, end in windows:
            say(f"  - du {french_weekday_date(start)} au {french_weekday_date(end)}")
        if not windows:
            say("  aucune.")


def show_slots(dataset: Dataset, day: date, what: str) -> None:
    slots = open_slots(dataset, day)
    hours = ", ".join(f"{opens.strftime('%H:%M')}–{closes.strftime('%H:%M')}" for opens, closes in slots)
    say(f"Horaires de la Maison du Département le {french_weekday_date(day)} ({what}) : {hours or 'fermée'}")


def pick_dates(dataset: Dataset, network: Network, args: argparse.Namespace, item_ids: list[str]) -> tuple[date, date]:
    start: date | None = _option(args.debut, parse_date, "--debut")
    end: date | None = _option(args.fin, parse_date, "--fin")
    if start is None or end is None:
        show_windows(dataset, network, item_ids)
    if start is None:
        start = ask("Premier jour (retrait)", lambda a: check_start(dataset, network, item_ids, parse_date(a)))
    if end is None:
        chosen_start = start
        end = ask("Dernier jour (restitution)",
                  lambda a: check_end(dataset, network, item_ids, chosen_start, parse_date(a)))
    return start, end


def pick_slot(dataset: Dataset, given: str | None, day: date, option: str, what: str) -> str:
    moment: str | None = _option(given, parse_moment, option, day)
    if moment is not None:
        return moment
    show_slots(dataset, day, what)
    question = f"Heure {'du retrait' if what == 'retrait' else 'de la restitution'} (HH:MM)"
    return ask(question, lambda answer: check_slot(dataset, day, parse_moment(answer, day)))


def pick_referent(dataset: Dataset, member: Member, item_ids: list[str]) -> str | None:
    needed = {need for item_id in item_ids for need in dataset.equipment[item_id].requirements}
    if not needed:
        return None
    able = [referent for referent in member.referents.values() if needed <= referent.qualifications]
    say(f"Ce matériel demande un référent qualifié ({', '.join(sorted(needed))}, Art. 4.1).")
    if not able:
        return None
    return choose("Référent", [(referent.id, referent.id) for referent in able])


def gather(dataset: Dataset, network: Network, args: argparse.Namespace) -> Request:
    scripted = all(value for value in (args.membre, args.materiel, args.debut, args.fin, args.retrait,
                                       args.restitution, args.objet))
    member = pick_member(dataset, args.membre)
    place_id = pick_place(member, args.lieu)
    item_ids = pick_items(dataset, args.materiel)
    start, end = pick_dates(dataset, network, args, item_ids)
    pickup = pick_slot(dataset, args.retrait, start, "--retrait", "retrait")
    giveback = pick_slot(dataset, args.restitution, end, "--restitution", "restitution")
    purpose: str = (_option(args.objet, parse_purpose, "--objet") if args.objet is not None
                    else ask("Nature des actions envisagées (une phrase)", lambda a: parse_purpose(non_empty(a))))
    referent = args.referent if args.referent or scripted else pick_referent(dataset, member, item_ids)
    return Request(member, place_id, item_ids, start, end, pickup, giveback, purpose, referent,
                   pick_others(args, scripted))


def pick_others(args: argparse.Namespace, scripted: bool) -> tuple[tuple[str, object], ...]:
    """The other keys of the request (requests.extra_keys): from their options, else asked (optional)
    when the request is not scripted."""
    others: list[tuple[str, object]] = []
    for key in extra_keys():
        given: str | None = getattr(args, f"extra_{key}", None)
        value: object = None
        if given is not None:
            value = _option(given, parse_extra, extra_option(key), key)
        elif not scripted:
            value = ask(f"{title(key)} (facultatif, Entrée pour passer)", _optional_extra(key))
        if value is not None:
            others.append((key, value))
    return tuple(others)


# --- writing ------------------------------------------------------------------------------

def as_request(request: Request, today: date, login: str | None) -> LoanRequest:
    """The answers as the one request every tool writes; the request is dated today, by the tool."""
    return LoanRequest(request.member.id, request.place_id, tuple(request.item_ids), request.start, request.end,
                       request.pickup, request.giveback, request.purpose, request.referent, today, login,
                       request.others)


@refusals_exit_one
def run(args: argparse.Namespace) -> int:
    login: str | None = args.login
    if login is not None and not is_login(login):
        raise UsageError(f"--par « {login} » n'est pas un identifiant GitHub valide.")
    data_dir, label = data_dir_from(args)
    today = today_from(args)
    baseline = validate(data_dir, today, label=label)
    network = baseline.dataset.network
    if network is None:
        raise Refusal("le fichier du réseau (reseau.yaml) n'est pas valide : corrigez-le d'abord (tna validate).")
    request = gather(baseline.dataset, network, args)
    wanted = as_request(request, today, login)
    identifier = loan_id(wanted, taken_ids(data_dir, baseline))
    relative = relative_path(wanted, identifier)
    warnings = create(data_dir, label, today, baseline, relative, file_text(wanted, identifier))
    for finding in warnings:
        say(finding.as_text())
    say(f"Demande écrite : {label}/{relative.as_posix()} (statut « demande »). "
        "Proposez-la au Département par une pull request.")
    return EXIT_OK
