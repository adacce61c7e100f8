"""iCalendar and JSON feeds, read back with a second library (``ical``)."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from factory import check, item, loan, member, network, without_none, write_dataset
from ical.calendar import Calendar as IcalCalendar
from ical.calendar_stream import IcsCalendarStream
from ical.event import EventStatus

from generator.commands.common import UsageError
from generator.commands import export as export_command
from generator.dates import build_time
from generator.feeds import availability_json, item_calendar, network_calendar
from generator.model import Dataset

STAMP = datetime(2026, 4, 1, 6, 30, tzinfo=timezone.utc)
SITE = dict(url="https://reseau.exemple.fr/tna/", tuiles="", attribution_tuiles="")
PERSONAL = ("demandeur-a", "agent-dep", "pilote-a", "Référent fictif", "Ateliers de découverte")


LOANS = [
    loan("pret-mai", referent="pilote-a"),  # kit-vr, accepte, 04/05 – 15/05/2026
    without_none(loan("demande-juin", debut="2026-06-01", fin="2026-06-05", retrait="2026-06-01T09:00",
                restitution="2026-06-05T16:00", statut="demande", validation=None,
                materiel=["kit-vr", "drone-a"])),
    without_none(loan("dep-juin", emprunteur="departement", lieu=None, debut="2026-06-15", fin="2026-06-19",
                retrait="2026-06-15T09:00", restitution="2026-06-19T16:00", demande_par=None,
                objet="Démonstrations du Département au salon.")),
    without_none(loan("refuse-juillet", debut="2026-07-06", fin="2026-07-10", retrait="2026-07-06T09:00",
                restitution="2026-07-10T16:00", statut="refuse", validation=None,
                refus={"par": "agent-dep", "le": "2026-04-10", "motif": "Matériel déjà promis."})),
]


def _write(root: Path) -> Path:
    return write_dataset(root, network_data=network(site=SITE),
                         members=[member("mairie-a", nom="Commune de Saint-Lô")],
                         equipment=[item("kit-vr", nom="Kit VR"), item("drone-a", nom="Drone", categorie="drone")],
                         loans=LOANS)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return check(_write(tmp_path_factory.mktemp("feeds"))).dataset


def _parse(payload: bytes) -> IcalCalendar:
    return IcsCalendarStream.calendar_from_ics(payload.decode("utf-8"))


def test_item_feed_holds_the_expected_events(dataset: Dataset) -> None:
    calendar = _parse(item_calendar(dataset, "kit-vr", STAMP))
    events = [(e.uid, e.dtstart, e.dtend, e.status, e.summary) for e in calendar.events]
    assert events == [
        ("pret-mai-kit-vr@reseau.exemple.fr", date(2026, 5, 4), date(2026, 5, 16), EventStatus.CONFIRMED,
         "Kit VR — réservé par Commune de Saint-Lô"),
        ("demande-juin-kit-vr@reseau.exemple.fr", date(2026, 6, 1), date(2026, 6, 6), EventStatus.TENTATIVE,
         "Kit VR — demandé par Commune de Saint-Lô (en attente)"),
        ("dep-juin-kit-vr@reseau.exemple.fr", date(2026, 6, 15), date(2026, 6, 20), EventStatus.CONFIRMED,
         "Kit VR — usage propre du Département de la Manche"),
    ]
    assert all(e.dtstamp == STAMP for e in calendar.events)
    assert [(p.name, p.value) for p in calendar.extras] == [("x-wr-calname", "Disponibilités — Kit VR"),
                                                            ("x-published-ttl", "PT12H")]
    assert calendar.refresh_interval == timedelta(hours=12)  # subscribed clients fetch it again
    assert "Département de la Manche" in calendar.prodid


def test_all_day_events_use_date_values(dataset: Dataset) -> None:
    text = item_calendar(dataset, "kit-vr", STAMP).decode("utf-8")
    assert "DTSTART;VALUE=DATE:20260504\r\n" in text
    assert "DTEND;VALUE=DATE:20260516\r\n" in text
    assert "DTSTAMP:20260401T063000Z\r\n" in text


def test_network_feed_has_every_item_and_omits_refused_loans(dataset: Dataset) -> None:
    calendar = _parse(network_calendar(dataset, STAMP))
    assert [e.uid for e in calendar.events] == [
        "pret-mai-kit-vr@reseau.exemple.fr",
        "demande-juin-drone-a@reseau.exemple.fr",
        "demande-juin-kit-vr@reseau.exemple.fr",
        "dep-juin-kit-vr@reseau.exemple.fr",
    ]
    assert _parse(item_calendar(dataset, "drone-a", STAMP)).events[0].status == EventStatus.TENTATIVE


def test_feeds_publish_no_person_and_no_login(dataset: Dataset) -> None:
    outputs = [network_calendar(dataset, STAMP).decode("utf-8"),
               json.dumps(availability_json(dataset, date(2026, 4, 1), date(2026, 7, 31)), ensure_ascii=False)]
    for output in outputs:
        for secret in PERSONAL:
            assert secret not in output


def test_uid_domain_falls_back_without_a_site_url(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, loans=[loan()])
    calendar = _parse(item_calendar(check(data_dir).dataset, "kit-vr", STAMP))
    assert [e.uid for e in calendar.events] == ["pret-a-kit-vr@reseau-tna.invalid"]


def test_availability_json_gives_items_bookings_and_day_states(dataset: Dataset) -> None:
    payload = availability_json(dataset, date(2026, 5, 14), date(2026, 5, 18))
    assert payload["periode"] == {"debut": "2026-05-14", "fin": "2026-05-18"}
    assert [i["id"] for i in payload["materiel"]] == ["drone-a", "kit-vr"]
    assert [(b["pret"], b["materiel"], b["statut"], b["etat"]) for b in payload["reservations"]] == [
        ("pret-mai", "kit-vr", "accepte", "reserve")]
    assert [(d["debut"], d["fin"], d["etat"], d["pret"]) for d in payload["periodes"]["kit-vr"]] == [
        # The turnaround (1 working day) after the return on Friday 15/05: the weekend and Monday 18/05
        # cannot start a new request, so they are « rotation », no longer « ferme » then « libre ».
        ("2026-05-14", "2026-05-15", "reserve", "pret-mai"), ("2026-05-16", "2026-05-18", "rotation", None)]
    assert payload["periodes"]["drone-a"][:2] == [
        {"debut": "2026-05-14", "fin": "2026-05-14", "etat": "ferme", "libelle": "Fermé — Ascension", "pret": None},
        {"debut": "2026-05-15", "fin": "2026-05-15", "etat": "libre", "libelle": "Libre et demandable",
         "pret": None}]
    # The requestable windows, and the day a request made today may start on (15/04 + 5 working days).
    assert payload["fenetres"] == {"drone-a": [{"debut": "2026-05-15", "fin": "2026-05-18"}], "kit-vr": []}
    assert (payload["aujourdhui"], payload["demandable_des"]) == ("2026-04-15", "2026-04-22")
    assert payload["groupes"]["departement"] == "reserve" and payload["groupes"]["ferme"] == "indisponible"
    assert set(payload["groupes"].values()) == set(payload["groupes_libelles"]) == {
        "libre", "trop_tot", "rotation", "demande", "reserve", "indisponible"}


def test_an_items_json_is_the_network_json_narrowed_to_it(dataset: Dataset) -> None:
    whole = availability_json(dataset, date(2026, 4, 1), date(2026, 7, 31))
    for item_id in ("kit-vr", "drone-a"):
        narrowed = availability_json(dataset, date(2026, 4, 1), date(2026, 7, 31), item_id)
        assert narrowed == {
            "periode": whole["periode"], "etats": whole["etats"],
            "materiel": [entry for entry in whole["materiel"] if entry["id"] == item_id],
            "reservations": [entry for entry in whole["reservations"] if entry["materiel"] == item_id],
            "periodes": {item_id: whole["periodes"][item_id]},
            "fenetres": {item_id: whole["fenetres"][item_id]},
            **{key: whole[key] for key in ("aujourdhui", "demandable_des", "groupes", "groupes_libelles")},
        }


def test_periods_cover_the_whole_period_without_gap(dataset: Dataset) -> None:
    payload = availability_json(dataset, date(2026, 4, 1), date(2026, 7, 31))
    for runs in payload["periodes"].values():
        assert runs[0]["debut"] == "2026-04-01" and runs[-1]["fin"] == "2026-07-31"
        for before, after in zip(runs, runs[1:]):
            assert date.fromisoformat(after["debut"]) == date.fromisoformat(before["fin"]) + timedelta(days=1)
            assert (before["etat"], before["libelle"], before["pret"]) != (after["etat"], after["libelle"], after["pret"])


def test_build_time_honours_source_date_epoch() -> None:
    assert build_time({"SOURCE_DATE_EPOCH": "1775025000"}) == datetime(2026, 4, 1, 6, 30, tzinfo=timezone.utc)
    assert build_time({"SOURCE_DATE_EPOCH": " 1775025000\n"}) == datetime(2026, 4, 1, 6, 30, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH vaut « hier »"):
        build_time({"SOURCE_DATE_EPOCH": "hier"})
    assert abs((build_time({}) - datetime.now(timezone.utc)).total_seconds()) < 60
    assert abs((build_time({"SOURCE_DATE_EPOCH": ""}) - datetime.now(timezone.utc)).total_seconds()) < 60


def test_export_says_in_french_when_source_date_epoch_is_not_a_number(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hier")
    parser = argparse.ArgumentParser()
    export_command.add_arguments(parser)
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH vaut « hier »"):
        export_command.run(parser.parse_args(["--data", str(tmp_path), "--sortie", str(tmp_path / "out")]))


def _export(monkeypatch: pytest.MonkeyPatch, data_dir: Path, out: Path, epoch: str) -> dict[str, bytes]:
    """``tna export`` as the command module runs it, with SOURCE_DATE_EPOCH set."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    parser = argparse.ArgumentParser()
    export_command.add_arguments(parser)
    args = parser.parse_args(["--data", str(data_dir), "--out", str(out), "--today", "2026-04-15"])
    assert export_command.run(args) == 0
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_export_is_deterministic_under_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = _write(tmp_path)
    first = _export(monkeypatch, data_dir, tmp_path / "un", "1775025000")
    second = _export(monkeypatch, data_dir, tmp_path / "deux", "1775025000")
    assert first == second
    assert sorted(first) == ["calendrier/disponibilites.json", "calendrier/drone-a.ics", "calendrier/kit-vr.ics",
                             "calendrier/reseau.ics", "lieux.csv", "lieux.geojson", "lieux.json",
                             "materiel.json", "reservations.json"]
    assert b"DTSTAMP:20260401T063000Z" in first["calendrier/reseau.ics"]
    later = _export(monkeypatch, data_dir, tmp_path / "trois", "1775111400")
    assert b"DTSTAMP:20260402T063000Z" in later["calendrier/reseau.ics"]
    assert later["lieux.csv"] == first["lieux.csv"]


def test_spliced_events_give_the_bytes_icalendar_gives(dataset: Dataset) -> None:
    """The feeds splice each event's bytes, serialised once per build, into the calendar:
    the bytes are those of icalendar's own serialisation of the whole calendar."""
    from icalendar import Calendar

    from generator import feeds
    from generator.availability import bookings

    domain = feeds.feed_domain(dataset)
    for payload, held in ((network_calendar(dataset, STAMP), bookings(dataset)),
                          (item_calendar(dataset, "kit-vr", STAMP), bookings(dataset, "kit-vr"))):
        whole = Calendar.from_ical(payload)
        assert len(whole.subcomponents) == len(held) > 0
        whole.subcomponents = [feeds._event(dataset, booking, domain, STAMP) for booking in held]
        assert whole.to_ical() == payload
    assert dataset.memo["ical-events"]  # the network's events were kept for the items' feeds
