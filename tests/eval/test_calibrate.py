"""eval.calibrate reads only tunable splits."""

import json
import sys

import pytest

from eval import calibrate


def test_rows_of_reads_the_splits_asked_for_and_every_row_by_id(tmp_path):
    gold = tmp_path / "g.jsonl"
    rows = [{"id": "a", "split": "dev"}, {"id": "b", "split": "fresh"}, {"id": "c", "split": "test"}, {"id": "d"}]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    picked, by_id = calibrate.rows_of([gold], ["dev", "fresh"])
    assert [r["id"] for r in picked] == ["a", "b", "d"]  # a row without a split counts as dev
    assert set(by_id) == {"a", "b", "c", "d"}  # a follow-up may follow a row of any split
    assert [r["id"] for r in calibrate.rows_of([gold], "fresh")[0]] == ["b"]


@pytest.mark.parametrize("split", calibrate.REPORT_ONLY)
def test_a_report_only_split_is_refused(monkeypatch, split, tmp_path):
    monkeypatch.setattr(sys, "argv", ["calibrate", "--store", str(tmp_path), "--split", "dev", split])
    with pytest.raises(SystemExit, match=f"refusing to fit on the {split} split"):
        calibrate.main()
