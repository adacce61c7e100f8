"""type-membre (Art. 2): the SIRET check digit (the rule's cases are in cases/type-membre/)."""

from generator.rules.member_kind import siret_is_valid


def test_luhn_checksum():
    assert siret_is_valid("73282932000074")
    assert not siret_is_valid("73282932000075")
    assert siret_is_valid("21500502000023")
    # La Poste's establishments share one SIREN: their SIRET digits add up to a multiple of 5.
    assert siret_is_valid("35600000049837")
    assert not siret_is_valid("35600000049838")
