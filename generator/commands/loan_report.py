"""``tna report``: the borrower's report after a loan (Art. 6 et 7) goes into the loan file."""

from __future__ import annotations

import argparse
from datetime import date

from ..loanfile import block_map, block_seq, flow_map, YamlMapping
from .common import UsageError, parse_today
from .prompting import AnswerError, ask, count, optional, say
from .staff import Refusal, add_loan_arguments, on, open_loan, refusals_exit_one, save
from ..vocabulary import LoanStatus

NAME = "report"
HELP = "enregistre le bilan d'un prêt restitué : séances, actions et publics par type, satisfaction (Art. 6 et 7)"

ACTION_TYPES = {
    "atelier": "ateliers", "session_thematique": "sessions thématiques", "evenement": "événements",
    "fourniture_moyens": "mises à disposition de moyens", "formation_mediateurs": "formations de médiateurs",
    "autre": "autres actions",
}
AUDIENCE_TYPES = {
    "grand_public": "grand public", "scolaires": "scolaires", "enseignants": "enseignants", "jeunes": "jeunes",
    "seniors": "seniors", "familles": "familles", "demandeurs_emploi": "demandeurs d'emploi",
    "personnes_handicap": "personnes en situation de handicap", "professionnels": "professionnels",
    "elus_agents": "élus et agents",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser, staff=False)
    parser.add_argument("--seances", type=int, default=None, metavar="N", help="nombre de séances tenues")
    parser.add_argument("--action", action="append", default=[], metavar="TYPE=N",
                        help=f"actions par type ({', '.join(ACTION_TYPES)}) ; répétable")
    parser.add_argument("--public", action="append", default=[], metavar="TYPE=N",
                        help=f"personnes touchées par type de public ({', '.join(AUDIENCE_TYPES)}) ; répétable")
    parser.add_argument("--note", default=None, metavar="NOTE", help="satisfaction moyenne du public, de 1 à 5")
    parser.add_argument("--reponses", type=int, default=None, metavar="N", help="nombre de fiches d'appréciation")
    parser.add_argument("--commentaire", default=None, metavar="TEXTE", help="retours du public, sans nom de personne")
    parser.add_argument("--rendu-le", type=parse_today, default=None, metavar="DATE",
                        help="jour où le bilan a été transmis (par défaut : aujourd'hui)")


def parse_note(answer: str) -> float:
    try:
        note = float(answer.replace(",", "."))
    except ValueError:
        raise AnswerError(f"« {answer} » n'est pas une note : écrivez un nombre de 1 à 5 (ex. 4,5).") from None
    if not 1 <= note <= 5:
        raise AnswerError(f"la note {answer} est hors de l'échelle : écrivez un nombre de 1 à 5.")
    return int(note) if note == int(note) else note


def counts_from_options(values: list[str], kinds: dict[str, str], option: str, minimum: int) -> list[tuple[str, int]]:
    found: dict[str, int] = {}
    for value in values:
        kind, separator, number = value.partition("=")
        kind = kind.strip()
        if not separator or kind not in kinds or not number.strip().isdigit() or int(number) < minimum:
            raise UsageError(f"{option} « {value} » : écrivez TYPE=N avec TYPE parmi {', '.join(kinds)} "
                             f"et N ≥ {minimum}.")
        found[kind] = int(number)
    return list(found.items())


def ask_counts(title: str, kinds: dict[str, str]) -> list[tuple[str, int]]:
    """A count for each type (Entrée = 0), until at least one is not zero."""
    while True:
        say(f"{title} (Entrée = 0) :")
        found = [(kind, number) for kind, label in kinds.items()
                 if (number := ask(f"  {label}", count, default="0")) > 0]
        if found:
            return found
        say("  ✗ indiquez au moins un nombre supérieur à zéro.")


def _satisfaction(args: argparse.Namespace) -> list[tuple[str, object]]:
    """Note, responses and comment: from the options when ``--note`` is given, else asked."""
    responses: int | None
    comment: str | None
    if args.note is not None:
        try:
            note = parse_note(str(args.note))
        except AnswerError as problem:
            raise UsageError(f"--note : {problem}") from None
        responses, comment = args.reponses, args.commentaire
    else:
        note = ask("Satisfaction moyenne du public (1 à 5)", parse_note)
        responses = ask("Nombre de fiches d'appréciation (facultatif)", lambda answer: count(answer) if answer else None)
        comment = ask("Commentaire du public, sans nom de personne (facultatif)", optional)
    if responses is not None and responses < 0:
        raise UsageError("--reponses : le nombre de réponses ne peut pas être négatif.")
    pairs: list[tuple[str, object]] = [("note", note)]
    pairs += [("reponses", responses)] if responses is not None else []
    pairs += [("commentaire", " ".join(comment.split()))] if comment and comment.strip() else []
    return pairs


def report_block(args: argparse.Namespace, submitted: date) -> YamlMapping:
    """The ``bilan`` mapping, from the options or asked at the terminal."""
    sessions: int = args.seances if args.seances is not None else ask("Nombre de séances tenues avec le matériel", count)
    if sessions < 0:
        raise UsageError("--seances : le nombre de séances ne peut pas être négatif.")
    actions = (counts_from_options(args.action, ACTION_TYPES, "--action", 1)
               or ask_counts("Nombre d'actions par type", ACTION_TYPES))
    audiences = (counts_from_options(args.public, AUDIENCE_TYPES, "--public", 0)
                 or ask_counts("Nombre de personnes touchées par type de public", AUDIENCE_TYPES))
    satisfaction = _satisfaction(args)
    return block_map([
        ("rendu_le", submitted), ("seances", sessions),
        ("actions", block_seq(flow_map([("type", kind), ("nombre", number)]) for kind, number in actions)),
        ("publics", block_seq(flow_map([("type", kind), ("nombre", number)]) for kind, number in audiences)),
        ("satisfaction", block_map(satisfaction)),
    ])


@refusals_exit_one
def run(args: argparse.Namespace) -> int:
    context = open_loan(args)
    if context.loan.status != LoanStatus.RESTITUE:
        raise Refusal(f"le prêt « {context.loan.id} » est au statut « {context.loan.status} » : le bilan "
                      "s'enregistre une fois le matériel restitué (statut « restitue »). Rien n'a été écrit.")
    if context.loan.report is not None:
        raise Refusal(f"le bilan du prêt « {context.loan.id} » est déjà enregistré (rendu le "
                      f"{on(context.loan.report.submitted_on)}) : modifiez le fichier pour le corriger. "
                      "Rien n'a été écrit.")
    submitted = args.rendu_le or context.today
    edit = context.editable()
    edit.put("bilan", report_block(args, submitted))
    return save(context, edit.dump(), f"{context.display} : bilan enregistré (rendu le {on(submitted)}).")
