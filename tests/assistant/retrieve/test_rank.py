"""The second-stage ranker: its features, its packaged weights, and its fit."""

import json
from importlib import resources

import numpy as np
import pytest

from assistant.retrieve.query import parse_query
from assistant.retrieve.rank import (RANK_FEATURES, Candidates, features, rank_model, rescore, window_cover)
from eval.fit_ranker import fit, top_share
from ingest.models import Chunk


def chunk(cid: str, text: str, **kw) -> Chunk:
    return Chunk(chunk_id=cid, document_id=kw.pop("doc", "d"), file="f.pdf", text=text, page=1, **kw)


def candidates(question: str, chunks: list[Chunk], **signals) -> Candidates:
    """A pool where every passage has the same retrieval signals: only its words differ."""
    ids = [c.chunk_id for c in chunks]
    same = {cid: 1.0 for cid in ids}
    return Candidates(query=parse_query(question), ids=ids, chunks={c.chunk_id: c for c in chunks},
                      fused=signals.get("fused", same), dense=signals.get("dense", same),
                      dense_rank={cid: 0 for cid in ids}, keyword=signals.get("keyword", same),
                      keyword_rank={cid: 0 for cid in ids})


def test_window_cover_prefers_the_words_together():
    weights = {"burglary": 2.0, "fell": 1.0}
    together = ["burglary", "fell", "sharply"]
    apart = ["burglary"] + ["cell"] * 40 + ["fell"]
    assert window_cover(together, weights) == 3.0
    assert window_cover(apart, weights) == 2.0
    assert window_cover([], weights) == 0.0


def test_the_packaged_weights_name_exactly_the_features():
    raw = json.loads(resources.files("assistant.retrieve").joinpath("rank_weights.json").read_text())
    assert set(raw["weights"]) == set(RANK_FEATURES)
    assert rank_model().depth >= 24


def test_every_feature_is_in_range_and_named():
    c = candidates("Who moved the amendment on the budget in February 2025?", [
        chunk("a", "Mr Hood proposed and Mr Lewis seconded the amendment to the budget.", meeting_date="2025-02-13"),
        chunk("b", "Resolution R2024-001: the agenda was adopted.", kind="register", meeting_date="2024-01-09")])
    for cid in c.ids:
        feats = features(c, cid)
        assert tuple(feats) == RANK_FEATURES
        assert all(-0.0 <= v <= 1.0 for v in feats.values()), feats
    assert features(c, "a")["scope"] == 1.0 and features(c, "b")["out_of_period"] == 1.0
    assert features(c, "b")["register"] == 1.0 and features(c, "b")["register_wanted"] == 1.0


def test_the_passage_that_says_it_in_one_place_ranks_first():
    """Same retrieval scores; one passage names the rare words together, the other holds
    them scattered over a long table: the packaged weights put the first on top."""
    scattered = " ".join(["Row total 1,000 2,000 3,000"] * 30 + ["policing"] + ["Line 4,000"] * 30 + ["grant"])
    pool = candidates("What is the policing grant for 2026?", [
        chunk("table", scattered), chunk("says", "The policing grant for 2026 is £366,333, up from £325,490.")])
    scores = rescore(pool, rank_model())
    assert scores["says"] > scores["table"]


def test_the_fit_learns_the_feature_that_marks_the_evidence():
    """Synthetic pools where only 'cover' tells the evidence apart: the fit raises its
    weight and puts the evidence first in every pool."""
    rng = np.random.default_rng(0)
    col = RANK_FEATURES.index("cover")
    data = []
    for _ in range(30):
        x = rng.uniform(0, 0.5, size=(10, len(RANK_FEATURES)))
        y = np.zeros(10)
        pos = rng.integers(10)
        x[pos, col], y[pos] = 1.0, 1.0
        data.append((x, y, np.arange(10)))
    _, w = fit(data, steps=300)
    assert w[col] == pytest.approx(max(w))
    assert top_share(data, w, 1) == 1.0
    assert top_share(data, None, 1) < 0.5


@pytest.mark.parametrize("text,out", [
    ("Resolution R2024-072, 2 April 2024: the Bear Creek culvert works in the 2024 budget.", True),  # the year alone
    ("The culvert report deferred to June 18, 2024.", False),  # a day inside the month asked
    ("Works to begin in June 2024.", False),  # the month by name, with its year
    ("Works to begin in June 2025.", True),
])
def test_a_passage_of_another_month_is_out_of_a_month_asked_unless_it_names_a_day_or_the_month(text, out):
    """"What did council decide about the Bear Creek bridge in June 2024?" is not answered
    by April's minutes because they mention 2024 in passing."""
    from assistant.retrieve.rank import out_of_period
    q = parse_query("What did council decide about the Bear Creek bridge in June 2024?")
    assert out_of_period(q, chunk("a", text, meeting_date="2024-04-02"), text) is out


def test_the_table_row_of_the_labelled_thing_asked_ranks_above_the_sentences_on_its_sibling():
    """"What is the band B council tax?": the rows "B 7/9 …" under "Table 6.1 – … by Band"
    print no word of the question but "band"; the paragraph on band D prints them all."""
    rows = chunk("rows", "Table 6.1 – Proposed Council Tax Increases by Band …\nB 7/9 1,252.86 1,315.37 65.21\n"
                         "D 9/9 1,610.82 1,691.19 80.37")
    prose = chunk("prose", "Council Tax precepts are based on the Council Tax band D charge and the band D "
                           "equivalent tax base.")
    c = candidates("What is the band B council tax?", [prose, rows])
    assert features(c, "rows")["label_row"] == 1.0 and features(c, "prose")["label_row"] == 0.0
    assert rescore(c, rank_model())["rows"] > rescore(c, rank_model())["prose"]


@pytest.mark.parametrize("question, text, meeting_date, worded", [
    # the passage of the meeting asked that words its chair, as minutes do
    ("Who chaired Kent's County Council on 9 January 2025?",
     "Mr Gough proposed, and Mr Brady seconded that Mr G Cooke be elected to Chair the meeting.", "2025-01-09", 1.0),
    # another meeting's "signed by the Chair" is not
    ("Who chaired Kent's County Council on 9 January 2025?",
     "The minutes were signed by the Chair.", "2024-11-28", 0.0),
    # apologies worded, of the meeting asked
    ("Who sent apologies to the council meeting on 12 August 2025?",
     "Regrets: Mayor Dave Yemm", "2025-08-12", 1.0),
    # a question asking no record field words none
    ("What did council decide about the 9 January 2025 chair election?", "Mr G Cooke be elected to Chair",
     "2025-01-09", 0.0),
])
def test_a_passage_wording_the_record_field_of_the_meeting_asked(question, text, meeting_date, worded):
    """Chair and apologies questions share few topic words with the sentence answering them
    ("elected to Chair the meeting" under no item about the devolution debate asked by): the
    ranker reads that the passage words the field, of the meeting asked (``worded``)."""
    c = chunk("c", text, meeting_date=meeting_date)
    assert features(candidates(question, [c]), c.chunk_id)["worded"] == worded


def test_another_bodys_paper_of_the_day_asked_is_out_of_scope():
    """"What did Kent's County Council decide on 9 January 2025 about devolution?" was answered
    by the Cabinet's minute of that day: a paper of the day asked but of another body is not
    of the meeting asked; one of that body, or naming no body, is."""
    from assistant.retrieve.rank import in_scope
    q = parse_query("What did the County Council decide on 9 January 2025 about devolution?", ("County Council",
                                                                                             "Cabinet"))
    assert q.body == "County Council"
    assert not in_scope(q, chunk("a", "Minute 83", meeting_date="2025-01-09", body="Cabinet (Kent County Council)"))
    assert in_scope(q, chunk("b", "Minute 285", meeting_date="2025-01-09", body="County Council"))
    assert in_scope(q, chunk("c", "Minute 285", meeting_date="2025-01-09"))
