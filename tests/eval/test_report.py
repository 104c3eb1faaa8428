"""The split-aware eval: follow-ups share a conversation, per-kind rows, eval-<split> files."""

from __future__ import annotations

import json

from eval.harness import kinds_markdown, run_system
from eval.metrics import Outcome, score_by_kind

PACK = "2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf"


def row(rid, kind="fact", must=(("x",),), **extra):
    return {"id": rid, "kind": kind, "q": f"question {rid}", "must": [list(g) for g in must],
            "evidence": None if kind == "unanswerable" else "x", "doc": None if kind == "unanswerable" else "d",
            **extra}


class Recorder:
    """A system that answers "x" and remembers which conversation each question came in."""

    name = "recorder"

    def __init__(self):
        self.seen = []

    def run(self, r, conversation=None):
        self.seen.append((r["id"], conversation))
        return Outcome(r, "x", False, ["x"], ["x"], 0.01, f"conv-{r['id']}")


def test_a_followup_is_asked_in_its_first_turns_conversation():
    system = Recorder()
    rows = [row("a"), row("b"), row("a2", "followup", follows="a")]
    run_system(system, rows)
    assert system.seen == [("a", None), ("b", None), ("a2", "conv-a")]


def test_per_kind_rows_show_only_the_metrics_that_apply():
    outcomes = [Outcome(row("f1"), "x here", False, ["x"], ["x"], 0.1),
                Outcome(row("f2"), "Not found", True, [], ["y"], 0.1),
                Outcome(row("u1", "unanswerable", ()), "Not found", True, [], [], 0.1),
                Outcome(row("u2", "unanswerable", ()), "something", False, ["y"], [], 0.1)]
    by_kind = {r["kind"]: r for r in score_by_kind(outcomes)}
    assert by_kind["fact"] == {"kind": "fact", "n": 2, "answer_acc": 0.5, "evidence_at_5": 0.5,
                               "abstain_acc": None, "false_abstain": 0.5}
    assert by_kind["unanswerable"] == {"kind": "unanswerable", "n": 2, "answer_acc": None,
                                       "evidence_at_5": None, "abstain_acc": 0.5, "false_abstain": None}
    table = kinds_markdown({"ours": list(by_kind.values())})
    assert "**ours** by kind" in table and "| unanswerable | 2 | - | - | 0.500 | - |" in table


def gold_file(tmp_path):
    """Three original rows given a split and meeting, one follow-up, one row of the other split."""
    rows = [
        {"id": "F02", "kind": "fact", "q": "Who is taking over from CI Rogers as the force lead for rural crime?",
         "must": [["Heather Sutton"]], "evidence": "Chief Inspector Heather Sutton will take over as force lead",
         "doc": PACK, "split": "dev", "meeting": "opcc/2021-05-19"},
        {"id": "F02f", "kind": "followup", "q": "And who is stepping down?", "must": [["Rogers"]],
         "evidence": "Chief Inspector Heather Sutton will take over as force lead", "doc": PACK,
         "split": "dev", "meeting": "opcc/2021-05-19", "follows": "F02"},
        {"id": "U1", "kind": "unanswerable", "q": "What did Lincolnshire Police spend on drones in 1995?",
         "must": [], "evidence": None, "doc": None, "split": "dev", "meeting": "opcc/2021-05-19"},
        {"id": "T1", "kind": "fact", "q": "Who is taking over as rural crime lead?", "must": [["Heather Sutton"]],
         "evidence": "Chief Inspector Heather Sutton will take over as force lead", "doc": PACK,
         "split": "test", "meeting": "opcc/other"},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_eval_split_prints_and_writes_per_kind_tables(corpus_store_dir, tmp_path, capsys):
    from api.cli import main

    gold = gold_file(tmp_path)
    code = main(["--preset", "test", "eval", "--split", "dev", "--gold", str(gold), "--no-baselines",
                 "--store", str(corpus_store_dir), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "3 questions, split dev" in out and "**meetingpack** by kind" in out
    report = json.loads((tmp_path / "eval-dev.json").read_text())
    assert report["split"] == "dev" and report["questions"] == 3
    assert [k["kind"] for k in report["by_kind"]["meetingpack"]] == ["fact", "followup", "unanswerable"]
    assert "| followup | 1 |" in (tmp_path / "eval-dev.md").read_text()


def test_eval_names_a_missing_gold_file_and_an_empty_split(corpus_store_dir, tmp_path, capsys):
    from api.cli import main

    assert main(["--preset", "test", "eval", "--gold", str(tmp_path / "none.jsonl"),
                 "--store", str(corpus_store_dir)]) == 2
    assert "gold file not found" in capsys.readouterr().out
    only_test = tmp_path / "t.jsonl"
    only_test.write_text(gold_file(tmp_path).read_text().splitlines()[-1] + "\n")
    assert main(["--preset", "test", "eval", "--split", "dev", "--gold", str(only_test), "--no-baselines",
                 "--store", str(corpus_store_dir), "--out", str(tmp_path)]) == 2
    assert "no gold rows for split 'dev'" in capsys.readouterr().out


def test_naive_baseline_reuses_its_index_and_prepends_the_previous_question(tmp_path, monkeypatch):
    import tempfile

    from assistant.embeddings import FakeEmbedder
    from assistant.settings import get_settings
    from eval.systems import NaiveLangChainSystem

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    src = tmp_path / "minutes.txt"
    src.write_text("The winter sand tender went to Miller Paving. " * 40)
    embedder = FakeEmbedder(get_settings("test").embedding)
    first = NaiveLangChainSystem([src], embedder)
    cache = NaiveLangChainSystem.cache_dir([src], embedder)
    assert (cache / "COMPLETE").exists() and cache.parent == tmp_path
    again = NaiveLangChainSystem([src], embedder)
    assert again.collection.count() == first.collection.count() > 0
    copy = tmp_path / "another-store" / "minutes.txt"  # a second store's copy of the same file
    copy.parent.mkdir()
    copy.write_bytes(src.read_bytes())
    assert NaiveLangChainSystem.cache_dir([copy], embedder) == cache
    src.write_text("Something else entirely.")
    assert NaiveLangChainSystem.cache_dir([src], embedder) != cache
    turn = again.run({"id": "f", "q": "and the cost?"}, conversation="Who got the sand tender?")
    assert turn.conversation == "and the cost?" and turn.answer
