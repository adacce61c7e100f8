"""Parse the body of a loan-request issue (GitHub issue form) into a loan record.

GitHub renders an issue form as Markdown: ``### <label>`` then the answer, and
``_No response_`` for an empty optional field. The body is untrusted text: it is
bounded, stripped of nothing silently, and refused with a French message when it
holds control characters or values that are not what the form asks for. Nothing here
writes a file; the record is a plain dict that a YAML emitter serializes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import parse_user_date
from .loanfields import title
from .requests import LoanRequest, extra_keys, extra_value

MAX_BODY_CHARS = 20_000
NO_RESPONSE = "_No response_"

# label in .github/ISSUE_TEMPLATE/demande-de-pret.yml → (field, longest answer accepted); the
# other keys a requester may write (requests.extra_keys) come in with their schema title as label
# and the field id of their key (:func:`form_fields`).
FIELDS: dict[str, tuple[str, int]] = {
    "Membre emprunteur": ("membre", 80),
    "Lieu d'utilisation": ("lieu", 80),
    "Matériel demandé": ("materiel", 2000),
    "Premier jour": ("debut", 20),
    "Dernier jour": ("fin", 20),
    "Retrait à la Maison du Département": ("retrait", 20),
    "Restitution à la Maison du Département": ("restitution", 20),
    "Nature des actions envisagées": ("objet", 2000),
    "Référent": ("referent", 80),
}
EXTRA_LONGEST = 2000
REQUIRED = ("membre", "lieu", "materiel", "debut", "fin", "retrait", "restitution", "objet")
# The form's checkboxes: both commitments are required (Art. 4.1, 6 and 7); GitHub renders a
# ticked box as "- [X] <label>". The labels are those of the form (a test checks it).
COMMITMENTS_LABEL = "Engagements"
COMMITMENTS = (
    ("assurance", "Ma structure est assurée pour le matériel pendant toute la durée du prêt (Art. 4.1)."),
    ("bilan", "Je transmettrai le bilan des actions après la restitution (Art. 6 et 7)."),
)
_TICKED = re.compile(r"[-*] \[[xX]\] (.*)")
MAX_ITEMS = 20

IDENTIFIER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:hH]([0-5][0-9])")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


class FormError(Exception):
    """The issue cannot become a request; the message (French) says why and what to do."""


@dataclass(frozen=True)
class Request:
    """The answers of the form, checked and normalized."""

    member: str
    place: str
    items: tuple[str, ...]
    start: date
    end: date
    pickup: str
    return_: str
    purpose: str
    referent: str | None
    others: tuple[tuple[str, object], ...] = ()


def form_fields() -> dict[str, tuple[str, int]]:
    """Every field of the form by label: :data:`FIELDS`, then each extra key of a request under its
    schema ``title`` (the form's label for it must be that title)."""
    return FIELDS | {title(key): (key, EXTRA_LONGEST) for key in extra_keys()}


# Control, format (zero-width spaces and joiners, soft hyphen, byte order mark, direction
# marks), surrogate and private-use characters, line and paragraph separators: invisible
# or ambiguous once written in a file, never needed in a loan request.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def _check_characters(label: str, text: str) -> None:
    for char in text:
        if char in "\n\t":
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES or char in _BIDI:
            raise FormError(f"le champ « {label} » contient un caractère de contrôle invisible "
                            f"(U+{ord(char):04X}) : retapez le texte sans copier-coller de caractères spéciaux.")


def sections(body: str) -> dict[str, str]:
    """``### label`` sections of the body, by form field; empty answers are left out.

    The commitments (checkboxes) come under the key ``engagements``. Nothing is dropped:
    text before the first heading, or under a heading that is not one of the form's
    (a ``### `` line typed inside an answer), is refused.
    """
    if len(body) > MAX_BODY_CHARS:
        raise FormError(f"le ticket dépasse {MAX_BODY_CHARS} caractères : une demande de prêt tient en "
                        "quelques lignes ; raccourcissez les champs.")
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    known = {label: field for label, (field, _) in form_fields().items()} | {COMMITMENTS_LABEL: "engagements"}
    found: dict[str, str] = {}
    seen: set[str] = set()
    label: str | None = None
    lines: list[str] = []
    for line in body.split("\n") + ["### "]:
        if not line.startswith("### "):
            lines.append(line)
            continue
        answer = "\n".join(lines).strip()
        if label is None:
            if answer:
                raise FormError(f"du texte précède la première rubrique du ticket (« {_excerpt(answer)} ») : "
                                "écrivez seulement dans les rubriques du formulaire.")
        elif label in known:
            if known[label] in seen:
                raise FormError(f"la rubrique « {label} » apparaît deux fois dans le ticket : "
                                "n'écrivez pas de ligne commençant par ### dans vos réponses.")
            seen.add(known[label])
            if answer and answer != NO_RESPONSE:
                found[known[label]] = answer
        elif label or answer:
            raise FormError(f"« ### {_excerpt(label)} » n'est pas une rubrique du formulaire : n'écrivez pas de "
                            "ligne commençant par ### dans vos réponses (le texte qui la suit serait perdu).")
        label, lines = line[4:].strip(), []
    return found


def _excerpt(text: str, limit: int = 40) -> str:
    """The start of ``text`` on one line, for a message."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def check_commitments(answer: str | None) -> None:
    """Both commitments of the form are ticked, or :class:`FormError` says which is not."""
    if answer is None:
        raise FormError(f"la rubrique « {COMMITMENTS_LABEL} » (assurance et bilan) manque ou est vide : "
                        "une demande n'est recevable qu'avec les deux engagements cochés ; ouvrez un nouveau "
                        "ticket avec le formulaire « Demande de prêt de matériel ».")
    _check_characters(COMMITMENTS_LABEL, answer)
    ticked = {match.group(1).strip() for line in answer.split("\n") if (match := _TICKED.fullmatch(line.strip()))}
    for _, label in COMMITMENTS:
        if label not in ticked:
            raise FormError(f"l'engagement « {label} » n'est pas coché (rubrique « {COMMITMENTS_LABEL} ») : "
                            "cochez-le en modifiant le ticket ; sans lui, la demande n'est pas recevable.")


def _limit(label: str, value: str, longest: int) -> str:
    if len(value) > longest:
        raise FormError(f"le champ « {label} » est trop long ({len(value)} caractères, au plus {longest}).")
    _check_characters(label, value)
    return value


def _identifier(label: str, value: str) -> str:
    if not IDENTIFIER.fullmatch(value):
        raise FormError(f"« {value[:80]} » n'est pas un identifiant pour le champ « {label} » : minuscules "
                        "sans accent, chiffres et tirets (ex. ca-cotentin), tel qu'il figure dans le catalogue.")
    return value


def _items(label: str, value: str) -> tuple[str, ...]:
    items: list[str] = []
    for raw in value.split("\n"):
        line = raw.strip()
        if not line or line.startswith(("- [ ]", "* [ ]")):
            continue  # an unticked checkbox
        line = re.sub(r"^[-*]\s*(\[[xX]\]\s*)?", "", line).strip().strip("`")
        if line and line not in items:
            items.append(_identifier(label, line))
    if not items:
        raise FormError(f"le champ « {label} » ne nomme aucun matériel : un identifiant par ligne.")
    if len(items) > MAX_ITEMS:
        raise FormError(f"le champ « {label} » nomme {len(items)} matériels : au plus {MAX_ITEMS} par demande.")
    return tuple(items)


def _day(label: str, value: str) -> date:
    try:
        return parse_user_date(value)
    except ValueError:
        pass
    raise FormError(f"« {value[:40]} » n'est pas une date pour le champ « {label} » : écrivez AAAA-MM-JJ "
                    "(ex. 2026-05-04) ou JJ/MM/AAAA.")


def _moment(label: str, value: str, day: date) -> str:
    """``HH:MM`` on the given day, or a full ``AAAA-MM-JJTHH:MM`` / ``AAAA-MM-JJ HH:MM``."""
    full = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ]" + _TIME.pattern, value)
    time_only = _TIME.fullmatch(value)
    if full:
        day = _day(label, full.group(1))
        hour, minute = full.group(2), full.group(3)
    elif time_only:
        hour, minute = time_only.group(1), time_only.group(2)
    else:
        raise FormError(f"« {value[:40]} » n'est pas une heure pour le champ « {label} » : écrivez HH:MM "
                        "(ex. 09:30), le jour étant le premier ou le dernier jour du prêt.")
    return f"{day.isoformat()}T{int(hour):02d}:{minute}"


def parse_request(body: str) -> Request:
    """The request an issue body describes, or :class:`FormError`."""
    answers = sections(body)
    fields = form_fields()
    labels = {field: label for label, (field, _) in fields.items()}
    for field in REQUIRED:
        if field not in answers:
            raise FormError(f"le champ obligatoire « {labels[field]} » est vide ou absent : complétez le ticket.")
    check_commitments(answers.pop("engagements", None))
    values = {field: _limit(labels[field], answers[field], fields[labels[field]][1]) for field in answers}
    start = _day(labels["debut"], values["debut"])
    end = _day(labels["fin"], values["fin"])
    referent = values.get("referent")
    return Request(
        member=_identifier(labels["membre"], values["membre"]),
        place=_identifier(labels["lieu"], values["lieu"]),
        items=_items(labels["materiel"], values["materiel"]),
        start=start, end=end,
        pickup=_moment(labels["retrait"], values["retrait"], start),
        return_=_moment(labels["restitution"], values["restitution"], end),
        purpose=values["objet"],
        referent=_identifier(labels["referent"], referent) if referent else None,
        others=tuple((key, _extra(labels[key], key, values[key])) for key in extra_keys() if key in values),
    )


def _extra(label: str, key: str, value: str) -> object:
    try:
        return extra_value(key, value)
    except ValueError as exc:
        raise FormError(f"le champ « {label} » : {exc}") from None


def as_request(request: Request, today: date, author: str | None) -> LoanRequest:
    """The form's answers as the one request every tool writes, dated today, by the issue's author."""
    return LoanRequest(request.member, request.place, request.items, request.start, request.end, request.pickup,
                       request.return_, request.purpose, request.referent, today, author, request.others)
