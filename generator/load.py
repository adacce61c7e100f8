"""Load stage: read the YAML files under data/ into documents that remember positions.

Only this module reads data files. A file that cannot be read or parsed is reported
as a finding, never raised: the caller gets every problem of every file at once.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from .findings import Finding, error

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
RULE = "fichier"

PathKey = tuple[str | int, ...]
Position = tuple[int, int]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class StrictLoader(yaml.CSafeLoader):
    """libyaml's parser with the safe constructor, minus the timestamp resolver.

    Dates stay strings so that JSON Schema's ``format: date`` sees what was written.
    Mappings and sequences are built by :func:`_build`, which refuses duplicated keys,
    aliases and deep nesting, and records the position of every key and value.
    """


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


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


@dataclass
class Document:
    """One parsed data file: what kind of record, its content and where things are."""

    path: str
    kind: str
    data: dict[str, Any]
    positions: Positions

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    def at(self, *path: str | int) -> Position:
        return self.positions.of(tuple(path))

    def key_at(self, *path: str | int) -> Position:
        return self.positions.key(tuple(path))


class _Problem(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def _mark(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(loader: StrictLoader, node: yaml.Node, path: PathKey, positions: Positions,
           seen: set[int], depth: int) -> Any:
    if depth > MAX_DEPTH:
        line, col = _mark(node)
        raise _Problem(line, col, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) : "
                                  "simplifiez la structure du fichier.")
    if id(node) in seen:
        line, col = _mark(node)
        raise _Problem(line, col, "les ancres et alias YAML (& et *) ne sont pas acceptés : "
                                  "recopiez la valeur à chaque endroit.")
    seen.add(id(node))
    positions.values[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        return _build_mapping(loader, node, path, positions, seen, depth)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            raise _Problem(*_mark(node), f"étiquette YAML « {node.tag} » non prise en charge : retirez-la.")
        return [_build(loader, item, path + (index,), positions, seen, depth + 1)
                for index, item in enumerate(node.value)]
    return _build_scalar(loader, node)


def _build_mapping(loader: StrictLoader, node: yaml.MappingNode, path: PathKey,
                   positions: Positions, seen: set[int], depth: int) -> dict[str, Any]:
    if node.tag != _MAP_TAG:
        raise _Problem(*_mark(node), f"étiquette YAML « {node.tag} » non prise en charge : retirez-la.")
    mapping: dict[str, Any] = {}
    first_seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line, col = _mark(key_node)
        if id(key_node) in seen or not isinstance(key_node, yaml.ScalarNode):
            raise _Problem(line, col, "une clé doit être un simple texte (ni liste, ni dictionnaire, ni alias).")
        seen.add(id(key_node))
        key = _build_scalar(loader, key_node)
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _Problem(line, col, "la fusion YAML (<<) n'est pas acceptée : écrivez chaque clé.")
        if not isinstance(key, str):
            raise _Problem(line, col, f"la clé « {key_node.value} » doit être un texte : "
                                      "mettez-la entre guillemets ou renommez-la.")
        if key in mapping:
            raise _Problem(line, col, f"la clé « {key} » est en double (déjà définie ligne {first_seen[key]}) : "
                                      "YAML ne garderait que la dernière valeur ; n'en gardez qu'une.")
        first_seen[key] = line
        positions.keys[path + (key,)] = (line, col)
        if id(value_node) in seen:
            raise _Problem(line, col, "les ancres et alias YAML (& et *) ne sont pas acceptés : "
                                      "recopiez la valeur à chaque endroit.")
        mapping[key] = _build(loader, value_node, path + (key,), positions, seen, depth + 1)
    return mapping


def _build_scalar(loader: StrictLoader, node: yaml.Node) -> Any:
    if node.tag not in _SCALAR_TAGS and node.tag != "tag:yaml.org,2002:merge":
        raise _Problem(*_mark(node), f"étiquette YAML « {node.tag} » non prise en charge : retirez-la.")
    value = loader.construct_object(node, deep=True)
    if isinstance(value, float) and not math.isfinite(value):
        raise _Problem(*_mark(node), f"« {node.value} » n'est pas un nombre fini : écrivez un nombre.")
    return value


_LIBYAML_PROBLEMS = {
    "did not find expected node content": "une valeur est attendue ici.",
    "did not find expected key": "une clé est attendue ici (problème d'indentation ?).",
    "mapping values are not allowed in this context": "deux-points inattendu (mettez la valeur entre guillemets).",
    "found character that cannot start any token": "caractère interdit en début de valeur (tabulation ? mettez la valeur entre guillemets).",
    "could not find expected ':'": "deux-points attendu après la clé.",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non fermé ?).",
    "found undefined alias": "alias YAML inconnu.",
    "found unknown escape character": "séquence d'échappement inconnue dans un texte entre guillemets.",
    "did not find expected ',' or ']'": "virgule ou crochet fermant attendu.",
    "did not find expected ',' or '}'": "virgule ou accolade fermante attendue.",
    "did not find expected '-' indicator": "tiret de liste attendu (problème d'indentation ?).",
    "control characters are not allowed": "caractère de contrôle interdit.",
    "found a tab character that violates indentation": "tabulation dans l'indentation : utilisez des espaces.",
}


def _explain(problem: str | None) -> str:
    if not problem:
        return "structure invalide."
    for english, french in _LIBYAML_PROBLEMS.items():
        if problem.startswith(english):
            return french
    return f"structure invalide ({problem})."


def parse_text(text: str) -> tuple[Any, Positions]:
    """Parse one YAML document; raise :class:`_Problem` with a position on any defect."""
    loader = StrictLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            if "expected a single document" in str(exc):
                raise _Problem(line, col, "le fichier contient plusieurs documents YAML (---) : "
                                          "un fichier ne décrit qu'un seul enregistrement.") from None
            raise _Problem(line, col, f"YAML illisible : {_explain(exc.problem)} "
                                      "Vérifiez l'indentation, les deux-points et les guillemets.") from None
        except yaml.YAMLError as exc:
            raise _Problem(1, 1, f"YAML illisible : {exc}.") from None
        if node is None:
            raise _Problem(1, 1, "le fichier est vide : décrivez l'enregistrement ou supprimez le fichier.")
        positions = Positions()
        try:
            data = _build(loader, node, (), positions, set(), 0)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise _Problem(line, col, f"valeur YAML illisible : {exc.problem or exc}.") from None
        return data, positions
    finally:
        loader.dispose()


def _offset_to_position(raw: bytes, offset: int) -> Position:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def load_document(file_path: Path, display_path: str, kind: str) -> tuple[Document | None, list[Finding]]:
    """Read and parse one data file. Returns the document, or None with findings."""

    def fail(line: int, column: int, message: str) -> tuple[None, list[Finding]]:
        return None, [error(display_path, line, column, RULE, "", message)]

    if file_path.is_symlink():
        return fail(1, 1, "ce fichier est un lien symbolique : remplacez-le par un vrai fichier.")
    try:
        size = file_path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(1, 1, f"le fichier pèse {size} octets, au-delà de la limite de {MAX_FILE_BYTES} octets : "
                              "un enregistrement tient en quelques kilo-octets.")
        raw = file_path.read_bytes()
    except OSError as exc:
        return fail(1, 1, f"fichier illisible ({exc.strerror or exc}) : vérifiez ses droits d'accès.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _offset_to_position(raw, exc.start)
        return fail(line, column, "le fichier n'est pas encodé en UTF-8 : réenregistrez-le en UTF-8.")
    text = text.removeprefix("\ufeff")
    try:
        data, positions = parse_text(text)
    except _Problem as problem:
        return fail(problem.line, problem.column, problem.message)
    if not isinstance(data, dict):
        return fail(1, 1, "le fichier doit décrire un dictionnaire de clés (clé: valeur), "
                          "pas une liste ni une valeur seule.")
    document = Document(display_path, kind, data, positions)
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
    """A file found under data/: where it is, how to show it, and what it should hold."""

    file_path: Path
    display_path: str
    kind: str


def _kind_for(relative: tuple[str, ...]) -> str | None:
    if relative == ("reseau.yaml",):
        return "reseau"
    if len(relative) == 2 and relative[0] == "members":
        return "membre"
    if len(relative) == 2 and relative[0] == "equipment":
        return "materiel"
    if len(relative) == 3 and relative[0] == "loans" and len(relative[1]) == 4 and relative[1].isdigit():
        return "pret"
    return None


LAYOUT_HELP = ("data/ contient reseau.yaml, members/<id>.yaml, equipment/<id>.yaml "
               "et loans/<année>/<id>.yaml")


def discover(data_dir: Path, label: str) -> tuple[list[DataFile], list[Finding]]:
    """List the data files in a stable order, with a finding for anything out of place."""
    files: list[DataFile] = []
    findings: list[Finding] = []
    if not (data_dir / "reseau.yaml").exists():
        findings.append(error(f"{label}/reseau.yaml", 1, 1, RULE, "",
                              "le fichier du réseau est absent : créez data/reseau.yaml."))
    for root, dirs, names in os.walk(data_dir):
        dirs.sort()
        root_path = Path(root)
        for directory in list(dirs):
            if (root_path / directory).is_symlink():
                rel = (root_path / directory).relative_to(data_dir).as_posix()
                findings.append(error(f"{label}/{rel}", 1, 1, RULE, "",
                                      "ce dossier est un lien symbolique : remplacez-le par un vrai dossier."))
                dirs.remove(directory)
        for name in sorted(names):
            file_path = root_path / name
            relative = file_path.relative_to(data_dir).parts
            display = f"{label}/{'/'.join(relative)}"
            if name == ".gitkeep":
                continue
            if not name.endswith(".yaml"):
                hint = " : renommez-le en .yaml" if name.endswith(".yml") else ""
                findings.append(error(display, 1, 1, RULE, "",
                                      f"seuls des fichiers .yaml sont attendus dans data/{hint or ' : déplacez ce fichier hors de data/'}."))
                continue
            kind = _kind_for(relative)
            if kind is None:
                findings.append(error(display, 1, 1, RULE, "",
                                      f"fichier hors de l'organisation attendue ({LAYOUT_HELP})."))
                continue
            files.append(DataFile(file_path, display, kind))
    return files, findings


def iter_documents(files: list[DataFile]) -> Iterator[tuple[Document | None, list[Finding]]]:
    for data_file in files:
        yield load_document(data_file.file_path, data_file.display_path, data_file.kind)
