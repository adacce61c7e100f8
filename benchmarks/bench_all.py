"""Every cost that grows with the network, at several sizes, in one run.

    python -m benchmarks.bench_all [--sizes 1000,10000,50000] [--only validate,check-pr,...] [--repeat 1]

For each size (loans; 100 items and 100 members, so 200 places, per 1,000 loans, as
in issue 15), it generates the synthetic network (benchmarks.synth), commits it in a
real Git repository with a pull-request branch that adds one loan request, and times,
each as a new process (imports included), with its maximum resident memory:

- ``parse``: the baseline, a bare single-process ``yaml.load(CSafeLoader)`` of every file;
- ``validate``: ``tna validate`` (× parse);
- ``check-pr``: ``tna check-pr`` of the one-file branch against main (× validate), then
  with the persisted cache (``--cache``), filled first as main's run fills it (the
  pull request is then judged around its loan), without and with ``--commentaire``;
- ``availability``: ``tna availability --from … --to …``, the dates-first search over
  every item (× validate);
- ``build``: ``tna build --strict``, pages and MkDocs (× validate), with the number and
  size of the site's files;
- ``cold``: ``tna --help`` against ``python -c pass``, and ``tna validate`` of the
  shipped sample;
- ``charts``: the indicator charts of the network drawn by the former matplotlib
  renderer (a new figure each, or one reused figure) against generator/charts.py.

Every ratio is taken against a baseline measured in the same run, on the same files
(warm file cache). Nothing is asserted: the figures go to benchmarks/README.md with the
machine and the date. The last table says how each cost grew from the smallest size
to each larger one, against the growth of the network itself.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .bench_validate import machine
from .synth import TODAY, generate

ROOT = Path(__file__).resolve().parent.parent
MEASURES = ("parse", "validate", "check-pr", "availability", "build", "cold", "charts")
REQUESTER = "membre-0001-demandeur"
PR_LOAN = """\
id: 2027-materiel-0001-bench
emprunteur: membre-0001
lieu: membre-0001-lieu-1
materiel: [materiel-0001]
debut: 2027-09-20
fin: 2027-09-24
retrait: 2027-09-20T09:30
restitution: 2027-09-24T15:00
objet: Ateliers de découverte du matériel pour les publics du lieu.
demande_le: 2027-08-01
demande_par: membre-0001-demandeur
statut: demande
"""
BARE_PARSE = """\
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float
    max_rss_mb: float


def run(args: list[str], cwd: Path, repeat: int, ok: tuple[int, ...] = (0, 1)) -> Run:
    """Best wall time of ``repeat`` runs of a new process, its processor time (user and system,
    worker processes included) and its largest max RSS (of one process: the main one or a worker)."""
    best, cpu, rss = float("inf"), float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        if process.stderr:
            process.stderr.close()
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            raise SystemExit(f"{' '.join(args[:3])}… a échoué ({code}) : {stderr[-2000:]}")
        best = min(best, elapsed)
        cpu = min(cpu, usage.ru_utime + usage.ru_stime)
        rss = max(rss, usage.ru_maxrss / 1024)
    return Run(best, cpu, rss)


def tna() -> list[str]:
    script = Path(sys.executable).with_name("tna")
    return [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Banc", "-c", "user.email=banc@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, stdout=subprocess.DEVNULL)


def network(folder: Path, loans: int) -> Path:
    """The synthetic network in a Git repository: main, and a branch ``pr`` adding one request."""
    repo = folder / f"reseau-{loans}"
    generate(repo / "data", loans // 10, loans // 10, loans)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "réseau")
    git(repo, "switch", "--quiet", "-c", "pr")
    (repo / "data" / "loans" / "2027" / "2027-materiel-0001-bench.yaml").write_text(PR_LOAN, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "--quiet", "-m", "demande")
    git(repo, "switch", "--quiet", "main")
    return repo


def site_size(site: Path) -> tuple[int, float]:
    files = [path for path in site.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files) / 1e6


def charts(loans: int, data: Path, repeat: int) -> dict[str, float]:
    """The network's indicator charts, drawn three ways in this process (seconds, best of ``repeat``)."""
    from generator.charts import bar_chart_svg
    from generator.indicators import compute, periods
    from generator.pipeline import validate

    from .charts_matplotlib import bar_chart_svg_matplotlib

    dataset = validate(data, TODAY).dataset
    specs = [chart for year, halves in periods(dataset) for period in (year, *halves)
             for chart in _specs(compute(dataset, period))]

    def best(action: Callable[[], object]) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return min(times)

    from matplotlib.figure import Figure
    reused = Figure()
    return {"count": float(len(specs)),
            "matplotlib": best(lambda: [bar_chart_svg_matplotlib(chart) for chart in specs]),
            "matplotlib-reused": best(lambda: [bar_chart_svg_matplotlib(chart, reused) for chart in specs]),
            "svg": best(lambda: [bar_chart_svg(chart) for chart in specs])}


def _specs(indicators: object) -> list[object]:
    """The BarCharts the site draws for one period (the same as render/bilan.py's)."""
    from generator.charts import BarChart, non_zero
    from generator.indicators import ACTION_LABELS, AUDIENCE_LABELS
    from generator.render.bilan import _labelled

    used = [use for use in indicators.item_use if use.days_lent]  # type: ignore[attr-defined]
    labels, values = non_zero([use.name for use in used], [use.days_lent for use in used])
    found = [BarChart("Jours de prêt par matériel", labels, values, "jours"),
             BarChart("Publics touchés par type", *_labelled(indicators.audiences, AUDIENCE_LABELS),  # type: ignore[attr-defined]
                      "personnes"),
             BarChart("Actions menées par type", *_labelled(indicators.actions, ACTION_LABELS), "actions")]  # type: ignore[attr-defined]
    return [chart for chart in found if chart.values]


def row(label: str, value: Run, reference: Run, base: str) -> None:
    """One measure, printed as soon as it is taken (a long run shows what it has)."""
    print(f"  {label:<46} {value.seconds:7.2f} s ×{value.seconds / reference.seconds:5.2f}"
          f"  CPU {value.cpu:7.2f} s ×{value.cpu / reference.cpu:5.2f} {base:<8}"
          f"  RSS max {value.max_rss_mb:5.0f} Mo", flush=True)


def measure(size: int, folder: Path, only: set[str], repeat: int) -> dict[str, object]:
    repo = network(folder, size)
    data = repo / "data"
    today = ["--today", TODAY.isoformat()]
    results: dict[str, object] = {}
    files = sorted(data.rglob("*.yaml"))
    print(f"\n== {size} prêts : {len(files)} fichiers ({size // 10} membres, {size // 5} lieux, "
          f"{size // 10} matériels)", flush=True)
    run([sys.executable, "-c", BARE_PARSE, str(data)], repo, 1)  # warm the file cache
    parse = results["parse"] = run([sys.executable, "-c", BARE_PARSE, str(data)], repo, repeat)
    row("parse (yaml.load CSafeLoader, un processus)", parse, parse, "parse")
    if only & {"validate", "check-pr", "availability"}:
        validate = results["validate"] = run([*tna(), "validate", "--data", str(data), *today], repo, repeat)
        row("tna validate", validate, parse, "parse")
        if "check-pr" in only:
            value = results["check-pr"] = run([*tna(), "check-pr", "--repo", str(repo), "--base", "main", "--head",
                                               "pr", "--author", REQUESTER, *today], repo, repeat)
            row("tna check-pr (un fichier ajouté)", value, validate, "validate")
            # The persisted cache (tna check-pr --cache): filled as main's verifier run does,
            # then read by the same one-file pull request.
            store = folder / f"cache-{size}"
            value = results["cache-fill"] = run([*tna(), "check-pr", "--repo", str(repo), "--base", "main",
                                                 "--head", "main", "--no-author", "--cache", str(store),
                                                 "--remplir-cache", *today], repo, 1)
            row("tna check-pr --remplir-cache (main)", value, validate, "validate")
            value = results["check-pr-cache"] = run([*tna(), "check-pr", "--repo", str(repo), "--base", "main",
                                                     "--head", "pr", "--author", REQUESTER, "--cache", str(store),
                                                     *today], repo, repeat)
            row("tna check-pr --cache (un fichier ajouté)", value, validate, "validate")
            # As the verifier runs it on a pull request: with the answer to the member as well.
            comment = folder / f"commentaire-{size}.md"
            value = results["check-pr-cache-comment"] = run(
                [*tna(), "check-pr", "--repo", str(repo), "--base", "main", "--head", "pr", "--author", REQUESTER,
                 "--cache", str(store), "--commentaire", str(comment), *today], repo, repeat)
            row("tna check-pr --cache --commentaire", value, validate, "validate")
            shutil.rmtree(store, ignore_errors=True)
        if "availability" in only:
            value = results["availability"] = run([*tna(), "availability", "--data", str(data), "--from",
                                                   "2026-06-01", "--to", "2026-06-12", *today], repo, repeat)
            row("tna availability --from --to", value, validate, "validate")
    if "build" in only:
        # tna build refuses data with errors: the same network without its deliberate defects.
        clean = folder / f"propre-{size}" / "data"
        generate(clean, size // 10, size // 10, size, defects=False)
        clean_run = results["validate-clean"] = run([*tna(), "validate", "--data", str(clean), *today], repo, repeat)
        row("tna validate, réseau sans défaut", clean_run, parse, "parse")
        site = folder / f"site-{size}"
        build = results["build"] = run([*tna(), "build", "--data", str(clean), *today, "--strict", "--config",
                                        str(ROOT / "mkdocs.yml"), "--build-dir", str(folder / f"build-{size}"),
                                        "--out", str(site)], ROOT, repeat, ok=(0,))
        row("tna build --strict (réseau sans défaut)", build, clean_run, "validate")
        count, megabytes = site_size(site)
        print(f"  site : {count} fichiers, {megabytes:.1f} Mo", flush=True)
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(folder / f"build-{size}", ignore_errors=True)
        shutil.rmtree(clean.parent, ignore_errors=True)
    if "charts" in only:
        drawn = charts(size, data, repeat)
        print(f"  {int(drawn['count'])} graphiques : matplotlib {drawn['matplotlib']:.2f} s, matplotlib figure "
              f"réutilisée {drawn['matplotlib-reused']:.2f} s, SVG écrit directement {drawn['svg']:.3f} s "
              f"(×{drawn['matplotlib'] / max(drawn['svg'], 1e-9):.0f} plus rapide)", flush=True)
    return results


def cold(repeat: int) -> None:
    bare = run([sys.executable, "-c", "pass"], ROOT, repeat)
    help_run = run([*tna(), "--help"], ROOT, repeat, ok=(0,))
    sample = run([*tna(), "validate", "--today", TODAY.isoformat()], ROOT, repeat)
    print("\n== démarrage à froid")
    print(f"  python -c pass                {bare.seconds:6.3f} s")
    print(f"  tna --help                    {help_run.seconds:6.3f} s  ×{help_run.seconds / bare.seconds:5.1f} python")
    print(f"  tna validate (échantillon)    {sample.seconds:6.3f} s")
    print("  (détail des imports : python -X importtime -m generator.cli --help)")


def growth(sizes: list[int], all_results: dict[int, dict[str, object]]) -> None:
    first = sizes[0]
    print(f"\n== croissance depuis {first} prêts (× temps ; le réseau grandit de × taille)")
    for size in sizes[1:]:
        parts = []
        for key in ("parse", "validate", "check-pr", "check-pr-cache", "check-pr-cache-comment", "availability",
                    "build"):
            before, after = all_results[first].get(key), all_results[size].get(key)
            if isinstance(before, Run) and isinstance(after, Run):
                parts.append(f"{key} ×{after.seconds / before.seconds:.1f} (CPU ×{after.cpu / before.cpu:.1f})")
        print(f"  {size} prêts (réseau ×{size / first:g}) : " + ", ".join(parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_all", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="nombres de prêts, séparés par des virgules")
    parser.add_argument("--only", default=",".join(MEASURES), help=f"mesures parmi : {', '.join(MEASURES)}")
    parser.add_argument("--repeat", type=int, default=1, help="exécutions par mesure ; la meilleure compte")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    only = set(args.only.split(","))
    print(f"machine : {machine()}")
    print(f"date : {time.strftime('%Y-%m-%d %H:%M %Z')}")
    if "cold" in only:
        cold(max(3, args.repeat))
    all_results: dict[int, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="tna-bench-all-") as tmp:
        for size in sizes:
            all_results[size] = measure(size, Path(tmp), only, args.repeat)
            shutil.rmtree(Path(tmp) / f"reseau-{size}", ignore_errors=True)
    if len(sizes) > 1:
        growth(sizes, all_results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
