"""``tna from-issue``: turn a loan-request issue (GitHub issue form) into a request file.

The issue's text is untrusted. It is parsed and bounded by :mod:`generator.issueform`,
serialized by a real YAML emitter (so the file is valid YAML whatever it contains),
and the result is validated on a temporary copy of data/ before anything is written.
A request that is invalid, or made by someone who may not request for that member, is
refused with a French message and nothing is written.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path


from ..findings import Finding
from ..model import DEPARTEMENT
from ..issueform import MAX_BODY_CHARS, FormError, Request, as_request, parse_request
from ..vocabulary import is_login
from ..requests import file_text, loan_id, relative_path, taken_ids, trial
from ..pipeline import Outcome, validate
from .common import EXIT_FINDINGS, EXIT_OK, UsageError, add_data, add_today, data_dir_from, today_from

NAME = "from-issue"
HELP = "transforme un ticket « demande de prêt » (formulaire GitHub) en fichier de demande dans data/loans/"


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas un numéro de ticket")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ticket", "--body", dest="body", required=True, metavar="FICHIER",
                        help="fichier contenant le texte du ticket, ou - pour l'entrée standard")
    parser.add_argument("--auteur", "--author", dest="author", metavar="LOGIN",
                        help="identifiant GitHub de la personne qui a ouvert le ticket")
    parser.add_argument("--numero", "--issue-number", dest="issue_number", type=_positive, metavar="N",
                        help="numéro du ticket (donne l'identifiant du prêt)")
    add_data(parser)
    add_today(parser)


def _read_body(source: str) -> str:
    try:
        if source == "-":
            return sys.stdin.read(MAX_BODY_CHARS + 1)
        with open(source, encoding="utf-8") as handle:
            return handle.read(MAX_BODY_CHARS + 1)
    except UnicodeDecodeError:
        raise FormError("le texte du ticket n'est pas en UTF-8.") from None
    except OSError as exc:
        raise UsageError(f"impossible de lire « {source} » ({exc.strerror or exc}).") from None


def _refuse(message: str, findings: list[Finding] | None = None) -> int:
    for finding in findings or []:
        sys.stdout.write(finding.as_text() + "\n")
    sys.stderr.write(f"tna : demande refusée, rien n'a été écrit — {message}\n")
    return EXIT_FINDINGS


def _may_request(outcome: Outcome, author: str, member_id: str) -> bool:
    dataset = outcome.dataset
    staff = {login.casefold() for login in dataset.network.staff} if dataset.network else set()
    member = dataset.members.get(member_id)
    requesters = {login.casefold() for login in member.requesters} if member else set()
    return author.casefold() in staff | requesters


def _unknown_member(outcome: Outcome, data_dir: Path, label: str, member_id: str) -> str | None:
    """Why ``member_id`` names no member of the network (with the closest ids), or None."""
    members = outcome.dataset.members
    if member_id in members or member_id == DEPARTEMENT:
        return None
    if (data_dir / "members" / f"{member_id}.yaml").is_file():
        return (f"la fiche du membre « {member_id} » ({label}/members/{member_id}.yaml) n'est pas valide : "
                "l'équipe du Département doit la corriger (tna validate) avant toute demande.")
    close = difflib.get_close_matches(member_id, sorted(members), n=3, cutoff=0.6)
    advice = ("vouliez-vous dire " + " ou ".join(f"« {candidate} »" for candidate in close) + " ?") if close \
        else "écrivez l'identifiant de votre structure tel qu'il figure sur le site du réseau."
    return f"membre inconnu « {member_id} » (champ « Membre emprunteur ») : {advice}"


def run(args: argparse.Namespace) -> int:
    data_dir, label = data_dir_from(args)
    today = today_from(args)
    author: str | None = args.author
    try:
        if author is not None and not is_login(author):
            raise FormError(f"« {author[:40]} » n'est pas un identifiant GitHub.")
        request: Request = parse_request(_read_body(args.body))
    except FormError as exc:
        return _refuse(str(exc))
    baseline = validate(data_dir, today, label=label)
    unknown = _unknown_member(baseline, data_dir, label, request.member)
    if unknown is not None:
        return _refuse(unknown)
    if author is not None and not _may_request(baseline, author, request.member):
        return _refuse(f"« {author} » ne figure ni parmi les demandeurs de « {request.member} » "
                       f"(data/members/{request.member}.yaml) ni dans l'équipe du Département.")
    wanted = as_request(request, today, author)
    identifier = loan_id(wanted, taken_ids(data_dir, baseline), args.issue_number)
    relative = relative_path(wanted, identifier)
    text = file_text(wanted, identifier)
    shown = f"{label}/{relative.as_posix()}"
    blocking, _warnings = trial(data_dir, label, today, baseline, relative, text)
    if blocking:
        return _refuse("la demande ne respecte pas les règles ci-dessus : corrigez le ticket.", blocking)
    target = data_dir / relative
    if not target.resolve().is_relative_to((data_dir / "loans").resolve()):
        return _refuse("chemin de fichier inattendu.")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return _refuse(f"{shown} existe déjà : une demande n'en écrase jamais une autre.")
    sys.stdout.write(f"Demande enregistrée : {shown}\n")
    return EXIT_OK
