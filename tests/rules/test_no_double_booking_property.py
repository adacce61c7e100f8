"""Property: whatever the bookings, a data set without double-booking or priority errors
never holds one item twice on the same day; and every reported conflict is a real one.

Random loans over a few items and a short period, with random statuses and borrowers
(members or the Département), go through the whole pipeline (files, schemas, rules).
"""

import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from factory import check, item, loan, network, write_dataset

ITEMS = ("kit-a", "kit-b")
STATUSES = ("demande", "accepte", "retire", "restitue", "refuse", "annule")
ACTIVE = {"demande", "accepte", "retire"}
FIRST_DAY = date(2026, 6, 1)
CONFLICT_RULES = {"double-reservation", "priorite-departement"}

booking = st.fixed_dictionaries({
    "offset": st.integers(0, 15),
    "length": st.integers(1, 6),
    # Active statuses twice as likely, so that conflicts (and near misses) are common.
    "status": st.sampled_from(STATUSES + ("demande", "accepte", "retire")),
    "departement": st.booleans(),
    "items": st.lists(st.sampled_from(ITEMS), min_size=1, max_size=2, unique=True),
})


def loan_record(index, spec):
    start = FIRST_DAY + timedelta(days=spec["offset"])
    end = start + timedelta(days=spec["length"] - 1)
    record = loan(f"pret-{index}", debut=start.isoformat(), fin=end.isoformat(), statut=spec["status"],
                  retrait=f"{start.isoformat()}T09:00", restitution=f"{end.isoformat()}T16:00",
                  materiel=spec["items"])
    if spec["departement"]:
        record["emprunteur"] = "departement"
        del record["lieu"]
    return record


def held_twice(records):
    """(item, day) pairs held by more than one active booking."""
    held = Counter()
    for record in records:
        if record["statut"] not in ACTIVE:
            continue
        day, end = date.fromisoformat(record["debut"]), date.fromisoformat(record["fin"])
        while day <= end:
            held.update((item_id, day) for item_id in record["materiel"])
            day += timedelta(days=1)
    return {key for key, count in held.items() if count > 1}


def too_close(first, second, turnaround, dataset_network):
    """All-pairs oracle: do two active records share an item without the turnaround between them?"""
    if first["statut"] not in ACTIVE or second["statut"] not in ACTIVE:
        return False
    if not set(first["materiel"]) & set(second["materiel"]):
        return False
    (a_start, a_end), (b_start, b_end) = ((date.fromisoformat(r["debut"]), date.fromisoformat(r["fin"]))
                                          for r in (first, second))
    if (b_start, b_end) < (a_start, a_end):
        (a_start, a_end), (b_start, b_end) = (b_start, b_end), (a_start, a_end)
    return b_start <= dataset_network.add_working_days(a_end, turnaround)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(booking, max_size=7), turnaround=st.integers(0, 2))
def test_no_item_held_twice_without_a_conflict_finding(specs, turnaround):
    rules = {"duree_max_jours": 30, "rotation_jours_ouvres": turnaround, "preavis_jours_ouvres": 5,
             "delai_bilan_jours": 30}
    records = [loan_record(index, spec) for index, spec in enumerate(specs)]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = write_dataset(Path(tmp), network_data=network(regles_pret=rules),
                                 equipment=[item(item_id) for item_id in ITEMS], loans=records)
        outcome = check(data_dir)
    assert [f for f in outcome.findings if f.rule in {"fichier", "schema", "references"}] == []
    flagged = {f.path.rsplit("/", 1)[1].removesuffix(".yaml") for f in outcome.findings if f.rule in CONFLICT_RULES}
    if not flagged:
        assert held_twice(records) == set()
    expected = set()
    for index, first in enumerate(records):
        for second in records[index + 1:]:
            if too_close(first, second, turnaround, outcome.dataset.network):
                departement = {r["id"] for r in (first, second) if r["emprunteur"] == "departement"}
                # A Département booking against a member's: only the member's file is flagged.
                expected |= ({first["id"], second["id"]} - departement) if len(departement) == 1 \
                    else {first["id"], second["id"]}
    assert flagged == expected
