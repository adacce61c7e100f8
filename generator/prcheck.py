"""Pull-request check: given the base and head snapshots and who wrote the change, findings.

Pure logic: the snapshots come from :mod:`generator.gitrepo`, the rule findings of both
sides from :func:`generator.pipeline.validate` (run by the command with the *installed*
checker, the base's). Trusted inputs are the base snapshot (who is staff, who requests
for whom) and what GitHub's event says (the author, the day the request was opened);
every byte of the change is hostile. This module decides four things (DESIGN §4):

- **rules**: which findings of the head the change introduces or touches;
- **who** (``droits``): a member's requesters may add a request for their member, edit
  it while it is a request, cancel it before it starts and hand in the report of a
  returned loan, with ``demande_par``/``annulation.par`` their own login and the dates
  they write no earlier than the opening; staff may do everything; an automation
  account nothing of its own (it is judged as the person it acted for); nobody else
  anything;
- **lifecycle** (``cycle-de-vie-pr``): statuses move forward, closed or past loans are
  not rewritten, loan files are never deleted or renamed;
- **shape** (``forme-pr``): no file outside the data layout, no symbolic link, no
  submodule, no binary file under data/.

An approval binding its terms is a rule (:mod:`generator.rules.approval_terms`), so it
holds in every mode, the merge queue's included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any, Callable, Iterable, Iterator, Literal

from .findings import Finding, error
from .gitrepo import Snapshot, TreeFile
from .vocabulary import CLOSED_STATUSES, UNDECIDED_OR_ACCEPTED, LoanStatus, status_move_allowed
from .loanfields import editable_when, report_keys, request_keys
from .load import MAX_FILE_BYTES, ParseError, Positions, is_loan_file, kind_for, parse_text
from .dates import french_date, parse_day

RIGHTS = "droits"
LIFECYCLE = "cycle-de-vie-pr"
SHAPE = "forme-pr"
ARTICLE_LOANS = "Art. 4.3"

DATA = "data/"
DATA = "data/"
STAFF_ROLE = "l'équipe du Département (liste equipe de data/reseau.yaml)"

# Which keys a requester, a borrower or only staff may write, and which keys staff may
# still write on a past or closed loan, come from the loan schema's annotations
# (:mod:`generator.loanfields`): a new field is one schema edit.

_STAFF_AREAS: tuple[tuple[str, str], ...] = (
    ("data/members/", "un membre"),
    ("data/equipment/", "le matériel"),
    ("data/reseau.yaml", "les réglages du réseau"),
    ("data/", "les données"),
    ("schemas/", "les schémas"),
    ("generator/", "le vérificateur (generator/)"),
    (".github/", "les workflows et modèles GitHub (.github/)"),
    ("docs/", "la documentation"),
    ("tests/", "les tests"),
    ("benchmarks/", "les mesures de performance"),
)


@dataclass(frozen=True)
class Roles:
    """Who may do what, read from the base branch (never from the change itself)."""

    staff: frozenset[str]
    requesters: dict[str, frozenset[str]]

    def is_staff(self, login: str) -> bool:
        return login.casefold() in self.staff

    def requests_for(self, login: str, member_id: object) -> bool:
        return isinstance(member_id, str) and login.casefold() in self.requesters.get(member_id, frozenset())


@dataclass(frozen=True)
class Record:
    """A parsed YAML file of one side of the change (None when it does not parse)."""

    data: dict[str, Any] | None
    positions: Positions | None

    def get(self, key: str) -> Any:
        return self.data.get(key) if self.data is not None else None

    def line_of(self, key: str) -> int:
        if self.positions is None or (key,) not in self.positions.keys:
            return 1
        return self.positions.key((key,))[0]


@dataclass(frozen=True)
class Change:
    """One path that differs between the two snapshots."""

    path: str
    kind: Literal["ajout", "modification", "suppression"]
    before: TreeFile | None
    after: TreeFile | None


def parse_record(entry: TreeFile | None, with_positions: bool = True) -> Record:
    """The YAML mapping of a blob, or an empty record: ``validate`` reports why it fails."""
    if entry is None or entry.content is None:
        return Record(None, None)
    try:
        data, positions = parse_text(entry.content.decode("utf-8").removeprefix("\ufeff"), with_positions)
    except (UnicodeDecodeError, ParseError):  # the loader's own findings explain the problem
        return Record(None, None)
    return Record(data, positions) if isinstance(data, dict) else Record(None, None)


# The parsed mapping of a blob when the caller already has it (None: parse it here).
KnownData = Callable[[TreeFile], "dict[str, Any] | None"]


def roles_from(base: Snapshot, known: KnownData | None = None) -> Roles:
    """Staff logins (equipe of reseau.yaml) and each member's requesters (demandeurs)."""

    def logins(value: object) -> frozenset[str]:
        return frozenset(v.casefold() for v in value if isinstance(v, str)) if isinstance(value, list) else frozenset()

    def read(entry: TreeFile | None) -> Record:
        data = known(entry) if known is not None and entry is not None else None
        return Record(data, None) if data is not None else parse_record(entry, with_positions=False)

    staff = logins(read(base.files.get("data/reseau.yaml")).get("equipe"))
    requesters: dict[str, frozenset[str]] = {}
    for path, entry in sorted(base.under("data/members/").items()):
        if kind_for(tuple(PurePosixPath(path).parts[1:])) != "membre":
            continue
        record = read(entry)
        # The file name is the member's id (the references rule holds id == file name).
        requesters[PurePosixPath(path).stem] = logins(record.get("demandeurs"))
    return Roles(staff, requesters)


def changes(base: Snapshot, head: Snapshot) -> list[Change]:
    """Added, modified (content or mode) and deleted paths, sorted."""
    found: list[Change] = []
    for path in sorted(set(base.files) | set(head.files)):
        before, after = base.files.get(path), head.files.get(path)
        if before is after:  # the same entry (read_change shares what the change leaves alone)
            continue
        if before is None:
            found.append(Change(path, "ajout", None, after))
        elif after is None:
            found.append(Change(path, "suppression", before, None))
        elif (before.sha, before.mode) != (after.sha, after.mode):
            found.append(Change(path, "modification", before, after))
    return found


def introduced(base_findings: Iterable[Finding], head_findings: Iterable[Finding],
               touched: set[str]) -> list[Finding]:
    """Head findings that are new, or that concern a file the change touches.

    Findings are compared by (file, rule, message): line numbers shift when a file is
    edited, so they cannot tell an old problem from a new one.
    """
    known = {(finding.path, finding.rule, finding.message) for finding in base_findings}
    return [finding for finding in head_findings
            if finding.path in touched or (finding.path, finding.rule, finding.message) not in known]


def is_loan_path(path: str) -> bool:
    """data/loans/<year>/<id>.yaml (a path from the repository's root), as the loader lays data out."""
    return path.startswith(DATA) and is_loan_file(path.removeprefix(DATA))


@dataclass(frozen=True)
class Actor:
    """Whose rights a change is judged by, and the dates that come from GitHub, not from the files.

    ``login`` is the pull request's author (the event payload says who), or for a pull
    request opened by an automation account, the person it acted for (the issue's author,
    or the agent who started the workflow, found by the workflow through GitHub's API).
    ``opened`` is the day the request was made: the pull request's (or the issue's)
    creation date; locally, today. A date a requester writes (``demande_le``,
    ``annulation.le``) may not be earlier than that, nor later than ``today``.
    """

    login: str
    opened: date
    today: date


def check_change(base: Snapshot, head: Snapshot, author: str | None, today: date,
                 base_findings: Iterable[Finding], head_findings: Iterable[Finding],
                 bots: frozenset[str] = frozenset(), opened: date | None = None,
                 on_behalf_of: str | None = None, known: KnownData | None = None) -> list[Finding]:
    """Every finding of the pull-request check, sorted. ``author`` None skips the rights.

    A pull request whose ``author`` is one of ``bots`` has no rights of its own: it is
    judged as ``on_behalf_of`` (who the automation acted for), and refused without one.
    ``known`` gives the mappings the validation already parsed (see :func:`roles_from`).
    """
    changed = changes(base, head)
    findings: list[Finding] = []
    for change in changed:
        findings.extend(_shape(change))
        findings.extend(_lifecycle(change, changed, today))
    if author is not None:
        roles = roles_from(base, known)
        login = on_behalf_of if author.casefold() in {bot.casefold() for bot in bots} else author
        if login is None:
            findings.extend(_unbound_bot(change, author) for change in changed)
        else:
            actor = Actor(login, min(opened or today, today), today)
            for change in changed:
                findings.extend(_rights(change, roles, actor))
    touched = {change.path for change in changed}
    findings.extend(introduced(base_findings, head_findings, touched))
    return sorted(set(findings))


# --- shape -------------------------------------------------------------------------


def _shape(change: Change) -> Iterator[Finding]:
    entry = change.after
    if entry is None:
        return
    path = change.path
    if any("\udc80" <= char <= "\udcff" for char in path):  # undecodable bytes (surrogateescape)
        yield error(path, 1, 1, SHAPE, "", "le nom de ce fichier n'est pas en UTF-8 : renommez-le.")
        return
    if entry.is_link:
        yield error(path, 1, 1, SHAPE, "", "les liens symboliques sont refusés : remplacez ce lien par un vrai "
                                           "fichier (ou retirez-le).")
        return
    if entry.is_submodule:
        yield error(path, 1, 1, SHAPE, "", "les sous-modules Git sont refusés : retirez ce sous-module.")
        return
    if path.startswith(DATA):
        yield from _data_shape(path, entry)


def _data_shape(path: str, entry: TreeFile) -> Iterator[Finding]:
    name = PurePosixPath(path).name
    if name == ".gitkeep":
        return
    if not name.endswith(".yaml") or kind_for(tuple(PurePosixPath(path).parts[1:])) is None:
        yield error(path, 1, 1, SHAPE, "", "fichier hors de l'organisation attendue de data/ (reseau.yaml, "
                                           "members/<id>.yaml, equipment/<id>.yaml, loans/<année>/<id>.yaml) : "
                                           "déplacez-le ou retirez-le.")
        return
    if entry.content is None or entry.size > MAX_FILE_BYTES:
        yield error(path, 1, 1, SHAPE, "", f"ce fichier pèse {entry.size} octets, au-delà de la limite de "
                                           f"{MAX_FILE_BYTES} octets : un enregistrement tient en quelques kilo-octets.")
        return
    try:
        entry.content.decode("utf-8")
    except UnicodeDecodeError:
        binary = True
    else:
        binary = b"\0" in entry.content
    if binary:
        yield error(path, 1, 1, SHAPE, "", "fichier binaire (octets nuls ou texte non UTF-8) : data/ ne contient "
                                           "que des fichiers YAML en UTF-8.")


# --- lifecycle ---------------------------------------------------------------------


_MISSING = object()


def changed_keys(before: Record, after: Record) -> list[str]:
    """Top-level keys whose value differs (added, removed or changed), sorted."""
    old, new = before.data or {}, after.data or {}
    return sorted(key for key in set(old) | set(new) if old.get(key, _MISSING) != new.get(key, _MISSING))


def _lifecycle(change: Change, all_changes: list[Change], today: date) -> Iterator[Finding]:
    if not is_loan_path(change.path):
        return
    if change.kind == "suppression":
        yield _removed_loan(change, all_changes)
    elif change.kind == "modification":
        yield from _loan_moves(change.path, parse_record(change.before), parse_record(change.after), today)


def _removed_loan(change: Change, all_changes: list[Change]) -> Finding:
    assert change.before is not None
    stem = PurePosixPath(change.path).stem
    old = parse_record(change.before).data
    renamed_to = [other.path for other in all_changes
                  if other.kind == "ajout" and other.after is not None and is_loan_path(other.path)
                  and (other.after.sha == change.before.sha or PurePosixPath(other.path).stem == stem
                       or _same_booking(old, parse_record(other.after).data))]
    what = f"a été renommé en {renamed_to[0]}" if renamed_to else "a été supprimé"
    return error(change.path, 1, 1, LIFECYCLE, ARTICLE_LOANS,
                 f"ce fichier de prêt {what} : un prêt n'est jamais supprimé ni renommé, il garde la trace "
                 "de la réservation. Rétablissez le fichier et passez son statut à annule (avec la clé annulation).")


def _same_booking(old: dict[str, Any] | None, new: dict[str, Any] | None) -> bool:
    """The same loan under another id: everything but the id is unchanged."""
    if old is None or new is None:
        return False
    return {k: v for k, v in old.items() if k != "id"} == {k: v for k, v in new.items() if k != "id"}


def first_line(record: Record, keys: Iterable[str]) -> int:
    """Line of the first of ``keys`` present in the file (1 when none is: they were removed)."""
    lines = [record.line_of(key) for key in keys if record.data is not None and key in record.data]
    return min(lines, default=1)


def _loan_moves(path: str, before: Record, after: Record, today: date) -> Iterator[Finding]:
    if before.data is None or after.data is None:
        return
    old_status, new_status = before.get("statut"), after.get("statut")
    if not status_move_allowed(old_status, new_status):
        yield error(path, after.line_of("statut"), 1, LIFECYCLE, ARTICLE_LOANS,
                    f"le statut ne peut pas passer de « {old_status} » à « {new_status} » : il avance "
                    "demande → accepte → retire → restitue, ou passe de demande ou accepte à refuse ou annule.")
    keys = changed_keys(before, after)
    if old_status in CLOSED_STATUSES:
        extra = [key for key in keys if key not in editable_when("clos")]
        if extra:
            yield error(path, first_line(after, extra), 1, LIFECYCLE, ARTICLE_LOANS,
                        f"ce prêt est clos (statut « {old_status} ») et ne se réécrit plus "
                        f"(clé modifiée : {', '.join(extra)}) ; seuls le bilan et les incidents peuvent "
                        "encore y être ajoutés, par l'équipe du Département.")
        return
    end = _day(before.get("fin"))
    if end is not None and end < today:
        extra = [key for key in keys if key not in editable_when("passe")]
        if extra:
            yield error(path, first_line(after, extra), 1, LIFECYCLE, ARTICLE_LOANS,
                        f"ce prêt est passé (dernier jour le {french_date(end)}) : la réservation ne se "
                        f"réécrit plus (clé modifiée : {', '.join(extra)}) ; seuls le statut, les états des lieux, "
                        "les incidents et le bilan peuvent encore être complétés.")


def _day(value: object) -> date | None:
    """A day of a changed file, or None when it is missing or malformed (the schema's finding)."""
    if not isinstance(value, str):
        return None
    try:
        return parse_day(value)
    except ValueError:
        return None


# --- rights ------------------------------------------------------------------------

_VERBS = {"ajout": "ajouter", "modification": "modifier", "suppression": "supprimer"}


def _rights(change: Change, roles: Roles, actor: Actor) -> Iterator[Finding]:
    if roles.is_staff(actor.login):
        return
    if not is_loan_path(change.path):
        yield _staff_only(change, actor.login)
        return
    if change.kind == "ajout":
        yield from _new_request(change.path, parse_record(change.after), roles, actor)
    elif change.kind == "modification":
        yield from _request_edit(change.path, parse_record(change.before), parse_record(change.after), roles, actor)
    # A deleted loan is refused for everybody by the lifecycle check.


def _unbound_bot(change: Change, bot: str) -> Finding:
    return error(change.path, 1, 1, RIGHTS, "",
                 f"le compte d'automatisation « {bot} » n'a aucun droit propre : sa demande de modification est "
                 "jugée au nom de la personne pour qui il agit (l'auteur du ticket, ou l'agent qui a lancé le "
                 "workflow), que le workflow verifier lit dans GitHub et passe avec --au-nom-de. Sans elle, "
                 f"{_VERBS[change.kind]} {change.path} est refusé.")


def _staff_only(change: Change, author: str) -> Finding:
    area = next((label for prefix, label in _STAFF_AREAS if change.path.startswith(prefix)), "ce fichier")
    return error(change.path, 1, 1, RIGHTS, "",
                 f"{_VERBS[change.kind]} {area} ({change.path}) est réservé à {STAFF_ROLE} ; « {author} » "
                 "n'en fait pas partie. Retirez ce changement de la demande ou demandez-le à l'équipe.")


def _new_request(path: str, after: Record, roles: Roles, actor: Actor) -> Iterator[Finding]:
    if after.data is None:
        return  # unreadable: the validation findings on this touched file already block it
    member = after.get("emprunteur")
    if not roles.requests_for(actor.login, member):
        yield error(path, after.line_of("emprunteur"), 1, RIGHTS, ARTICLE_LOANS,
                    f"ajouter une demande de prêt pour « {member} » est réservé aux demandeurs de ce membre "
                    f"(demandeurs dans data/members/{member}.yaml) et à {STAFF_ROLE} ; "
                    f"« {actor.login} » n'est ni l'un ni l'autre.")
        return
    status = after.get("statut")
    if status != LoanStatus.DEMANDE:
        yield error(path, after.line_of("statut"), 1, RIGHTS, ARTICLE_LOANS,
                    f"une nouvelle demande a le statut « demande » : le statut « {status} » est posé par "
                    f"{STAFF_ROLE}, pas par un demandeur.")
    yield from _staff_keys(path, after, sorted(set(after.data) - request_keys()))
    yield from _requested_by(path, after, actor, required=True)
    yield from _request_date(path, after, actor)
    if "annulation" in after.data:
        yield from _cancellation(path, Record(None, None), after, actor)


def _staff_keys(path: str, record: Record, keys: list[str]) -> Iterator[Finding]:
    for key in keys:
        yield error(path, record.line_of(key), 1, RIGHTS, ARTICLE_LOANS,
                    f"la clé « {key} » est réservée à {STAFF_ROLE} (validation, refus, dérogation, états des "
                    "lieux, incidents, bilan, notes) : retirez-la de la demande.")


def _same_login(value: object, login: str) -> bool:
    """GitHub logins compare without case."""
    return isinstance(value, str) and value.casefold() == login.casefold()


def _requested_by(path: str, after: Record, actor: Actor, required: bool) -> Iterator[Finding]:
    """``demande_par`` names the person GitHub says made the change, never someone else."""
    value = after.get("demande_par")
    if value is None and not required:
        return
    if not _same_login(value, actor.login):
        shown = f"« {value} »" if isinstance(value, str) else "absent"
        yield error(path, after.line_of("demande_par") if value is not None else 1, 1, RIGHTS, ARTICLE_LOANS,
                    f"demande_par ({shown}) doit être l'identifiant GitHub de la personne qui fait la demande, "
                    f"« {actor.login} » d'après GitHub : écrivez demande_par: {actor.login}.")


def _day_window(actor: Actor) -> str:
    if actor.opened == actor.today:
        return f"le {french_date(actor.today)}"
    return f"entre le {french_date(actor.opened)} et le {french_date(actor.today)}"


def _request_date(path: str, after: Record, actor: Actor) -> Iterator[Finding]:
    """``demande_le`` is the day the request was made, which GitHub knows; the file cannot backdate it."""
    value = after.get("demande_le")
    day = _day(value)
    if day is None or actor.opened <= day <= actor.today:
        return  # a missing or malformed date is the schema's finding
    if day < actor.opened:
        why = (f"avant le {french_date(actor.opened)}, jour où la demande a été faite d'après GitHub "
               "(ouverture de la demande de modification ou du ticket) : c'est ce jour qui compte pour le "
               "délai de prévenance")
    else:
        why = f"après aujourd'hui ({french_date(actor.today)}) : une demande ne se date pas dans le futur"
    yield error(path, after.line_of("demande_le"), 1, RIGHTS, ARTICLE_LOANS,
                f"la demande est datée du {french_date(day)} (demande_le), {why}. Écrivez demande_le: "
                f"{actor.opened.isoformat() if day < actor.opened else actor.today.isoformat()}.")


def _cancellation(path: str, before: Record, after: Record, actor: Actor) -> Iterator[Finding]:
    """A requester cancels in their own name, on the day they do it, and before the loan starts."""
    block = after.get("annulation")
    if not isinstance(block, dict) or block == before.get("annulation"):
        return
    line = after.line_of("annulation")
    if not _same_login(block.get("par"), actor.login):
        yield error(path, line, 1, RIGHTS, ARTICLE_LOANS,
                    f"annulation.par doit être l'identifiant GitHub de la personne qui annule, « {actor.login} » "
                    f"d'après GitHub : écrivez par: {actor.login} dans le bloc annulation.")
    day = _day(block.get("le"))
    if day is not None and not actor.opened <= day <= actor.today:
        yield error(path, line, 1, RIGHTS, ARTICLE_LOANS,
                    f"l'annulation est datée du {french_date(day)} : une annulation porte le jour où elle est "
                    f"faite, {_day_window(actor)} ; écrivez le: {actor.today.isoformat()}.")
    start = _day(after.get("debut"))
    if start is not None and start < actor.today:
        yield error(path, line, 1, RIGHTS, ARTICLE_LOANS,
                    f"ce prêt a commencé le {french_date(start)} : seule {STAFF_ROLE} peut encore l'annuler ; "
                    "prévenez le Département.")


def _request_edit(path: str, before: Record, after: Record, roles: Roles, actor: Actor) -> Iterator[Finding]:
    if after.data is None:
        return  # unreadable: the validation findings on this touched file already block it
    members = [before.get("emprunteur"), after.get("emprunteur")]
    if before.data is None or not all(roles.requests_for(actor.login, member) for member in members):
        yield error(path, after.line_of("emprunteur"), 1, RIGHTS, ARTICLE_LOANS,
                    f"modifier le prêt de « {members[0]} » est réservé aux demandeurs de ce membre et à "
                    f"{STAFF_ROLE} ; « {actor.login} » n'est ni l'un ni l'autre.")
        return
    old, new = before.get("statut"), after.get("statut")
    keys = changed_keys(before, after)
    if old == new == LoanStatus.RESTITUE:
        yield from _report_only(path, after, keys)
        return
    yield from _staff_keys(path, after, [key for key in keys if key not in request_keys()])
    if "demande_par" in keys:
        yield from _requested_by(path, after, actor, required=True)
    if "demande_le" in keys:
        yield from _request_date(path, after, actor)
    if "annulation" in keys:
        yield from _cancellation(path, before, after, actor)
    if old == new == LoanStatus.DEMANDE:
        yield from _renewed_request(path, before, after, actor)
        return
    if new == LoanStatus.ANNULE and old in UNDECIDED_OR_ACCEPTED:
        extra = [key for key in keys if key not in ("statut", "annulation")]
        if old == LoanStatus.ACCEPTE and extra:
            yield error(path, first_line(after, extra), 1, RIGHTS, ARTICLE_LOANS,
                        f"ce prêt est accepté : pour l'annuler, ne changez que statut et annulation "
                        f"(clé modifiée : {', '.join(extra)}) ; toute autre modification revient à {STAFF_ROLE}.")
        return
    if old != new:
        yield error(path, after.line_of("statut"), 1, RIGHTS, ARTICLE_LOANS,
                    f"passer le statut de « {old} » à « {new} » est réservé à {STAFF_ROLE} ; un demandeur "
                    "peut seulement annuler sa demande (statut annule).")
    elif keys:
        what = ("pour y renoncer, passez son statut à annule" if old == LoanStatus.ACCEPTE
                else "le Département enregistre le retrait et la restitution ; une fois le prêt restitué, "
                     "vous pourrez y ajouter son bilan")
        yield error(path, first_line(after, keys), 1, RIGHTS, ARTICLE_LOANS,
                    f"ce prêt a le statut « {old} » : seule {STAFF_ROLE} peut le modifier ; {what}.")


def _renewed_request(path: str, before: Record, after: Record, actor: Actor) -> Iterator[Finding]:
    """Moving a pending request's pickup or adding an item is a new request for it: the notice
    counts from the day of the change (GitHub's), not from the first request's ``demande_le``."""
    added = set(after.get("materiel") or []) - set(before.get("materiel") or [])
    moved = [key for key in ("debut", "retrait") if before.get(key) != after.get(key)]
    day = _day(after.get("demande_le"))
    if not (added or moved) or day is None or day >= actor.opened:
        return
    what = "ajoutez du matériel" if added and not moved else "déplacez le retrait" if not added else \
        "déplacez le retrait et ajoutez du matériel"
    yield error(path, after.line_of("demande_le"), 1, RIGHTS, ARTICLE_LOANS,
                f"vous {what} : c'est une nouvelle demande pour le délai de prévenance, faite le "
                f"{french_date(actor.opened)} d'après GitHub, et non le {french_date(day)} (demande_le). "
                f"Écrivez demande_le: {actor.opened.isoformat()}.")


def _report_only(path: str, after: Record, keys: list[str]) -> Iterator[Finding]:
    """A returned loan: its member's requesters hand in or complete the report (Art. 6 and 7), nothing else."""
    extra = [key for key in keys if key not in report_keys()]
    if extra:
        yield error(path, first_line(after, extra), 1, RIGHTS, "Art. 6 et 7",
                    f"ce prêt est restitué : un demandeur du membre peut y ajouter ou compléter le bilan, et rien "
                    f"d'autre (clé modifiée : {', '.join(extra)}) ; le reste revient à {STAFF_ROLE}.")
