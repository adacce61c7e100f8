"""Article 7 figures per period, and opening hours written out in French."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from factory import TODAY, check, item, loan, write_dataset
from generator.charts import BarChart, bar_chart_svg
from generator.indicators import compute, half_periods, periods, year_period
from generator.render.hours import day_hours, french_day

REPORT = {"rendu_le": "2025-07-20", "seances": 4,
          "actions": [{"type": "atelier", "nombre": 3}, {"type": "evenement", "nombre": 1}],
          "publics": [{"type": "seniors", "nombre": 20}, {"type": "scolaires", "nombre": 30}],
          "satisfaction": {"note": 4.0, "reponses": 30}}


def across_summer(tmp_path: Path) -> date:
    """A returned loan from 24 June to 5 July 2025 (7 days in June, 5 in July), with its report."""
    returned = loan("pret-ete", debut="2025-06-24", fin="2025-07-05", retrait="2025-06-24T09:00",
                    restitution="2025-07-04T16:00", demande_le="2025-06-01", statut="restitue",
                    validation={"par": "agent-dep", "le": "2025-06-03"}, bilan=REPORT)
    second = loan("pret-automne", debut="2025-10-06", fin="2025-10-10", retrait="2025-10-06T09:00",
                  restitution="2025-10-10T16:00", demande_le="2025-09-01", statut="restitue",
                  validation={"par": "agent-dep", "le": "2025-09-03"},
                  bilan=dict(REPORT, satisfaction={"note": 5.0, "reponses": 10}))
    own_use = loan("usage-dep", emprunteur="departement", debut="2025-11-03", fin="2025-11-07",
                   retrait="2025-11-03T09:00", restitution="2025-11-07T16:00", demande_le="2025-10-01",
                   statut="accepte", validation={"par": "agent-dep", "le": "2025-10-02"})
    del own_use["lieu"]
    refused = loan("pret-refuse", debut="2025-12-01", fin="2025-12-05", retrait="2025-12-01T09:00",
                   restitution="2025-12-05T16:00", demande_le="2025-11-01", statut="refuse",
                   refus={"par": "agent-dep", "le": "2025-11-03", "motif": "Indisponible."})
    del refused["validation"]
    write_dataset(tmp_path, equipment=[item(), item("drone", nom="Drone")],
                  loans=[returned, second, own_use, refused])
    return TODAY


def test_days_split_between_half_years_and_reports_follow_the_start(tmp_path: Path) -> None:
    today = across_summer(tmp_path)
    dataset = check(tmp_path / "data", today).dataset
    first, second = half_periods(2025)
    spring, autumn, year = compute(dataset, first), compute(dataset, second), compute(dataset, year_period(2025))
    assert (spring.loans, spring.days_lent, autumn.loans, autumn.days_lent) == (1, 7, 1, 10)
    assert (year.loans, year.days_lent, year.departement_uses) == (2, 17, 1)
    assert spring.actions == (("atelier", 3), ("evenement", 1))
    assert spring.audiences == (("scolaires", 30), ("seniors", 20)) and spring.audience_total == 50
    assert year.sessions == 8 and year.reports == 2 and year.responses == 40
    assert year.satisfaction == round((4.0 * 30 + 5.0 * 10) / 40, 2)
    use = {entry.item_id: entry for entry in year.item_use}
    assert use["kit-vr"].days_lent == 17 and use["drone"].days_lent == 0
    assert use["kit-vr"].rate == 17 / 365
    assert (year.members_served, year.places_served) == (1, 1)


def test_periods_run_from_the_first_loan_year_to_today(tmp_path: Path) -> None:
    dataset = check(write_dataset(tmp_path, loans=[loan()]), date(2027, 3, 1)).dataset
    found = [(year.slug, [half.slug for half in halves]) for year, halves in periods(dataset)]
    assert found == [("2027", ["2027-s1"]), ("2026", ["2026-s1", "2026-s2"])]


def test_opening_hours_in_french() -> None:
    hours = "Tu-Fr 14:00-18:00; We,Sa 10:00-12:30,14:00-18:00; PH off"
    assert day_hours(hours, date(2026, 4, 29)).text == "ouvert de 10 h à 12 h 30 et de 14 h à 18 h"
    assert day_hours(hours, date(2026, 4, 28)).text == "ouvert de 14 h à 18 h"
    assert day_hours(hours, date(2026, 4, 27)).text == "fermé"
    assert day_hours(hours, date(2026, 5, 1)).text == "fermé"  # Fête du Travail, a Friday
    assert day_hours(None, date(2026, 5, 1)).text == "horaires non communiqués"
    assert french_day(date(2026, 5, 1)) == "vendredi 1er mai 2026"
    assert french_day(date(2026, 4, 15)) == "mercredi 15 avril 2026"


def test_charts_are_byte_identical_and_keep_text_as_text() -> None:
    chart = BarChart("Publics touchés par type", ("Seniors", "Scolaires <b>"), (20.0, 30.0), "personnes")
    first, second = bar_chart_svg(chart), bar_chart_svg(chart)
    assert first == second
    assert b"Scolaires &lt;b&gt;" in first and b"<dc:date>" not in first


def test_a_chart_is_well_formed_svg_with_one_bar_per_label() -> None:
    import xml.etree.ElementTree as ElementTree

    labels = tuple(f"Matériel n° {index} & <co>" for index in range(12))
    chart = BarChart("Jours de prêt par matériel", labels, tuple(float(index + 1) for index in range(12)), "jours")
    root = ElementTree.fromstring(bar_chart_svg(chart))
    namespace = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{namespace}svg" and root.get("height") == str(chart.height_pixels)
    bars = [rect for rect in root.iter(f"{namespace}rect") if rect.get("fill") != "#ffffff"]
    assert len(bars) == 12
    widths = [float(rect.get("width", "0")) for rect in bars]
    assert widths == sorted(widths) and widths[0] > 0  # values 1…12: longer and longer bars
    texts = [text.text for text in root.iter(f"{namespace}text")]
    assert labels[0] in texts and "jours" in texts and "12" in texts
