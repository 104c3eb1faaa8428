"""`meetingpack decisions` and `meetingpack meetings` on the sample corpus."""

from __future__ import annotations

import json

from api.cli import main
from assistant.history import DECISION_KEYS


def run(capsys, *args):
    code = main([*args, "--preset", "test"])
    return code, capsys.readouterr().out


def test_decisions_json(corpus_store_dir, capsys):
    code, out = run(capsys, "decisions", "--json", "--store", str(corpus_store_dir), "--q", "police and crime delivery plan")
    rows = json.loads(out)
    assert code == 0 and [r["ref"] for r in rows] == ["2021/007"] and set(rows[0]) == set(DECISION_KEYS)


def test_decisions_table_by_body_and_date(corpus_store_dir, capsys):
    code, out = run(capsys, "decisions", "--store", str(corpus_store_dir), "--body",
                    "Cabinet (Kent County Council)", "--from", "2025-01-30", "--to", "2025-01-30")
    assert code == 0 and out.strip().endswith("6 decisions")


def test_meetings_listing_and_one(corpus_store_dir, capsys):
    code, out = run(capsys, "meetings", "--json", "--store", str(corpus_store_dir))
    assert code == 0 and any(m["date"] == "2021-07-21" and m["status"] == "planned" for m in json.loads(out))
    code, out = run(capsys, "meetings", "strategic-resources-and-performance-2021-05-19",
                    "--store", str(corpus_store_dir))
    m = json.loads(out)
    assert m["time"] == "10:00" and len(m["agenda"]) == 12
