from factory import TODAY, check, loan, write_dataset


def test_minimal_dataset_is_valid(data_dir):
    assert check(data_dir).findings == []


def test_minimal_loan_is_valid(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan()])
    assert check(data_dir, TODAY).findings == []
