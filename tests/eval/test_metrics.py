from eval.metrics import Outcome, answer_correct, holds_evidence, load_gold, norm, percentile, score


def row(kind="fact", must=(("35,000", "35000"),), evidence="Redthread 35,000"):
    return {"id": kind[0] + "1", "kind": kind, "q": "q", "must": [list(g) for g in must],
            "evidence": evidence, "doc": "d.pdf"}


def test_norm_ignores_cell_bars_bullets_and_wrapping():
    assert norm("Redthread |\n 35,000 •") == "redthread 35,000"


def test_answer_needs_one_string_of_every_group():
    assert answer_correct("38 Greens and 11 Ambers", [["38 greens"], ["11 ambers", "eleven"]])
    assert not answer_correct("38 Greens", [["38 greens"], ["11 ambers"]])
    assert not answer_correct("anything", [])


def test_score_counts_each_metric():
    good = Outcome(row(), "Redthread got £35,000 [1]", False, ["Redthread | 35,000"], ["Redthread | 35,000"], 0.1)
    wrong = Outcome(row(), "Not found", True, [], ["nothing"], 0.3)
    abst = Outcome(row("abstain", (), None), "Not found", True, [], [], 0.2)
    s = score("x", [good, wrong, abst])
    assert (s.answer_acc, s.evidence_at_5, s.citation_support) == (0.5, 0.5, 1.0)
    assert (s.abstain_acc, s.false_abstain) == (1.0, 0.5)
    assert s.p50_s == 0.2 and percentile([1, 2, 3, 4], 95) == 4
    assert s.words_p95 == 4  # "Redthread got £35,000 [1]": answers given, not abstentions
    assert holds_evidence("x Redthread 35,000 y", "redthread  35,000")


def test_shipped_gold_sets_are_well_formed():
    from eval.harness import DEFAULT_GOLD
    rows = load_gold([DEFAULT_GOLD])
    kinds = [r["kind"] for r in rows]
    assert len(rows) >= 40 and kinds.count("abstain") >= 8
    assert all(r["must"] == [] and r["evidence"] is None for r in rows if r["kind"] == "abstain")
