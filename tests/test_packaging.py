"""A regular install carries every sub-package and the schemas that judge the data."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_for_installation() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "generator").rglob("__init__.py")}
    assert found <= listed
    assert "generator.schemas" in listed


def test_the_schemas_ship_with_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"]["generator.schemas"] == "schemas"
    assert config["package-data"]["generator.schemas"] == ["*.schema.json"]
    assert sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json")) == [
        "common.schema.json", "materiel.schema.json", "membre.schema.json", "pret.schema.json", "reseau.schema.json"]
