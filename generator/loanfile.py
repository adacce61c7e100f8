"""Writing loan files: new request files, and in-place edits that keep comments and layout.

This is the only module that uses ruamel.yaml. Its round-trip mode keeps the comments,
the key order, the quoting and the flow/block style of a file a person wrote, so a
staff command changes only the lines it means to change. Checking stays on the fast
loader of :mod:`generator.load`; this module only turns data into text.

Strings are quoted whenever the checker's YAML 1.1 reader would not read them back as
the same text (``oui``, ``non``, ``on``, ``1.5``…): ruamel.yaml writes YAML 1.2, where
those are plain strings.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from .loanfields import key_order

SCHEMA_COMMENT = "yaml-language-server: $schema=../../../schemas/pret.schema.json"

_DEFAULT_INDENT = (2, 4, 2)
_CHECKER_RESOLVER = yaml.resolver.Resolver()


# The mapping type of edited documents, for the commands' type hints (they never import ruamel).
YamlMapping = CommentedMap


class LoanFileError(Exception):
    """A loan file that cannot be edited (unreadable text), or one that changed meanwhile."""


def text(value: str) -> str:
    """``value`` as a YAML string the checker reads back as this very text."""
    tag = _CHECKER_RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return value if tag == "tag:yaml.org,2002:str" else SingleQuotedScalarString(value)


def float_text(value: float) -> str:
    """A float as YAML 1.1 reads it back: positional, with a dot (``1e-05`` would be read as text)."""
    text_form = repr(value)
    if "e" in text_form or "E" in text_form:
        text_form = format(Decimal(text_form), "f")
    return text_form if "." in text_form or not text_form.lstrip("-").isdigit() else text_form + ".0"


def _represent_float(representer: RoundTripRepresenter, value: float) -> Any:
    if value != value or value in (float("inf"), float("-inf")):
        return representer.represent_float(value)
    return representer.represent_scalar("tag:yaml.org,2002:float", float_text(value))


# Plain floats only (a float read from a file keeps its own text, as a ScalarFloat).
RoundTripRepresenter.add_representer(float, _represent_float)


def flow_map(pairs: Iterable[tuple[str, Any]]) -> CommentedMap:
    """A mapping written on one line (``{materiel: x, composant: y, etat: bon}``)."""
    mapping = CommentedMap()
    for key, value in pairs:
        mapping[key] = text(value) if isinstance(value, str) else value
    mapping.fa.set_flow_style()
    return mapping


def block_map(pairs: Iterable[tuple[str, Any]]) -> CommentedMap:
    mapping = CommentedMap()
    for key, value in pairs:
        mapping[key] = text(value) if isinstance(value, str) else value
    return mapping


def block_seq(items: Iterable[Any]) -> CommentedSeq:
    return CommentedSeq(list(items))


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def guess_indent(source: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation as ruamel.yaml names them, read from ``source``.

    A nested mapping key tells the mapping indent; a ``-`` under a key tells how far the
    dash sits from its parent key (offset); the item's content follows ``- ``.
    """
    mapping: int | None = None
    offset: int | None = None
    lines = [line for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for parent, line in zip(lines, lines[1:]):
        if not parent.rstrip().endswith(":"):
            continue
        base = _indent_of(parent)
        if parent.lstrip().startswith("- "):
            base += 2
        current = _indent_of(line)
        if line.lstrip().startswith("- ") and offset is None and current >= base:
            offset = current - base
        elif not line.lstrip().startswith("- ") and mapping is None and current > base:
            mapping = current - base
    if mapping is None and offset is None:
        return _DEFAULT_INDENT
    mapping = mapping or 2
    offset = _DEFAULT_INDENT[2] if offset is None else offset
    return mapping, offset + 2, offset


def _yaml(indent: tuple[int, int, int]) -> YAML:
    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096
    mapping, sequence, offset = indent
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    return handler


class EditableLoan:
    """A loan file's content loaded for a round-trip edit."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._yaml = _yaml(guess_indent(source))
        try:
            loaded = self._yaml.load(source)
        except RuamelError as exc:
            raise LoanFileError(f"le fichier n'a pas pu être relu pour modification ({exc}).") from None
        if not isinstance(loaded, CommentedMap):
            raise LoanFileError("le fichier ne décrit pas un dictionnaire de clés.")
        self.data: CommentedMap = loaded

    def put(self, key: str, value: Any) -> None:
        """Set ``key``, keeping its place if present, else at its place in the schema's order (:func:`generator.loanfields.key_order`)."""
        if isinstance(value, str):
            value = text(value)
        if key in self.data:
            self.data[key] = value
            return
        order = key_order()
        rank = order.index(key)
        position = 0
        for index, existing in enumerate(self.data):
            if existing in order and order.index(existing) < rank:
                position = index + 1
        self.data.insert(position, key, value)

    def append(self, key: str, entries: Iterable[Any]) -> None:
        """Add entries to the list under ``key`` (created if absent)."""
        if key not in self.data:
            self.put(key, block_seq([]))
        self.data[key].extend(entries)

    def dump(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.data, out)
        return out.getvalue()


def new_loan_text(fields: Mapping[str, Any]) -> str:
    """The text of a new loan file: the schema line, then the keys in their usual order.

    ``materiel`` is written as a one-line list; dates are ``date`` objects (written bare).
    """
    document = CommentedMap()
    for key in key_order():
        if key not in fields or fields[key] is None:
            continue
        value = fields[key]
        if key == "materiel":
            items = CommentedSeq([text(item) for item in value])
            items.fa.set_flow_style()
            value = items
        elif isinstance(value, str):
            value = text(value)
        document[key] = value
    document.yaml_set_start_comment(SCHEMA_COMMENT)
    out = io.StringIO()
    _yaml(_DEFAULT_INDENT).dump(document, out)
    return out.getvalue()


def yaml_text(document: CommentedMap, start_comment: str) -> str:
    """A new YAML file (any record): ``start_comment`` lines first, then the document as built."""
    document.yaml_set_start_comment(start_comment)
    out = io.StringIO()
    _yaml(_DEFAULT_INDENT).dump(document, out)
    return out.getvalue()


def create_file(path: Path, content: str) -> None:
    """Write a new file; never replaces one that exists (FileExistsError)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(content)


def replace_file(path: Path, expected: str, content: str) -> None:
    """Replace ``path`` atomically with ``content``, if it still holds ``expected``."""
    if path.read_text(encoding="utf-8") != expected:
        raise LoanFileError("le fichier a changé pendant la commande : relancez-la.")
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

