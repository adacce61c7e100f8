"""How fast is ``tna validate`` on a large network, against the bare YAML parse?

    python -m benchmarks.bench_validate [--loans 10000 --items 1000 --members 1000] [--repeat 3]

Generates a synthetic data set (benchmarks.synth) in a temporary folder, then times,
in the same run and on the same files (warm file cache):

(a)  the bare parse: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of every file;
(b)  the full check: ``pipeline.validate`` in this process (as the CLI runs it, and
     once more forced sequential), and ``tna validate`` as a fresh process;
(c)  ``check-jsonschema --schemafile schemas/pret.schema.json`` on the loan files
     (schemas only, no rule), with ``--base-uri`` so that the relative ``$ref`` to
     common.schema.json resolves to the local file instead of the schema's ``$id`` URL.

It prints each time (best of ``--repeat`` runs) and its ratio to (a). It never
asserts a timing: the figures go to benchmarks/README.md with the machine they were
measured on.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import yaml

from generator import pipeline
from generator.schema import schemas_dir

from .synth import TODAY, generate


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """Shortest wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def in_process(data_dir: Path, sequential: bool) -> Callable[[], object]:
    def run() -> object:
        saved = pipeline.PARALLEL_MIN_FILES
        if sequential:
            pipeline.PARALLEL_MIN_FILES = sys.maxsize
        try:
            return pipeline.validate(data_dir, TODAY)
        finally:
            pipeline.PARALLEL_MIN_FILES = saved
    return run


def command(args: list[str], cwd: Path) -> Callable[[], object]:
    def run() -> object:
        result = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{args[0]} a échoué ({result.returncode}) : {result.stderr[-2000:]}")
        return result
    return run


def tna_command() -> list[str]:
    script = Path(sys.executable).with_name("tna")
    return [str(script)] if script.exists() else [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]


def check_jsonschema_command(loan_files: list[str]) -> list[str] | None:
    script = Path(sys.executable).with_name("check-jsonschema")
    found = str(script) if script.exists() else shutil.which("check-jsonschema")
    if found is None:
        return None
    schema = schemas_dir() / "pret.schema.json"
    return [found, "--schemafile", str(schema), "--base-uri", schema.as_uri(), *loan_files]


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "?"
    load = " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{os.cpu_count()} CPU ({model}), Python {platform.python_version()} on {platform.system()}, "
            f"load average {load}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_validate", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--loans", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per measure; the best one counts")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tna-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        generate(data_dir, args.members, args.items, args.loans)
        files = sorted(data_dir.rglob("*.yaml"))
        loan_files = sorted(path.relative_to(data_dir).as_posix() for path in data_dir.glob("loans/*/*.yaml"))
        bare_parse(files)  # warm the file cache for every measure
        outcome = pipeline.validate(data_dir, TODAY)
        print(f"machine : {machine()}")
        print(f"données : {len(files)} fichiers ({args.members} membres, {2 * args.members} lieux, "
              f"{args.items} matériels, {len(loan_files)} prêts) ; {len(outcome.findings)} constats "
              f"dont {len(outcome.errors)} erreurs ; {pipeline._workers()} processus de chargement possibles")
        rows = measure(args.repeat, data_dir, files, loan_files)
        report(rows)
    return 0


def measure(repeat: int, data_dir: Path, files: list[Path], loan_files: list[str]) -> list[tuple[str, float, float]]:
    """(label, seconds, reference seconds) for each measure."""
    bare = best_of(repeat, lambda: bare_parse(files))
    bare_loans = best_of(repeat, lambda: bare_parse([data_dir / name for name in loan_files]))
    rows = [("(a) yaml.load CSafeLoader, tous les fichiers", bare, bare),
            ("(a') yaml.load CSafeLoader, prêts seuls", bare_loans, bare_loans),
            ("(b) pipeline.validate (en processus)", best_of(repeat, in_process(data_dir, False)), bare),
            ("(b) pipeline.validate forcé séquentiel", best_of(repeat, in_process(data_dir, True)), bare),
            ("(b) tna validate (nouveau processus)", best_of(repeat, command(
                [*tna_command(), "validate", "--donnees", str(data_dir), "--aujourdhui", TODAY.isoformat()], data_dir)), bare)]
    checker = check_jsonschema_command(loan_files)
    if checker is not None:
        rows.append(("(c) check-jsonschema, prêts seuls", best_of(repeat, command(checker, data_dir)), bare_loans))
    return rows


def report(rows: list[tuple[str, float, float]]) -> None:
    width = max(len(label) for label, _, _ in rows)
    for label, seconds, reference in rows:
        print(f"{label:<{width}}  {seconds:7.2f} s  ×{seconds / reference:5.2f}")
    print("Les rapports × sont pris contre (a), ou contre (a') pour check-jsonschema (mêmes fichiers).")


if __name__ == "__main__":
    raise SystemExit(main())
