"""Questions asked at a terminal (CLI edge): each answer is checked at once and re-asked if wrong."""

from __future__ import annotations

import sys
from typing import Callable, Sequence, TypeVar

from .common import UsageError

T = TypeVar("T")


class AnswerError(ValueError):
    """An answer that does not fit; its text (French) says why and is shown before asking again."""


def read(prompt: str) -> str:
    """One line typed by the user; a closed input is a usage error, never a traceback."""
    try:
        return input(prompt).strip()
    except EOFError:
        raise UsageError("la saisie s'est arrêtée avant la fin des questions : rien n'a été écrit. "
                         "Répondez à chaque question, ou donnez les réponses en options (voir --help).") from None


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def ask(question: str, parse: Callable[[str], T], default: str | None = None) -> T:
    """Ask until ``parse`` accepts the answer (an empty answer takes ``default`` when given)."""
    suffix = f" [{default}]" if default is not None else ""
    while True:
        answer = read(f"{question}{suffix} : ")
        if not answer and default is not None:
            answer = default
        try:
            return parse(answer)
        except AnswerError as problem:
            say(f"  ✗ {problem}")


def choose(question: str, options: Sequence[tuple[str, str]]) -> str:
    """A numbered list; the user types a number (or the key itself). Returns the key."""
    if len(options) == 1:
        key, label = options[0]
        say(f"{question} : {label} (seul choix possible)")
        return key
    say(f"{question} :")
    for number, (_key, label) in enumerate(options, start=1):
        say(f"  {number}. {label}")
    keys = [key for key, _label in options]

    def parse(answer: str) -> str:
        return _pick(answer, keys)

    return ask("Votre choix (numéro)", parse)


def choose_many(question: str, options: Sequence[tuple[str, str]]) -> list[str]:
    """A numbered list; the user types one or more numbers separated by commas or spaces."""
    say(f"{question} :")
    for number, (_key, label) in enumerate(options, start=1):
        say(f"  {number}. {label}")
    keys = [key for key, _label in options]

    def parse(answer: str) -> list[str]:
        parts = [part for part in answer.replace(",", " ").split() if part]
        if not parts:
            raise AnswerError("choisissez au moins un numéro.")
        chosen = [_pick(part, keys) for part in parts]
        return list(dict.fromkeys(chosen))

    return ask("Vos choix (numéros séparés par des virgules)", parse)


def _pick(answer: str, keys: Sequence[str]) -> str:
    if answer in keys:
        return answer
    if answer.isdigit() and 1 <= int(answer) <= len(keys):
        return keys[int(answer) - 1]
    raise AnswerError(f"« {answer} » ne fait pas partie des choix : tapez un numéro de 1 à {len(keys)}.")


def non_empty(answer: str) -> str:
    if not answer:
        raise AnswerError("une réponse est attendue.")
    return answer


def optional(answer: str) -> str | None:
    return answer or None


def count(answer: str) -> int:
    """A whole number ≥ 0 (an empty answer counts as 0)."""
    if not answer:
        return 0
    if not answer.isdigit():
        raise AnswerError(f"« {answer} » n'est pas un nombre entier positif ou nul.")
    return int(answer)
