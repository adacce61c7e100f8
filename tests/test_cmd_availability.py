"""``tna availability``: free windows of an item, items free over a period, French errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from factory import item, loan, write_dataset

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
ROTATION = ("Rotation : 1 jour ouvré entre une restitution et le retrait suivant ; retrait et restitution "
            "un jour ouvré, aux horaires du siège (Art. 4.3).")


@pytest.fixture
def booked(tmp_path: Path) -> Path:
    """kit-vr booked Mon 04/05 – Fri 15/05/2026; kit-vr-2 and drone-a free."""
    return write_dataset(tmp_path, equipment=[item("kit-vr"), item("kit-vr-2", nom="Second kit"),
                                              item("drone-a", nom="Drone", categorie="drone")],
                         loans=[loan()])


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_item_free_windows(booked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "availability", "kit-vr", "--from", "2026-04-20", "--to", "2026-05-31",
                          "--today", "2026-04-15", "--data", str(booked))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Créneaux libres de « Kit de test » (kit-vr) du lundi 20/04/2026 au dimanche 31/05/2026 :",
        # the notice (5 working days after 15/04) makes 20 and 21/04 too early: the first window starts on 22/04
        "  - du mercredi 22/04/2026 au mercredi 29/04/2026 (8 jours)",
        "  - du mardi 19/05/2026 au vendredi 29/05/2026 (11 jours)",
        ROTATION,
        "Une demande déposée le 15/04/2026 peut commencer au plus tôt le mercredi 22/04/2026 "
        "(préavis de 5 jours ouvrés, Art. 4.3).",
    ]


def test_item_defaults_to_six_months_from_today(booked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "availability", "kit-vr", "--today", "2026-04-15", "--data", str(booked))
    assert code == 0
    assert out.splitlines()[0] == ("Créneaux libres de « Kit de test » (kit-vr) du mercredi 15/04/2026 "
                                   "au mercredi 14/10/2026 :")


def test_item_out_of_service_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = write_dataset(tmp_path, equipment=[item(etat="hors_service", etat_depuis="2026-03-02")])
    code, out, _ = _run(capsys, "availability", "kit-vr", "--from", "2026-04-20", "--to", "2026-04-30",
                        "--today", "2026-04-15", "--data", str(data_dir))
    assert code == 0
    assert out.splitlines()[1:3] == [
        "  aucun créneau libre sur cette période.",
        "Ce matériel est en état « hors_service » depuis le 02/03/2026 : il ne peut pas être réservé "
        "(Art. 4.2).",
    ]


def test_items_free_over_a_period_dates_first(booked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "availability", "--from", "04/05/2026", "--to", "2026-05-07",
                        "--today", "2026-04-15", "--data", str(booked))
    assert code == 0
    assert out.splitlines() == [
        "Du lundi 04/05/2026 au jeudi 07/05/2026 (4 jours), matériel disponible :",
        "  - drone-a — Drone (drone)",
        "  - kit-vr-2 — Second kit (realite_virtuelle)",
        ROTATION,
    ]


def test_items_free_by_category_and_closed_days(booked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "availability", "--from", "2026-05-16", "--to", "2026-05-25",
                        "--category", "realite_virtuelle", "--today", "2026-04-15", "--data", str(booked))
    assert code == 0
    assert out.splitlines() == [
        "Du samedi 16/05/2026 au lundi 25/05/2026 (10 jours), matériel disponible (catégorie realite_virtuelle) :",
        "  - kit-vr-2 — Second kit (realite_virtuelle)",
        "Attention : le samedi 16/05/2026 n'est pas un jour ouvré (week-end) ; le retrait doit avoir lieu "
        "un jour ouvré (Art. 4.3 c).",
        "Attention : le lundi 25/05/2026 n'est pas un jour ouvré (Lundi de Pentecôte) ; la restitution doit "
        "avoir lieu un jour ouvré (Art. 4.3 c).",
        ROTATION,
    ]


def test_nothing_free(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = write_dataset(tmp_path, loans=[loan()])  # the only item, kit-vr, is booked
    code, out, _ = _run(capsys, "availability", "--from", "2026-05-05", "--to", "2026-05-06",
                        "--today", "2026-04-15", "--data", str(data_dir))
    assert code == 0
    assert out.splitlines()[1:3] == ["  aucun matériel disponible sur toute cette période.", ROTATION]


@pytest.mark.parametrize(("argv", "message"), [
    (["availability", "tondeuse"], "tna : matériel « tondeuse » inconnu. Valeurs possibles : drone-a, kit-vr, "
                                   "kit-vr-2.\n"),
    (["availability", "--du", "2026-05-04", "--au", "2026-05-08", "--categorie", "tondeuses"],
     "tna : catégorie « tondeuses » inconnue. Valeurs possibles : drone, realite_virtuelle.\n"),
    (["availability", "--du", "2026-05-04"],
     "tna : indiquez un MATERIEL, ou bien la période avec --du et --au "
     "(ex. tna availability --du 2026-05-04 --au 2026-05-15).\n"),
    (["availability", "kit-vr", "--from", "2026-05-04", "--to", "2026-05-01"],
     "tna : la période se termine (vendredi 01/05/2026) avant de commencer (lundi 04/05/2026) : "
     "corrigez --du ou --au.\n"),
])
def test_usage_errors_exit_2_with_a_french_message(booked: Path, capsys: pytest.CaptureFixture[str],
                                                   argv: list[str], message: str) -> None:
    code, out, err = _run(capsys, *argv, "--today", "2026-04-15", "--data", str(booked))
    assert (code, out, err) == (2, "", message)


def test_bad_date_is_a_usage_error(booked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["availability", "kit-vr", "--from", "31/02/2026", "--data", str(booked)])
    assert exit_info.value.code == 2
    assert "« 31/02/2026 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)" in capsys.readouterr().err


def _tna(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *argv], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_broken_data_gives_findings_and_exit_1_never_a_traceback(booked: Path, capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (booked / "equipment" / "kit-vr.yaml").write_text("id: kit-vr\nnom: [pas fermé\n", encoding="utf-8")
    monkeypatch.chdir(booked.parent)
    code, out, _ = _run(capsys, "availability", "--from", "2026-05-04", "--to", "2026-05-08", "--data", "data",
                        "--today", "2026-04-15")
    assert code == 1
    assert out.startswith("data/equipment/kit-vr.yaml:")
    assert "erreur [fichier]" in out
    assert "matériel disponible" not in out


def test_rule_errors_do_not_hide_the_calendar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    overdue = loan(statut="retire", etat_retrait={
        "date": "2026-05-04T09:00", "par": "agent-dep",
        "composants": [{"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
                       {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]})
    data_dir = write_dataset(tmp_path, loans=[overdue])
    code, out, err = _run(capsys, "availability", "kit-vr", "--from", "2026-05-18", "--to", "2026-05-29",
                          "--today", "2026-05-20", "--data", str(data_dir))
    assert code == 0
    # A request made on 20/05 starts on 28/05 at the earliest (5 working days; 25/05 is Whit Monday).
    assert out.splitlines()[1] == "  - du jeudi 28/05/2026 au vendredi 29/05/2026 (2 jours)"
    assert err.startswith("tna : les données comportent ") and "(détail : tna validate)" in err


def test_sample_data(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = _run(capsys, "availability", "casques-vr-quest", "--today", "2026-04-15")
    assert code == 0
    assert out.startswith("Créneaux libres de « Kit de 6 casques de réalité virtuelle » (casques-vr-quest) "
                          "du mercredi 15/04/2026 au mercredi 14/10/2026 :\n")
    code, out, _ = _run(capsys, "availability", "--from", "2026-06-01", "--to", "2026-06-05",
                        "--today", "2026-04-15")
    assert (code, out.splitlines()[0]) == (0, "Du lundi 01/06/2026 au vendredi 05/06/2026 (5 jours), "
                                              "matériel disponible :")


def test_export_command_refuses_invalid_data_and_writes_nothing(booked: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (booked / "equipment" / "kit-vr.yaml").write_text("id: kit-vr\nnom: [pas fermé\n", encoding="utf-8")
    out = tmp_path / "sortie"
    code, printed, _ = _run(capsys, "export", "--data", str(booked), "--out", str(out), "--today", "2026-04-15")
    assert code == 1
    assert "kit-vr.yaml" in printed and "erreur [fichier]" in printed
    assert not out.exists()


def test_export_command_on_sample_data(tmp_path: Path) -> None:
    """The real console entry point, in its own process, on the shipped sample data."""
    out = tmp_path / "exports"
    result = _tna("export", "--out", str(out), "--today", "2026-04-15")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"{len(list(out.rglob('*.*')))} fichiers écrits dans {out.as_posix()} :\n")
    assert (out / "lieux.csv").is_file() and (out / "calendrier" / "reseau.ics").is_file()
