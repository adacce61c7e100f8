"""Load stage: read the YAML files under data/ into documents that remember positions.

Only this module reads data files. A file that cannot be read or parsed is reported
as a finding, never raised: the caller gets every problem of every file at once.
"""

from __future__ import annotations

import errno
import math
import os
import stat
from sys import intern
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from .findings import Finding, error

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
RULE = "fichier"
_TOO_DEEP = f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) : simplifiez la structure du fichier."

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class StrictLoader(yaml.CSafeLoader):
    """libyaml's parser with the safe constructor, minus the timestamp resolver.

    Dates stay strings so that JSON Schema's ``format: date`` sees what was written.
    Mappings and sequences are built by :func:`_build`, which refuses duplicated keys,
    aliases and deep nesting, and records the position of every key and value.

    libyaml calls the three resolver methods below from C for every node; PyYAML's
    versions also serve path resolvers, which nobody registers here, so these leaner
    ones give the same tags in half the time (a third of the parse is spent there).
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
        for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


@dataclass
class Positions:
    """Line and column (1-based) of every value and every mapping key of a document."""

    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)

    def of(self, path: PathKey) -> Position:
        """Position of the value at ``path``, or of its closest located ancestor."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key(self, path: PathKey) -> Position:
        """Position of the key that introduces ``path`` (falls back to its value)."""
        return self.keys.get(path) or self.of(path)


class FileName(str):
    """The name of the file that holds a document's text (lighter than a Path, kept by
    every document of a large network)."""

    __slots__ = ()


# Where a document's text can be found again when a finding needs a position: the
# text itself, the raw UTF-8 bytes it was decoded from (a git blob), or its file.
TextSource = str | bytes | Path | FileName


class _Released(dict[str, Any]):
    """The mapping of a document whose record holds what is read of it: any read is a bug
    (it fails loudly instead of answering as an empty file would)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the parsed mapping of this document was released once its record was built "
                           "(model.record_of): read the record instead")

    __getitem__ = get = __contains__ = __iter__ = __len__ = keys = items = values = _refuse

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return _released, ()


RELEASED: dict[str, Any] = _Released()


def _released() -> dict[str, Any]:
    return RELEASED


@dataclass(slots=True)
class Document:
    """One parsed data file: what kind of record, its content and where things are.

    Positions are worked out on first use, by parsing the text again: most files have
    nothing to report, and recording every node's position (then shipping it back from
    a worker process) was a third of the loading time. The text itself is not kept
    either: ``source`` says where to find it again (the file, or the blob's bytes that
    the caller holds anyway), so that 50,000 records do not keep 50,000 texts alive.
    """

    path: str
    kind: str
    data: dict[str, Any]
    source: TextSource = field(default="", repr=False, compare=False)
    known_positions: Positions | None = field(default=None, repr=False, compare=False)
    # The record the model built from this document (see model.build_dataset).
    record: Any = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The text the data were parsed from (read again from the file if needed)."""
        source = self.source
        if isinstance(source, (Path, FileName)):
            source = Path(source).read_bytes()
        if isinstance(source, bytes):
            source = source.decode("utf-8")
        return source.removeprefix("\ufeff")

    @property
    def positions(self) -> Positions:
        if self.known_positions is None:
            try:
                _, self.known_positions = parse_text(self.text, with_positions=True)
            except (_Problem, OSError, UnicodeDecodeError):
                # The file changed on disk since it was loaded: no position rather than a crash.
                self.known_positions = Positions()
        return self.known_positions

    @property
    def stem(self) -> str:
        """The file name without its extension (as ``Path.stem``, without building a Path)."""
        name = self.path.rsplit("/", 1)[-1]
        dot = name.rfind(".")
        return name[:dot] if 0 < dot < len(name) - 1 else name

    def release(self) -> None:
        """Forget the parsed mapping: the model's record now holds all that is read of it."""
        self.data = RELEASED

    def at(self, *path: str | int) -> Position:
        return self.positions.of(tuple(path))

    def key_at(self, *path: str | int) -> Position:
        return self.positions.key(tuple(path))


class ParseError(Exception):
    """A text that is not one acceptable YAML mapping, with the position and the French message."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


_Problem = ParseError


class _AliasFound(Exception):
    """A node reached twice: the document uses an alias (located later, off the hot path)."""


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tag_name(tag: str) -> str:
    """A tag as the user wrote it: ``!!python/object…`` rather than its expanded URI."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _mark(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(loader: StrictLoader, node: yaml.Node, path: PathKey, positions: Positions | None,
           seen: set[int], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _Problem(*_mark(node), _TOO_DEEP)
    if id(node) in seen:
        raise _AliasFound()
    seen.add(id(node))
    if positions is not None:
        positions.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(loader, node, path, positions, seen, depth)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            raise _Problem(*_mark(node), f"étiquette YAML « {_tag_name(node.tag)} » non prise en charge : retirez-la.")
        return [_build(loader, item, path + (index,), positions, seen, depth + 1)
                for index, item in enumerate(node.value)]
    return _build_scalar(loader, node)


def _build_mapping(loader: StrictLoader, node: yaml.MappingNode, path: PathKey,
                   positions: Positions | None, seen: set[int], depth: int) -> dict[str, Any]:
    if node.tag != _MAP_TAG:
        raise _Problem(*_mark(node), f"étiquette YAML « {_tag_name(node.tag)} » non prise en charge : retirez-la.")
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if id(key_node) in seen:
            raise _AliasFound()
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Problem(*_mark(key_node), "une clé doit être un simple texte, pas une liste ni un dictionnaire : "
                                             "écrivez « nom: valeur ».")
        seen.add(id(key_node))
        if key_node.tag == _MERGE_TAG:
            raise _Problem(*_mark(key_node), "la fusion YAML (<<) n'est pas acceptée : "
                                             "écrivez chaque clé en toutes lettres.")
        key = _build_scalar(loader, key_node)
        if not isinstance(key, str):
            raise _Problem(*_mark(key_node), f"la clé « {key_node.value} » doit être un texte : "
                                             "mettez-la entre guillemets ou renommez-la.")
        if key in mapping:
            first_line = next(_mark(other)[0] for other, _ in node.value if other.value == key)
            raise _Problem(*_mark(key_node), f"la clé « {key} » est en double (déjà définie ligne {first_line}) : "
                                             "YAML ne garderait que la dernière valeur ; n'en gardez qu'une.")
        if positions is not None:
            positions.keys[path + (key,)] = _mark(key_node)
        mapping[key] = _build(loader, value_node, path + (key,), positions, seen, depth + 1)
    return mapping


# Short texts (keys, ids, dates, statuses) recur in thousands of files: one shared copy
# of each keeps a large network's memory small (free text, longer, is left alone).
_SHARED_MAX = 40


def _build_scalar(loader: StrictLoader, node: yaml.Node) -> Any:
    if node.tag == _STR_TAG:
        # The common case, without the constructor's bookkeeping (hot path).
        value: str = node.value
        return intern(value) if len(value) <= _SHARED_MAX else value
    if node.tag == _MERGE_TAG:
        # A plain ``<<`` used as a value is just text; as a key it is refused by the caller.
        return node.value
    if node.tag not in _SCALAR_TAGS:
        raise _Problem(*_mark(node), f"étiquette YAML « {_tag_name(node.tag)} » non prise en charge : retirez-la.")
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, KeyError):
        # An explicit tag on a value it cannot describe, e.g. ``!!int abc`` or ``!!bool peut-être``.
        raise _Problem(*_mark(node), f"« {_short(node.value)} » ne peut pas être lu comme {_tag_name(node.tag)} : "
                                     "retirez l'étiquette ou corrigez la valeur.") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise _Problem(*_mark(node), f"« {node.value} » n'est pas un nombre fini : écrivez un nombre.")
    return value


class _Unexpected(Exception):
    """Something the quick conversion leaves to :func:`_build` (which explains it)."""


_ScalarNode = yaml.ScalarNode
_MappingNode = yaml.MappingNode
_SequenceNode = yaml.SequenceNode


def _quick(loader: StrictLoader, node: yaml.Node, depth: int) -> Any:
    """:func:`_build` without positions, for a text without aliases: the same values.

    It only takes the common paths (plain keys, no tags, no duplicate) and raises at
    anything else, so that :func:`_build` runs and reports the problem as it always did.
    """
    if depth > MAX_DEPTH:
        raise _Unexpected()
    kind = type(node)
    if kind is _ScalarNode:
        if node.tag == _STR_TAG:
            value: str = node.value
            return intern(value) if len(value) <= _SHARED_MAX else value
        return _build_scalar(loader, node)
    if kind is _MappingNode:
        if node.tag != _MAP_TAG:
            raise _Unexpected()
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not _ScalarNode or key_node.tag != _STR_TAG:
                raise _Unexpected()
            key = intern(key_node.value)
            if key in mapping:
                raise _Unexpected()
            mapping[key] = _quick(loader, value_node, depth + 1)
        return mapping
    if kind is _SequenceNode and node.tag == _SEQ_TAG:
        return [_quick(loader, item, depth + 1) for item in node.value]
    raise _Unexpected()


_EMPTY = ("le fichier est vide (ou ne contient que des commentaires) : "
          "décrivez l'enregistrement ou supprimez le fichier.")
_SEE_INDENT = "vérifiez l'indentation, les deux-points et les guillemets."
_ESCAPE_HELP = ("séquence d'échappement (\\…) invalide dans un texte entre guillemets doubles : "
                "doublez la barre oblique inverse (\\\\) ou utilisez des guillemets simples.")
_TAB_HELP = "tabulation dans l'indentation : YAML n'accepte que des espaces ; remplacez-la par des espaces."
_ALIAS_HELP = "les ancres et alias YAML (& et *) ne sont pas acceptés ; recopiez la valeur à chaque endroit."

# libyaml's problems in French, each saying what to do; matched on the start of the English text.
_LIBYAML_PROBLEMS = {
    "did not find expected node content": "une valeur est attendue ici : complétez-la ou mettez-la entre guillemets.",
    "did not find expected key": "une clé est attendue ici : alignez cette ligne sur les clés de même niveau.",
    "mapping values are not allowed": "deux-points inattendu : mettez la valeur entre guillemets ou corrigez l'indentation.",
    "mapping keys are not allowed": "clé inattendue ici : corrigez l'indentation.",
    "block sequence entries are not allowed": ("tiret de liste inattendu : passez à la ligne après la clé "
                                               "et indentez la liste sous elle."),
    "could not find expected ':'": "deux-points attendu après la clé : écrivez « clé: valeur ».",
    "did not find expected '-' indicator": "tiret de liste attendu : alignez cet élément sur les autres éléments de la liste.",
    "found a tab character": _TAB_HELP,
    "found undefined alias": _ALIAS_HELP,
    "found unknown escape character": _ESCAPE_HELP,
    "did not find expected hexdecimal number": _ESCAPE_HELP,
    "found invalid Unicode character escape code": _ESCAPE_HELP,
    "did not find expected <document start>": "contenu inattendu après la fin du document : supprimez-le.",
    "exceeded maximum nesting depth": _TOO_DEEP,
    "did not find expected alphabetic or numeric character": ("nom d'ancre ou d'alias invalide après & ou * : "
                                                              "mettez la valeur entre guillemets."),
    "found undefined tag handle": "étiquette YAML (!) inconnue : retirez-la ou mettez la valeur entre guillemets.",
    "did not find expected comment or line break": "texte inattendu après l'indicateur de bloc (| ou >) : retirez-le.",
    "found unexpected end of stream": ("fin de fichier inattendue : un guillemet, un crochet ou une accolade "
                                       "n'est pas fermé."),
}

_UNCLOSED = {
    "while parsing a flow sequence": "le crochet « [ » ouvert ligne {0}, colonne {1} n'est pas refermé, "
                                     "ou une virgule manque : ajoutez « ] » ou la virgule.",
    "while parsing a flow mapping": "l'accolade « {{ » ouverte ligne {0}, colonne {1} n'est pas refermée, "
                                    "ou une virgule manque : ajoutez « }} » ou la virgule.",
}


def _located(mark: Any, fallback: Position = (1, 1)) -> Position:
    return (mark.line + 1, mark.column + 1) if mark is not None else fallback


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> _Problem:
    """A libyaml error, in French, located where the user has to act."""
    problem, context = exc.problem or "", exc.context or ""
    line, col = _located(exc.problem_mark or exc.context_mark)
    opened = _located(exc.context_mark, (line, col))
    if "expected a single document" in context:
        return _Problem(line, col, "le fichier contient plusieurs documents YAML (---) : "
                                   "un fichier ne décrit qu'un seul enregistrement.")
    if context.startswith("while scanning a simple key"):
        line, col = opened  # the key that lacks its colon, not the line after it
    if context.startswith("while scanning a quoted scalar") and "unexpected" in problem:
        return _Problem(*opened, "le texte entre guillemets qui commence ici n'est jamais fermé : "
                                 "ajoutez le guillemet fermant.")
    if context in _UNCLOSED and problem.startswith("did not find expected ','"):
        return _Problem(line, col, _UNCLOSED[context].format(*opened))
    if "duplicate anchor" in context:
        return _Problem(line, col, _ALIAS_HELP)
    if problem.startswith("found character that cannot start any token"):
        index = getattr(exc.problem_mark, "index", -1)
        character = text[index] if 0 <= index < len(text) else "?"
        if character == "\t":
            return _Problem(line, col, _TAB_HELP)
        return _Problem(line, col, f"le caractère « {character} » ne peut pas commencer "
                                   "une valeur : mettez la valeur entre guillemets.")
    for english, french in _LIBYAML_PROBLEMS.items():
        if problem.startswith(english):
            return _Problem(line, col, french)
    return _Problem(line, col, f"YAML illisible ({problem or context}) : {_SEE_INDENT}")


def _reader_problem(exc: yaml.reader.ReaderError, text: str) -> _Problem:
    """A character libyaml refuses (control characters…), located in the text."""
    # libyaml counts the offset in bytes of the UTF-8 text it was given.
    before = text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return _Problem(line, column, f"caractère interdit (U+{code:04X}, caractère de contrôle invisible) : "
                                  "supprimez-le ou retapez le texte autour.")


def _alias_problem(text: str) -> _Problem:
    """Locate the first alias. Only runs when one was found, so the hot path keeps one parse."""
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            line, col = _located(event.start_mark)
            return _Problem(line, col, f"l'alias « *{event.anchor} » reprend la valeur d'une ancre (&) : {_ALIAS_HELP}")
    return _Problem(1, 1, _ALIAS_HELP)


def parse_text(text: str, with_positions: bool = True) -> tuple[Any, Positions]:
    """Parse one YAML document; raise :class:`_Problem` with a position on any defect.

    Without ``with_positions`` the returned positions are empty (the fast path).
    """
    if not with_positions and "*" not in text:
        # No alias can hide in a text without « * »: the quick conversion first; at the
        # first thing it does not expect, the text is parsed again the full way, which
        # reports the problem located (a fresh parser: the first one may be half-way).
        try:
            return _parse(text, with_positions, quick=True)
        except _Unexpected:
            pass
    return _parse(text, with_positions, quick=False)


def _parse(text: str, with_positions: bool, quick: bool) -> tuple[Any, Positions]:
    loader = StrictLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise _syntax_problem(exc, text) from None
        except yaml.reader.ReaderError as exc:
            raise _reader_problem(exc, text) from None
        except yaml.YAMLError as exc:
            raise _Problem(1, 1, f"YAML illisible ({exc}) : {_SEE_INDENT}") from None
        if node is None or (node.tag == "tag:yaml.org,2002:null" and not node.value):
            raise _Problem(1, 1, _EMPTY)
        positions = Positions()
        if quick:
            try:
                return _quick(loader, node, 0), positions
            except Exception:  # noqa: BLE001 — the full conversion reports it, located
                raise _Unexpected() from None
        try:
            data = _build(loader, node, (), positions if with_positions else None, set(), 0)
        except _AliasFound:
            raise _alias_problem(text) from None
        except yaml.MarkedYAMLError as exc:
            line, col = _located(exc.problem_mark or exc.context_mark)
            raise _Problem(line, col, f"valeur YAML illisible ({exc.problem or exc}) : {_SEE_INDENT}") from None
        return data, positions
    finally:
        loader.dispose()


def _offset_to_position(raw: bytes, offset: int) -> Position:
    """Line and column (in characters, as editors count) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


_OS_PROBLEMS = {
    errno.EACCES: "accès refusé : donnez le droit de lecture sur ce fichier",
    errno.EPERM: "accès refusé : donnez le droit de lecture sur ce fichier",
    errno.ENOENT: "fichier introuvable (supprimé pendant la vérification ?) : relancez la vérification",
    errno.EISDIR: "c'est un dossier, pas un fichier : renommez-le ou déplacez-le hors de data/",
}


def _read(file_path: Path) -> bytes:
    """The bytes of a regular file of reasonable size; anything else is a :class:`_Problem`.

    One ``lstat`` answers "symbolic link?", "regular file?" and "how big?" at once.
    """
    try:
        info = os.lstat(file_path)
        if stat.S_ISLNK(info.st_mode):
            raise _Problem(1, 1, "ce fichier est un lien symbolique : remplacez-le par un vrai fichier.")
        if stat.S_ISDIR(info.st_mode):
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(info.st_mode):
            raise _Problem(1, 1, "ce n'est pas un fichier ordinaire (tube, périphérique…) : "
                                 "remplacez-le par un vrai fichier ou retirez-le de data/.")
        raw = b""
        if info.st_size <= MAX_FILE_BYTES:
            with open(file_path, "rb") as stream:
                raw = stream.read(MAX_FILE_BYTES + 1)
        if info.st_size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
            raise _too_big(max(info.st_size, len(raw)))
        return raw
    except OSError as exc:
        reason = _OS_PROBLEMS.get(exc.errno or 0, f"erreur du système : {exc.strerror or exc} ; "
                                                  "vérifiez le fichier et ses droits d'accès")
        raise _Problem(1, 1, f"fichier illisible ({reason}).") from None


def _too_big(size: int) -> _Problem:
    return _Problem(1, 1, f"le fichier pèse {size} octets, au-delà de la limite de "
                          f"{MAX_FILE_BYTES} octets : un enregistrement tient en quelques kilo-octets ; "
                          "retirez ce qui n'a rien à y faire.")


def _fail(display_path: str, line: int, column: int, message: str) -> tuple[None, list[Finding]]:
    return None, [error(display_path, line, column, RULE, "", message)]


def load_document(file_path: Path, display_path: str, kind: str) -> tuple[Document | None, list[Finding]]:
    """Read and parse one data file. Returns the document, or None with findings.

    The document does not keep its text: it reads the file again if a finding needs
    a position (see :class:`Document`).
    """
    try:
        raw = _read(file_path)
    except _Problem as problem:
        return _fail(display_path, problem.line, problem.column, problem.message)
    return load_bytes(raw, display_path, kind, FileName(file_path))


def load_bytes(raw: bytes, display_path: str, kind: str,
               source: TextSource | None = None) -> tuple[Document | None, list[Finding]]:
    """Parse the bytes of one data file (read from disk or from a git blob).

    ``source`` is where the document finds its text again for positions (by default
    ``raw`` itself, which the caller keeps alive anyway).
    """
    if len(raw) > MAX_FILE_BYTES:
        problem = _too_big(len(raw))
        return _fail(display_path, problem.line, problem.column, problem.message)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _offset_to_position(raw, exc.start)
        return _fail(display_path, line, column,
                     f"le fichier n'est pas encodé en UTF-8 (octet 0x{raw[exc.start]:02X} illisible ici) : "
                     "réenregistrez-le en UTF-8 depuis votre éditeur.")
    text = text.removeprefix("\ufeff")
    try:
        data, _ = parse_text(text, with_positions=False)
    except _Problem as problem:
        return _fail(display_path, problem.line, problem.column, problem.message)
    if not isinstance(data, dict):
        _, positions = parse_text(text, with_positions=True)
        return _fail(display_path, *positions.of(()), "le fichier doit décrire un dictionnaire de clés (clé: valeur), "
                                                      "pas une liste ni une valeur seule.")
    document = Document(display_path, kind, data, raw if source is None else source)
    findings: list[Finding] = []
    record_id = data.get("id")
    if kind != "reseau" and isinstance(record_id, str) and record_id != document.stem:
        line, column = document.at("id")
        findings.append(error(display_path, line, column, "identifiant", "",
                              f"l'identifiant « {record_id} » ne correspond pas au nom du fichier "
                              f"« {document.stem}.yaml » : renommez le fichier ou corrigez l'identifiant."))
    return document, findings


@dataclass(frozen=True)
class DataFile:
    """A file found under data/: where it is, how to show it, and what it should hold.

    A file of a git snapshot carries its ``content`` and its blob id (``blob``);
    ``folder`` marks a git folder named like a record (data/members/x.yaml/…), which
    the disk walk would have found as a folder where a file is expected. A file of a
    snapshot has no ``file_path`` (None): it is read from ``content`` only.
    """

    file_path: Path | None
    display_path: str
    kind: str
    content: bytes | None = field(default=None, repr=False, compare=False)
    blob: str | None = None
    folder: bool = False


def load_data_file(data_file: DataFile) -> tuple[Document | None, list[Finding]]:
    """Parse one discovered file, from its content when it has one, else from the disk."""
    if data_file.folder:
        return _fail(data_file.display_path, 1, 1, f"fichier illisible ({_OS_PROBLEMS[errno.EISDIR]}).")
    if data_file.content is not None:
        return load_bytes(data_file.content, data_file.display_path, data_file.kind)
    assert data_file.file_path is not None, data_file.display_path  # a snapshot's file always has content
    return load_document(data_file.file_path, data_file.display_path, data_file.kind)


def kind_for(relative: tuple[str, ...]) -> str | None:
    if relative == ("reseau.yaml",):
        return "reseau"
    if len(relative) == 2 and relative[0] == "members":
        return "membre"
    if len(relative) == 2 and relative[0] == "equipment":
        return "materiel"
    if len(relative) == 3 and relative[0] == "loans" and len(relative[1]) == 4 and relative[1].isdigit():
        return "pret"
    return None


def is_loan_file(relative: str) -> bool:
    """A file under data/ where a loan lies (loans/<year>/<id>.yaml): :func:`kind_for` says
    ``pret`` and the name ends in .yaml. Asked of every path of a tree, so the common
    answers come first, without splitting the path."""
    return (relative.startswith("loans/") and relative.endswith(".yaml") and relative.count("/") == 2
            and relative[10:11] == "/" and relative[6:10].isdigit())


LAYOUT_HELP = ("data/ contient reseau.yaml, members/<id>.yaml, equipment/<id>.yaml "
               "et loans/<année>/<id>.yaml")


def _subdirectory_findings(root_path: Path, dirs: list[str], names: list[str], data_dir: Path,
                           label: str) -> list[Finding]:
    """Refuse linked folders; hand folders named like records over to the file checks (edits ``dirs``)."""
    findings: list[Finding] = []
    for directory in list(dirs):
        if (root_path / directory).is_symlink():
            rel = (root_path / directory).relative_to(data_dir).as_posix()
            findings.append(error(f"{label}/{rel}", 1, 1, RULE, "",
                                  "ce dossier est un lien symbolique : remplacez-le par un vrai dossier."))
            dirs.remove(directory)
        elif directory.endswith((".yaml", ".yml")):
            # Named like a record: checked as one, so that it is reported, not silently skipped.
            dirs.remove(directory)
            names.append(directory)
    return findings


def _classify_relative(relative: tuple[str, ...], display: str) -> str | Finding | None:
    """The kind of record a file under data/ should hold, or why it has no place there (None: ignored)."""
    name = relative[-1]
    if name == ".gitkeep":
        return None
    if not name.endswith(".yaml"):
        advice = "renommez-le en .yaml" if name.endswith(".yml") else "déplacez ce fichier hors de data/"
        return error(display, 1, 1, RULE, "", f"seuls des fichiers .yaml sont attendus dans data/ : {advice}.")
    kind = kind_for(relative)
    if kind is None:
        return error(display, 1, 1, RULE, "", f"fichier mal placé : {LAYOUT_HELP} ; déplacez-le au bon endroit.")
    return kind


def _classify(file_path: Path, data_dir: Path, label: str) -> DataFile | Finding | None:
    """What a file under data/ should hold, or why it has no place there (None: ignored)."""
    relative = file_path.relative_to(data_dir).parts
    display = f"{label}/{'/'.join(relative)}"
    found = _classify_relative(relative, display)
    return DataFile(file_path, display, found) if isinstance(found, str) else found


def discover(data_dir: Path, label: str) -> tuple[list[DataFile], list[Finding]]:
    """List the data files in a stable order, with a finding for anything out of place."""
    files: list[DataFile] = []
    findings: list[Finding] = []
    if not (data_dir / "reseau.yaml").exists():
        findings.append(error(f"{label}/reseau.yaml", 1, 1, RULE, "",
                              f"le fichier du réseau est absent : créez {label}/reseau.yaml."))

    def unreadable(exc: OSError) -> None:
        # os.walk would otherwise skip a folder it cannot list, and its records with it.
        rel = Path(exc.filename or data_dir).relative_to(data_dir).as_posix()
        where = label if rel == "." else f"{label}/{rel}"
        reason = "accès refusé" if exc.errno in (errno.EACCES, errno.EPERM) else f"erreur du système : {exc.strerror}"
        findings.append(error(where, 1, 1, RULE, "", f"dossier illisible ({reason}) : "
                                                     "donnez le droit de lecture et de parcours sur ce dossier."))

    for root, dirs, names in os.walk(data_dir, onerror=unreadable):
        dirs.sort()
        root_path = Path(root)
        findings.extend(_subdirectory_findings(root_path, dirs, names, data_dir, label))
        for name in sorted(names):
            found = _classify(root_path / name, data_dir, label)
            if isinstance(found, DataFile):
                files.append(found)
            elif found is not None:
                findings.append(found)
    return files, findings


def discover_blobs(blobs: Mapping[str, tuple[str, bytes | None]], label: str) -> tuple[list[DataFile], list[Finding]]:
    """:func:`discover` for the regular files of a git tree, without writing them anywhere.

    ``blobs`` maps each path relative to data/ (POSIX) to its blob id and content. The
    files, their order and the findings are those :func:`discover` gives on the same
    files written to a folder: folders are implied by the paths, visited in sorted
    order, and a folder named like a record is handed to the file checks.
    """
    findings: list[Finding] = []
    if "reseau.yaml" not in blobs and not any(path.startswith("reseau.yaml/") for path in blobs):
        findings.append(error(f"{label}/reseau.yaml", 1, 1, RULE, "",
                              f"le fichier du réseau est absent : créez {label}/reseau.yaml."))
    # Each folder's files and subfolders, as os.walk would list them.
    tree: dict[tuple[str, ...], tuple[set[str], set[str]]] = {(): (set(), set())}
    for path in blobs:
        parts = tuple(path.split("/"))
        for depth in range(len(parts) - 1):
            folder = parts[:depth]
            tree.setdefault(folder, (set(), set()))[0].add(parts[depth])
            tree.setdefault(parts[:depth + 1], (set(), set()))
        tree[parts[:-1]][1].add(parts[-1])
    files: list[DataFile] = []

    def walk(folder: tuple[str, ...]) -> None:
        subfolders, names = tree[folder]
        as_files = {name for name in subfolders if name.endswith((".yaml", ".yml"))}
        for name in sorted(names | as_files):
            relative = folder + (name,)
            display = f"{label}/{'/'.join(relative)}"
            found = _classify_relative(relative, display)
            if isinstance(found, str):
                entry = blobs.get("/".join(relative))
                files.append(DataFile(None, display, found, None if entry is None else entry[1],
                                      None if entry is None else entry[0], folder=name in as_files))
            elif found is not None:
                findings.append(found)
        for name in sorted(subfolders - as_files):
            walk(folder + (name,))

    walk(())
    return files, findings
