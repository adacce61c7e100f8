"""The calendar core: day states, requestable windows (notice, turnaround, slots), items requestable over a period.

Today is 15/04/2026 and the notice 5 working days: a request made today starts on 22/04 at the
earliest; days before are « trop tôt » (« Passé » before today).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from factory import check, item, loan, member, network, without_none, write_dataset

from generator.availability import (Day, DayState, bookings, clashes, is_free, is_requestable, item_days,
                                    item_periods, items_requestable, open_slots, requestable_windows)
from generator.model import Dataset

# Factory network: turnaround (rotation_jours_ouvres) of 1 working day.
BOOKED = loan("pret-mai")  # kit-vr, accepte, Mon 04/05/2026 – Fri 15/05/2026
REQUESTED = loan("demande-juin", debut="2026-06-01", fin="2026-06-05", retrait="2026-06-01T09:00",
                 restitution="2026-06-05T16:00", statut="demande", validation=None)
DEPARTEMENT = loan("dep-juin", emprunteur="departement", lieu=None, debut="2026-06-15", fin="2026-06-19",
                   retrait="2026-06-15T09:00", restitution="2026-06-19T16:00", demande_par=None,
                   objet="Démonstrations du Département au salon numérique.")
CANCELLED = loan("annule-juillet", debut="2026-07-06", fin="2026-07-10", retrait="2026-07-06T09:00",
                 restitution="2026-07-10T16:00", statut="annule", validation=None,
                 annulation={"par": "demandeur-a", "le": "2026-04-10"})


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = tmp_path_factory.mktemp("availability")
    data_dir = write_dataset(
        root,
        members=[member("mairie-a", nom="Commune de Saint-Lô")],
        equipment=[item("kit-vr"), item("kit-vr-2", nom="Second kit"),
                   item("drone-a", nom="Drone", categorie="drone"),
                   item("robot-a", nom="Robots", categorie="robotique", etat="maintenance",
                        etat_depuis="2026-05-20")],
        loans=[without_none(BOOKED), without_none(REQUESTED), without_none(DEPARTEMENT), without_none(CANCELLED)],
    )
    return check(data_dir).dataset


def _state(dataset: Dataset, item_id: str, day: date) -> tuple[DayState, str, str | None]:
    (found,) = item_days(dataset, item_id, day, day)
    assert found.day == day
    return found.state, found.label, found.loan_id


def test_bookings_skip_cancelled_loans_and_name_organisations(dataset: Dataset) -> None:
    found = bookings(dataset, "kit-vr")
    assert [(b.loan_id, b.status, b.state, b.borrower_name) for b in found] == [
        ("pret-mai", "accepte", DayState.RESERVE, "Commune de Saint-Lô"),
        ("demande-juin", "demande", DayState.DEMANDE, "Commune de Saint-Lô"),
        ("dep-juin", "accepte", DayState.DEPARTEMENT, "Département de la Manche"),
    ]
    assert bookings(dataset, "kit-vr-2") == []


def test_day_states_on_known_dates(dataset: Dataset) -> None:
    assert _state(dataset, "kit-vr", date(2026, 4, 6)) == (DayState.FERME, "Fermé — Lundi de Pâques", None)
    assert _state(dataset, "kit-vr", date(2026, 4, 18)) == (DayState.FERME, "Week-end", None)
    assert _state(dataset, "kit-vr", date(2026, 4, 14)) == (DayState.TROP_TOT, "Passé", None)
    assert _state(dataset, "kit-vr", date(2026, 4, 21)) == (
        DayState.TROP_TOT, "Libre mais trop tôt (préavis)", None)
    assert _state(dataset, "kit-vr", date(2026, 4, 22)) == (DayState.LIBRE, "Libre et demandable", None)
    assert _state(dataset, "kit-vr", date(2026, 4, 30)) == (  # 01/05 is a holiday: a return on 30/04 ...
        DayState.ROTATION, "Rotation (entretien entre deux prêts)", None)  # ... hands over on 04/05
    assert _state(dataset, "kit-vr", date(2026, 5, 4)) == (
        DayState.RESERVE, "Réservé — Commune de Saint-Lô", "pret-mai")
    assert _state(dataset, "kit-vr", date(2026, 6, 3)) == (
        DayState.DEMANDE, "Demandé — Commune de Saint-Lô", "demande-juin")
    assert _state(dataset, "kit-vr", date(2026, 6, 15)) == (
        DayState.DEPARTEMENT, "Usage du Département — Département de la Manche", "dep-juin")
    assert _state(dataset, "kit-vr", date(2026, 5, 18)) == (
        DayState.ROTATION, "Rotation (entretien entre deux prêts)", None)  # the working day after the return
    assert _state(dataset, "kit-vr", date(2026, 7, 7)) == (DayState.LIBRE, "Libre et demandable", None)  # cancelled
    assert _state(dataset, "robot-a", date(2026, 5, 19)) == (DayState.LIBRE, "Libre et demandable", None)
    assert _state(dataset, "robot-a", date(2026, 5, 20)) == (DayState.MAINTENANCE, "En maintenance", None)


def test_a_booked_closed_day_shows_the_booking(dataset: Dataset) -> None:
    # Saturday 09/05 and Ascension Thursday 14/05 fall inside the May loan.
    assert _state(dataset, "kit-vr", date(2026, 5, 9))[0] is DayState.RESERVE
    assert _state(dataset, "kit-vr", date(2026, 5, 14))[0] is DayState.RESERVE
    # The weekend after it falls in the turnaround (no request may start before Tuesday 19/05).
    assert _state(dataset, "kit-vr", date(2026, 5, 16))[0] is DayState.ROTATION
    assert _state(dataset, "kit-vr", date(2026, 5, 23)) == (DayState.FERME, "Week-end", None)


def test_out_of_service_beats_bookings(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, equipment=[item(etat="hors_service", etat_depuis="2026-05-10")],
                             loans=[loan()])
    days = item_days(check(data_dir).dataset, "kit-vr", date(2026, 5, 8), date(2026, 5, 11))
    assert [(d.state, d.label) for d in days] == [
        (DayState.RESERVE, "Réservé — Commune de test"), (DayState.RESERVE, "Réservé — Commune de test"),
        (DayState.HORS_SERVICE, "Hors service"), (DayState.HORS_SERVICE, "Hors service")]


def test_item_days_gives_one_day_per_date(dataset: Dataset) -> None:
    days = item_days(dataset, "kit-vr", date(2026, 2, 20), date(2026, 3, 5))
    assert [d.day for d in days] == [date(2026, 2, 20) + timedelta(days=n) for n in range(14)]


def test_free_windows_around_bookings_with_turnaround(dataset: Dataset) -> None:
    # Notice: a request made on 15/04 starts on 22/04 at the earliest (was 20/04 before the notice
    # counted). Turnaround 1 working day: a loan ending Wed 29/04 hands over on Thu 30/04, before the May
    # loan starts on Mon 04/05 (01/05 is a holiday, so ending Thu 30/04 would hand over on 04/05).
    assert requestable_windows(dataset, "kit-vr", date(2026, 4, 18), date(2026, 6, 30)) == [
        (date(2026, 4, 22), date(2026, 4, 29)),
        (date(2026, 5, 19), date(2026, 5, 28)),
        (date(2026, 6, 9), date(2026, 6, 11)),
        (date(2026, 6, 23), date(2026, 6, 30)),
    ]


def test_free_windows_honour_min_days_and_maintenance(dataset: Dataset) -> None:
    assert requestable_windows(dataset, "kit-vr", date(2026, 4, 18), date(2026, 6, 30), min_days=8) == [
        (date(2026, 4, 22), date(2026, 4, 29)), (date(2026, 5, 19), date(2026, 5, 28)),
        (date(2026, 6, 23), date(2026, 6, 30))]
    assert requestable_windows(dataset, "robot-a", date(2026, 5, 1), date(2026, 6, 30)) == [
        (date(2026, 5, 4), date(2026, 5, 19))]


def test_turnaround_zero_allows_the_next_day_never_the_same_day(tmp_path: Path) -> None:
    rules = dict(network()["regles_pret"], rotation_jours_ouvres=0)
    data_dir = write_dataset(tmp_path, network_data=network(regles_pret=rules), loans=[loan()])
    dataset = check(data_dir).dataset
    assert requestable_windows(dataset, "kit-vr", date(2026, 4, 27), date(2026, 5, 22)) == [
        (date(2026, 4, 27), date(2026, 4, 30)), (date(2026, 5, 18), date(2026, 5, 22))]
    assert clashes(dataset.network, (date(2026, 5, 15), date(2026, 5, 15)),  # type: ignore[arg-type]
                   (date(2026, 5, 4), date(2026, 5, 15)))


def test_windows_agree_with_the_clash_test_for_every_pair_of_days(dataset: Dataset) -> None:
    """Any loan on working days fits inside a window exactly when it is requestable: no active booking
    clashes (the rules' own test) and it starts once the notice is over (22/04)."""
    first, last = date(2026, 4, 20), date(2026, 7, 3)
    windows = requestable_windows(dataset, "kit-vr", first, last)
    network_ = dataset.network
    assert network_ is not None
    working = [first + timedelta(days=n) for n in range((last - first).days + 1)
               if network_.is_working_day(first + timedelta(days=n))]
    kit = dataset.equipment["kit-vr"]
    for index, start in enumerate(working):
        for end in working[index:]:
            inside = any(w_start <= start and end <= w_end for w_start, w_end in windows)
            assert inside == is_requestable(dataset, kit, start, end), (start, end)
            assert inside == (is_free(dataset, kit, start, end) and start >= date(2026, 4, 22)), (start, end)


def test_items_free_by_category(dataset: Dataset) -> None:
    ids = [i.id for i in items_requestable(dataset, date(2026, 5, 5), date(2026, 5, 6))]
    assert ids == ["drone-a", "kit-vr-2", "robot-a"]
    assert [i.id for i in items_requestable(dataset, date(2026, 5, 5), date(2026, 5, 6), "realite_virtuelle")] == [
        "kit-vr-2"]
    assert [i.id for i in items_requestable(dataset, date(2026, 5, 25), date(2026, 5, 27))] == [
        "drone-a", "kit-vr", "kit-vr-2"]  # robot-a in maintenance from 20/05
    assert [i.id for i in items_requestable(dataset, date(2026, 5, 18), date(2026, 5, 19), "realite_virtuelle")] == [
        "kit-vr-2"]  # 18/05 is the turnaround day after the May loan


def test_open_slots_of_the_headquarters(dataset: Dataset) -> None:
    assert open_slots(dataset, date(2026, 4, 7)) == [(time(8, 30), time(12, 30)), (time(13, 30), time(17, 0))]
    assert open_slots(dataset, date(2026, 4, 6)) == []  # Easter Monday
    assert open_slots(dataset, date(2026, 4, 11)) == []  # Saturday


def _probe(start: date, end: date) -> dict[str, object]:
    return without_none(loan("sonde", debut=start.isoformat(), fin=end.isoformat(),
                       retrait=f"{start.isoformat()}T09:00", restitution=f"{end.isoformat()}T16:00",
                       statut="demande", validation=None, demande_le="2026-04-15"))


# A member's request made today (15/04): its dates are judged by the notice and slot rules too.
CALENDAR_RULES = {"double-reservation", "priorite-departement", "materiel-disponible", "delai-prevenance",
                  "creneaux"}


def _calendar_findings(tmp_path: Path, probe: dict[str, object], item_id: str) -> list[str]:
    probe["materiel"] = [item_id]
    data_dir = write_dataset(
        tmp_path,
        members=[member("mairie-a", nom="Commune de Saint-Lô")],
        equipment=[item("kit-vr"), item("robot-a", nom="Robots", categorie="robotique", etat="maintenance",
                        etat_depuis="2026-05-20")],
        loans=[without_none(BOOKED), without_none(REQUESTED), without_none(DEPARTEMENT), probe])
    return sorted(f.rule for f in check(data_dir).findings
                  if f.rule in CALENDAR_RULES and "sonde" in f.path)


def _next_working_day(dataset: Dataset, day: date, step: int) -> date:
    assert dataset.network is not None
    day += timedelta(days=step)
    while not dataset.network.is_working_day(day):
        day += timedelta(days=step)
    return day


@pytest.mark.parametrize("item_id", ["kit-vr", "robot-a"])
def test_windows_agree_with_the_rules_engine(dataset: Dataset, tmp_path: Path, item_id: str) -> None:
    """A request filling a window passes the calendar rules; one working day more on either side does not."""
    for number, (start, end) in enumerate(requestable_windows(dataset, item_id, date(2026, 4, 20), date(2026, 6, 30))):
        assert _calendar_findings(tmp_path / f"{number}-fits", _probe(start, end), item_id) == []
        earlier = _next_working_day(dataset, start, -1)
        later = _next_working_day(dataset, end, +1)
        if start > date(2026, 4, 22):  # 22/04: the first day the notice allows
            assert _calendar_findings(tmp_path / f"{number}-before", _probe(earlier, end), item_id) != []
        if end < date(2026, 6, 30):
            assert _calendar_findings(tmp_path / f"{number}-after", _probe(start, later), item_id) != []


def test_item_periods_tell_the_calendar_as_a_list(dataset: Dataset) -> None:
    periods = item_periods(dataset, "kit-vr", date(2026, 4, 29), date(2026, 5, 19))
    assert [(p.first, p.last, p.state, p.label) for p in periods] == [
        # The turnaround now shows: before the May loan (a return from 30/04 on would hand over on
        # 04/05) and after it (the working day after the return, and the weekend before it).
        (date(2026, 4, 29), date(2026, 4, 29), DayState.LIBRE, "Libre et demandable"),
        (date(2026, 4, 30), date(2026, 5, 3), DayState.ROTATION, "Rotation (entretien entre deux prêts)"),
        (date(2026, 5, 4), date(2026, 5, 15), DayState.RESERVE, "Réservé — Commune de Saint-Lô"),
        (date(2026, 5, 16), date(2026, 5, 18), DayState.ROTATION, "Rotation (entretien entre deux prêts)"),
        (date(2026, 5, 19), date(2026, 5, 19), DayState.LIBRE, "Libre et demandable"),
    ]


# --- the sweep against the definition, day by day -----------------------------------


def _reference_day(dataset: Dataset, item_id: str, day: date) -> tuple[DayState, str, str | None]:
    """The module docstring's definition, checked one day at a time over every loan (slow, obvious)."""
    from generator.availability import STATE_LABELS, STATE_PRIORITY, _closed_label, unbookable_from
    from generator.vocabulary import UNBOOKABLE_STATES

    network_ = dataset.network
    assert network_ is not None
    earliest = network_.add_working_days(dataset.today, network_.loan_rules.notice_working_days)
    turnaround = network_.loan_rules.turnaround_working_days

    item = dataset.equipment[item_id]
    since = unbookable_from(item)
    if item.state in UNBOOKABLE_STATES and since is not None and day >= since:
        state = DayState.MAINTENANCE if item.state == "maintenance" else DayState.HORS_SERVICE
        return state, {"maintenance": "En maintenance", "hors_service": "Hors service",
                       "reforme": "Réformé"}[item.state], None
    held = [b for b in sorted(
        (b for b in _all_bookings(dataset) if b.item_id == item_id),
        key=lambda b: (b.start, b.end, b.item_id, b.loan_id)) if b.start <= day <= b.end]
    held = [b for b in held if b.is_active or day < earliest]  # a returned loan frees its days
    if held:
        best = min(held, key=lambda b: STATE_PRIORITY[b.state])
        return best.state, f"{STATE_LABELS[best.state]} — {best.borrower_name}", best.loan_id
    for b in _all_bookings(dataset):
        if b.item_id != item_id or not b.is_active or b.end < b.start:
            continue
        # after a booking: its turnaround; before it: days a loan would end on too close to its pickup
        if b.end < day <= network_.add_working_days(b.end, turnaround) or (
                day < b.start and network_.add_working_days(day, turnaround) >= b.start):
            return DayState.ROTATION, STATE_LABELS[DayState.ROTATION], None
    closed = _closed_label(dataset.network, day)
    if closed:
        return DayState.FERME, closed, None
    if not open_slots(dataset, day):
        return DayState.FERME, f"Fermé — {network_.headquarters.name}", None
    if day < earliest:
        return DayState.TROP_TOT, "Passé" if day < dataset.today else STATE_LABELS[DayState.TROP_TOT], None
    return DayState.LIBRE, STATE_LABELS[DayState.LIBRE], None


def _all_bookings(dataset: Dataset) -> list[object]:
    from generator.availability import SHOWN_STATUSES, Booking, booking_state, borrower_name

    return [Booking(loan.id, held, loan.borrower, borrower_name(dataset, loan.borrower), loan.start, loan.end,
                    loan.status, booking_state(loan))
            for loan in dataset.loans if loan.status in SHOWN_STATUSES for held in dict.fromkeys(loan.item_ids)]


def _runs(days: list[Day]) -> list[tuple[date, date, DayState, str, str | None]]:
    """Consecutive days that say the same thing (state, label, loan), grouped one day at a time."""
    runs: list[tuple[date, date, DayState, str, str | None]] = []
    for day in days:
        if runs and runs[-1][1] + timedelta(days=1) == day.day and runs[-1][2:] == (day.state, day.label, day.loan_id):
            runs[-1] = (runs[-1][0], day.day, *runs[-1][2:])
        else:
            runs.append((day.day, day.day, day.state, day.label, day.loan_id))
    return runs


def test_the_sweep_gives_the_definition_on_the_sample() -> None:
    """Every item of the shipped sample, every day of two years: the one-pass sweep, its
    periods and the bisected free check agree with the day-by-day definition."""
    from generator.availability import clashes

    sample = check(Path(__file__).resolve().parent.parent / "data").dataset
    first, last = date(2025, 1, 1), date(2026, 12, 31)
    for item_id in sorted(sample.equipment):
        days = item_days(sample, item_id, first, last)
        expected = [_reference_day(sample, item_id, first + timedelta(days=offset))
                    for offset in range((last - first).days + 1)]
        assert [(day.state, day.label, day.loan_id) for day in days] == expected
        assert [(p.first, p.last, p.state, p.label, p.loan_id)
                for p in item_periods(sample, item_id, first, last)] == _runs(days)
        item = sample.equipment[item_id]
        active = [b for b in _all_bookings(sample) if b.item_id == item_id and b.is_active]  # type: ignore[attr-defined]
        assert sample.network is not None
        for start in (first + timedelta(days=offset) for offset in range(0, 700, 3)):
            end = start + timedelta(days=4)
            since = item.state_since or date.min
            unbookable = item.state in ("maintenance", "hors_service", "reforme") and since <= end
            brute = not unbookable and not any(clashes(sample.network, (start, end), (b.start, b.end))
                                               for b in active)  # type: ignore[attr-defined]
            assert is_free(sample, item, start, end) == brute


@pytest.mark.parametrize(("code", "closed"), [("50", False), ("67", True), ("68", True), ("57", True), ("971", True)])
def test_the_calendar_of_the_departement_closes_good_friday(tmp_path: Path, code: str, closed: bool) -> None:
    """Availability and the commands use the public holidays of reseau.yaml's département."""
    data_dir = write_dataset(tmp_path, network_data=network(departement={"nom": "Département", "code": code}))
    dataset = check(data_dir).dataset
    good_friday = date(2026, 4, 3)
    assert (open_slots(dataset, good_friday) == []) is closed
    expected = (DayState.FERME, "Fermé — Vendredi saint", None) if closed else (DayState.TROP_TOT, "Passé", None)
    assert _state(dataset, "kit-vr", good_friday) == expected
