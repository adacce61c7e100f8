"""Property: « libre » means requestable (issue 11, point 1).

On small random networks (turnaround, notice, opening hours, public holidays of the
département, an item in maintenance, random bookings of members and of the Département),
written with the test factory and judged by the whole pipeline:

* any window the site publishes (the JSON feed's ``fenetres``, the same windows as the item
  page, the catalogue and ``tna availability``), requested as-is by a member today (statut
  demande, demande_le = today, pickup and return at opening times), passes ``tna validate``
  with no new error; a window longer than the maximum length of a loan is requested as its
  first and its last ``duree_max_jours`` days (a longer request needs a dérogation);
* any day the calendar marks booked, requested, rotation, too early or out of service makes
  a request covering that day (from the nearest open day before it to the nearest after it)
  fail with an error of a date rule.
"""

from __future__ import annotations

import tempfile
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from factory import check, item, loan, network, write_dataset, write_loan

from generator.availability import (DayState, french_weekday_date, item_days, items_requestable, open_slots,
                                    requestable_windows)
from generator.commands.availability import item_report
from generator.commands.new_loan import check_end, check_start
from generator.feeds import availability_json
from generator.model import Dataset

ITEMS = ("kit-a", "kit-b")
FIRST_TODAY = date(2026, 4, 27)  # Fête du Travail, Ascension, Pentecost and 8 May in reach
HORIZON_DAYS = 50
DATE_RULES = {"delai-prevenance", "double-reservation", "priorite-departement", "materiel-disponible", "creneaux"}
HOURS = ("Mo-Fr 08:30-12:30,13:30-17:00; PH off", "Mo,We,Fr 09:00-12:00; PH off", "Tu-Sa 10:00-16:00")

booking = st.fixed_dictionaries({
    "offset": st.integers(-10, HORIZON_DAYS),
    "length": st.integers(1, 8),
    "status": st.sampled_from(("demande", "accepte", "retire", "restitue", "annule", "demande", "accepte")),
    "departement": st.booleans(),
    "items": st.lists(st.sampled_from(ITEMS), min_size=1, max_size=2, unique=True),
})


def _record(index: int, spec: dict[str, Any], today: date) -> dict[str, Any]:
    start = today + timedelta(days=spec["offset"])
    end = start + timedelta(days=spec["length"] - 1)
    record = loan(f"pret-{index}", debut=start.isoformat(), fin=end.isoformat(), statut=spec["status"],
                  retrait=f"{start.isoformat()}T09:00", restitution=f"{end.isoformat()}T16:00",
                  materiel=spec["items"], demande_le=(today - timedelta(days=30)).isoformat())
    if spec["departement"]:
        record["emprunteur"] = "departement"
        del record["lieu"]
    return record


def _request(dataset: Dataset, item_id: str, start: date, end: date) -> dict[str, Any]:
    """A member's request made today, picked up at opening time, returned just before the first closing."""
    opens = open_slots(dataset, start)[0][0] if open_slots(dataset, start) else time(9)
    closes = open_slots(dataset, end)[0][1] if open_slots(dataset, end) else time(16)
    back = (closes.hour * 60 + closes.minute - 1) if closes != time.max else 23 * 60
    record = loan("sonde", debut=start.isoformat(), fin=end.isoformat(), statut="demande",
                  retrait=f"{start.isoformat()}T{opens:%H:%M}",
                  restitution=f"{end.isoformat()}T{back // 60:02d}:{back % 60:02d}",
                  demande_le=dataset.today.isoformat(), materiel=[item_id])
    del record["validation"]
    return record


def _errors(data_dir: Path, today: date) -> set[tuple[str, str, str]]:
    return {(f.rule, f.path, f.message) for f in check(data_dir, today).findings if f.is_error}


def _new_errors(data_dir: Path, today: date, baseline: set[tuple[str, str, str]],
                record: dict[str, Any]) -> set[tuple[str, str, str]]:
    path = write_loan(data_dir, record)
    try:
        return _errors(data_dir, today) - baseline
    finally:
        path.unlink()


def _open_day(dataset: Dataset, day: date, step: int) -> date:
    while not open_slots(dataset, day):
        day += timedelta(days=step)
    return day


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(booking, max_size=6), turnaround=st.integers(0, 2), notice=st.integers(0, 8),
       hours=st.sampled_from(HOURS), code=st.sampled_from(("50", "67")), shift=st.integers(0, 20),
       maintenance=st.one_of(st.none(), st.integers(0, HORIZON_DAYS)), data=st.data())
def test_offered_windows_pass_and_marked_days_fail(specs: list[dict[str, Any]], turnaround: int, notice: int,
                                                   hours: str, code: str, shift: int, maintenance: int | None,
                                                   data: st.DataObject) -> None:
    today = FIRST_TODAY + timedelta(days=shift)
    base = network()
    rules = dict(base["regles_pret"], rotation_jours_ouvres=turnaround, preavis_jours_ouvres=notice,
                 duree_max_jours=12)
    equipment = [item("kit-a"), item("kit-b", nom="Second kit")]
    if maintenance is not None:
        equipment[1].update(etat="maintenance", etat_depuis=(today + timedelta(days=maintenance)).isoformat())
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = write_dataset(
            Path(tmp), network_data=network(regles_pret=rules, siege=dict(base["siege"], horaires=hours),
                                            departement={"nom": "Département de test", "code": code}),
            equipment=equipment, loans=[_record(index, spec, today) for index, spec in enumerate(specs)])
        outcome = check(data_dir, today)
        dataset = outcome.dataset
        baseline = {(f.rule, f.path, f.message) for f in outcome.findings if f.is_error}
        last = today + timedelta(days=HORIZON_DAYS)
        for item_id in ITEMS:
            feed = availability_json(dataset, today, last, item_id)
            offered = [(date.fromisoformat(w["debut"]), date.fromisoformat(w["fin"])) for w in feed["fenetres"][item_id]]
            assert offered == requestable_windows(dataset, item_id, today, last)  # site and command agree
            assert dataset.network is not None
            report = item_report(dataset, dataset.network, item_id, today, last)
            assert [line for line in report if line.startswith("  - du ")] == [
                f"  - du {french_weekday_date(a)} au {french_weekday_date(b)} ({(b - a).days + 1} jour"
                f"{'s' if b > a else ''})" for a, b in offered]
            limit = timedelta(days=12 - 1)
            for start, end in offered[:2]:
                requests = [(start, end)] if end - start <= limit else [
                    (start, _open_day(dataset, start + limit, -1)), (_open_day(dataset, end - limit, 1), end)]
                for first, final in requests:
                    # tna availability --du --au lists the item; tna new-loan's checks accept both days
                    assert item_id in [found.id for found in items_requestable(dataset, first, final)]
                    assert check_start(dataset, dataset.network, [item_id], first) == first
                    assert check_end(dataset, dataset.network, [item_id], first, final) == final
                    assert _new_errors(data_dir, today, baseline, _request(dataset, item_id, first, final)) == set(), \
                        (item_id, first, final)
            refused = [day for day in item_days(dataset, item_id, today, last)
                       if day.state not in (DayState.LIBRE, DayState.FERME)]
            if not refused:
                continue
            day = data.draw(st.sampled_from(refused), label=f"refused day of {item_id}")
            first, final = _open_day(dataset, day.day, -1), _open_day(dataset, day.day, 1)
            errors = _new_errors(data_dir, today, baseline, _request(dataset, item_id, first, final))
            assert {rule for rule, _path, _message in errors} & DATE_RULES, (item_id, day, first, final)
