"""type-membre (Art. 2): the member's official identifier confirms its kind."""

from factory import line_of, member, place, write_dataset
from ruletest import findings

from generator.rules.member_kind import siret_is_valid

RULE = "type-membre"
FILE = "data/members/mairie-a.yaml"


def test_collectivite_with_a_public_siret_passes(tmp_path):
    assert findings(write_dataset(tmp_path), RULE) == []


def test_association_with_rna_passes(tmp_path):
    association = member(type="association", rna="W502004567")
    del association["siret"]
    assert findings(write_dataset(tmp_path, members=[association]), RULE) == []


def test_association_with_a_private_siret_passes(tmp_path):
    association = member(type="association", siret="44306184100047")
    assert findings(write_dataset(tmp_path, members=[association]), RULE) == []


def test_luhn_invalid_siret_is_an_error(tmp_path):
    data_dir = write_dataset(tmp_path, members=[member(siret="21500502000011")])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "members/mairie-a.yaml", "siret:"), "erreur",
        "le SIRET 21500502000011 n'est pas valide (sa clé de contrôle ne correspond pas) : recopiez-le depuis "
        "l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).",
    )]


def test_epci_with_a_private_siren_is_an_error(tmp_path):
    data_dir = write_dataset(tmp_path, members=[member(type="epci", siret="44306184100047")])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "members/mairie-a.yaml", "siret:"), "erreur",
        "le SIRET 44306184100047 ne peut pas être celui d'un EPCI, personne morale de droit public dont le SIREN "
        "commence par 2 : vérifiez le numéro, ou corrigez le type de structure.",
    )]


def test_collectivite_with_rna_is_an_error(tmp_path):
    collectivite = member(rna="W502004567")
    del collectivite["siret"]
    data_dir = write_dataset(tmp_path, members=[collectivite])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "members/mairie-a.yaml", "rna:"), "erreur",
        "une collectivité territoriale n'a pas de numéro RNA, réservé aux associations : remplacez rna par le SIRET "
        "de la structure, ou corrigez son type.",
    )]


def test_a_place_pivot_siret_is_checked_too(tmp_path):
    data_dir = write_dataset(tmp_path, members=[member(lieux=[place("mairie-a-lieu", pivot="21500502000024")])])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "members/mairie-a.yaml", "pivot:"), "erreur",
        "le SIRET 21500502000024 n'est pas valide (sa clé de contrôle ne correspond pas) : recopiez-le depuis "
        "l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).",
    )]


def test_luhn_checksum():
    assert siret_is_valid("73282932000074")
    assert not siret_is_valid("73282932000075")
    assert siret_is_valid("21500502000023")
    # La Poste's establishments share one SIREN: their SIRET digits add up to a multiple of 5.
    assert siret_is_valid("35600000049837")
    assert not siret_is_valid("35600000049838")
