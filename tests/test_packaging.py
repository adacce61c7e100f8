"""A regular install carries every sub-package, the schemas that judge the data and the site's templates."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
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


def test_a_built_wheel_carries_the_site_templates(tmp_path: Path) -> None:
    """``pip install .`` installs the wheel: it must hold every template the site renders
    (generator/render/templates/, read by Jinja2's PackageLoader) and the schemas."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignored = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "generator", source / "generator", ignore=ignored)
    shutil.copytree(ROOT / "schemas", source / "schemas", ignore=ignored)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(wheels), str(source)], check=True, cwd=tmp_path)
    (wheel,) = wheels.glob("tna-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    templates = sorted(path.name for path in (ROOT / "generator" / "render" / "templates").glob("*.j2"))
    assert "macros.html.j2" in templates and "page.md.j2" in templates
    assert {name for name in templates if f"generator/render/templates/{name}" not in names} == set()
    assert "generator/schemas/pret.schema.json" in names


def test_every_template_the_code_names_is_a_file() -> None:
    """A ``render("…")`` or ``page(…, "…")`` of the site names a file of generator/render/templates/."""
    code = "\n".join(path.read_text(encoding="utf-8") for path in (ROOT / "generator" / "render").glob("*.py"))
    named = set(re.findall(r'"([a-z_]+\.(?:html|md)\.j2)"', code))
    assert len(named) >= 25
    missing = {name for name in named if not (ROOT / "generator" / "render" / "templates" / name).is_file()}
    assert missing == set()
