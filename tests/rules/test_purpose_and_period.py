"""objet-et-periode (Art. 4.3): a request states its period and the planned actions."""

import pytest

from factory import line_of, loan, write_dataset
from ruletest import findings

RULE = "objet-et-periode"
FILE = "data/loans/2026/pret-a.yaml"


def test_stated_purpose_and_period_pass(tmp_path):
    one_day = loan("pret-b", debut="2026-05-04", fin="2026-05-04", restitution="2026-05-04T16:00",
                   objet="Test de la réalité virtuelle avec le club des seniors.")
    assert findings(write_dataset(tmp_path, loans=[loan(), one_day]), RULE) == []


def test_last_day_before_first_day_is_an_error(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(fin="2026-05-01", restitution="2026-05-01T16:00")])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "fin:"), "erreur",
        "le dernier jour du prêt (01/05/2026) précède le premier (04/05/2026) : corrigez debut ou fin (pour un prêt "
        "d'un jour, indiquez la même date).",
    )]


@pytest.mark.parametrize("placeholder", ["à compléter", "À définir plus tard", "test test test", "xxxxxxxxxx",
                                         "Lorem ipsum dolor sit amet", "TODO : à remplir"])
def test_placeholder_purpose_is_an_error(tmp_path, placeholder):
    data_dir = write_dataset(tmp_path, loans=[loan(objet=placeholder)])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "objet:"), "erreur",
        f"l'objet « {placeholder} » ne dit pas ce qui sera fait : décrivez les actions envisagées (ateliers, "
        "publics, lieux).",
    )]
