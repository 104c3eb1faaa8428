"""Recorded votes: the phrasing tables, divisions in a minute, and every vote in Kent's real minutes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ingest import parse_file
from ingest.decisions import parse_decisions
from ingest.minutes import Line
from ingest.models import Page
from ingest.register import register_chunks, register_text
from ingest.votes import (
    PROPOSER_FORMS,
    RESULT_FORMS,
    TALLY_FORMS,
    _TALLY,
    member_names,
    paragraphs,
    proposers,
    recorded_votes,
    result_of,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/fixtures/minutes"


def _archive() -> Path | None:
    """../shared/archive next to the checkout (CI), or MEETINGPACK_ARCHIVE; None on a user's machine."""
    candidates = [os.environ.get("MEETINGPACK_ARCHIVE")] + [str(p / "shared/archive") for p in ROOT.parents[:2]]
    return next((Path(c) for c in candidates if c and Path(c, "kent").is_dir()), None)


ARCHIVE = _archive()
needs_archive = pytest.mark.skipif(ARCHIVE is None, reason="../shared/archive is not on this machine")


def fixture_pages(name: str) -> list[Page]:
    return [Page(i + 1, t) for i, t in enumerate((FIXTURES / name).read_text().split("\f"))]


@pytest.mark.parametrize(("label", "pattern", "example"), TALLY_FORMS)
def test_tally_forms_match_their_examples(label, pattern, example):
    m = _TALLY[label].match(example)
    assert m and any(g is not None for g in m.groups())


@pytest.mark.parametrize(("result", "pattern", "example"), RESULT_FORMS)
def test_result_forms_match_their_examples(result, pattern, example):
    assert result_of(example) == result


@pytest.mark.parametrize(("pattern", "example"), PROPOSER_FORMS)
def test_proposer_forms_match_their_examples(pattern, example):
    mover, seconder = proposers(example)
    assert mover and seconder and mover in example and seconder in example


@pytest.mark.parametrize(("text", "result"), [
    ("Motion carried.", "carried"), ("Substantive Motion Carried.", "carried"),
    ("Amendment lost.", "lost"), ("The motion was defeated", "lost"), ("Agreed unanimously.", None),
])
def test_result_of(text, result):
    assert result_of(text) == result


def test_member_names_keep_honours_and_drop_blanks():
    assert member_names("Mr Baldock, Sir Paul Carter, CBE, Mr Hill, OBE and Dr Sullivan, ") == [
        "Mr Baldock", "Sir Paul Carter, CBE", "Mr Hill, OBE", "Dr Sullivan"]


def _lines(text: str) -> list[Line]:
    return [Line(1, t.strip()) for t in text.splitlines()]


DIVISION = """1) The Leader introduced the item.
2) Mr Hood proposed and Mr Baldock seconded the following amendment to the motion:
"(1) Endorse the joint work
(2) Note the timetable"
3) Following the debate, the Chairman put the amendment set out in paragraph 2 to the vote and the voting was as follows:

For (2)

Mr Baldock, Mr Hood

Against (3)

Mr Baker, Sir Paul Carter, CBE, Mrs Bell

Abstain (0)

Amendment lost.
4) The Chairman thanked Members.
"""


def test_a_division_is_tied_to_the_paragraph_it_decides():
    lines = _lines(DIVISION)
    assert [p.number for p in paragraphs(lines, 0, len(lines))] == ["1", "2", "3", "4"]  # "(1)" quoted: no
    (v,) = recorded_votes(lines, 0, len(lines))
    assert (v.votes_for, v.votes_against, v.abstentions, v.result, v.result_text) == (2, 3, 0, "lost", "Amendment lost")
    assert (v.kind, v.paragraph, v.mover, v.seconder) == ("amendment", "2", "Mr Hood", "Mr Baldock")
    assert v.motion == "(1) Endorse the joint work (2) Note the timetable"
    assert v.for_names == ["Mr Baldock", "Mr Hood"] and v.against_names[1] == "Sir Paul Carter, CBE"


def test_names_that_do_not_tally_are_not_kept():
    lines = _lines(DIVISION.replace("For (2)", "For (5)"))
    (v,) = recorded_votes(lines, 0, len(lines))
    assert v.votes_for == 5 and v.for_names == [] and len(v.against_names) == 3


def test_a_carried_motion_joins_its_resolution_from_the_fixture():
    got = parse_decisions(fixture_pages("kcc-county-council-2025-02-13-p1-3.txt"), document_id="k",
                          file="k.pdf", body=None, date=None)
    s25 = next(d for d in got if d.ref == "290")
    assert (s25.votes_for, s25.votes_against, s25.abstentions) == (57, 0, 2)
    assert (s25.mover, s25.seconder, s25.outcome, s25.result) == ("Mr Oakford", "Mr Gough", "carried", "Motion carried")
    assert s25.abstain_names == ["Mr B Lewis", "Mr D Ross"] and len(s25.for_names) == 57
    assert s25.text.startswith("that pursuant to section 25 of the Local Government Act")
    assert (s25.item, s25.item_title, s25.date, s25.body) == ("5", "Section 25 Report", "2025-02-13", "County Council")
    text = register_text(s25)
    assert "For (57), Against (0), Abstain (2)" in text and "57 in favour" in text and "2 abstentions" in text and "Motion carried" in text
    assert "by Mr Oakford, seconded by Mr Gough" in text and "Mr D Ross" not in text


# Every recorded vote in Kent's full council minutes in the archive: (minutes file, ref, kind,
# for, against, abstain, printed result, mover, seconder, words of the motion or resolution).
JAN = "full_council-2025-01-09/Printed minutes 09th-Jan-2025 10.00 County Council.pdf"
FEB = "full_council-2025-02-13/Printed minutes 13th-Feb-2025 09.30 County Council.pdf"
DEC = "full_council-2025-02-13/19 December 2024 - County Council minutes.pdf"
KENT_VOTES = [
    (JAN, "285(17)", "amendment", 14, 45, 4, "Amendment lost", "Mr Hood", "Mr Baldock", "Foundation Strategic Authority"),
    (JAN, "285(19)", "amendment", 17, 43, 3, "Amendment lost", "Mr Brady", "Ms Constantine", "Local Government Reorganisation"),
    (JAN, "285(21)", "amendment", 13, 45, 4, "Amendment lost", "Mr Passmore", "Mr Hook", "views of the public"),
    (JAN, "285(23)", "amendment", 14, 40, 7, "Amendment lost", "Mr Lehmann", "Mr Streatfeild", "strong preference that elections"),
    (JAN, "285", "resolution", 39, 19, 1, "Substantive Motion carried", "Mr Streatfeild", "Mr Sole", "Devolution Priority Programme"),
    (FEB, "290", "resolution", 57, 0, 2, "Motion carried", "Mr Oakford", "Mr Gough", "section 25"),
    (FEB, "291(7)", "amendment", 12, 42, 7, "Amendment lost", "Mr Brady", "Ms Meade", "Labour Group’s Alternative Budget"),
    (FEB, "291(11)", "amendment", 16, 41, 0, "Amendment lost", "Mr Hood", "Mr Lewis", "home to school transport"),
    (FEB, "291(15)", "amendment", 9, 41, 8, "Amendment lost", "Mr Hook", "Mr Streatfeild", "LEVI"),
    (FEB, "291(17)", "amendment", 8, 40, 10, "Amendment lost", "Mr Streatfeild", "Mr Hook", "Highways Asset"),
    (FEB, "291(19)", "amendment", 13, 39, 3, "Amendment lost", "Mr Passmore", "Mr Chittenden", "Fly tipping"),
    (FEB, "291(24)", "amendment", 15, 43, 1, "Amendment lost", "Mr Lehmann", "Mr Hood", "Council Tax Reduction Scheme"),
    (FEB, "291", "resolution", 41, 10, 7, "Substantive Motion Carried", "Mr Oakford", "Mr Gough", "£1,530.9m"),
    (DEC, "278", "resolution", 51, 6, 2, "Motion carried", "Mr Baker", "Mr Robey", "Local Transport Plan 5"),
    (DEC, "281(1)", "motion", 15, 35, 1, "Motion lost", "Mr Brady", "Ms Meade", "Integrated Care Strategy"),
    (DEC, "281(3)", "motion", 14, 37, 0, "Motion lost", "Mr Streatfeild", "Mr Hook", "Single Transferable Vote"),
    (DEC, "281", "resolution", 35, 0, 9, "Motion carried", "Mr Meade", "Mr Cannon", "farmers of Kent"),
    (DEC, "281(10)", "motion", 15, 23, 0, "Motion lost", "Jenni Hawkins", "Mr Stepto", "Climate and Nature Bill"),
]


@pytest.fixture(scope="module")
def kent_docs():
    return {f: parse_file(ARCHIVE / "kent" / f) for f in dict.fromkeys(row[0] for row in KENT_VOTES)}


@needs_archive
def test_the_issue_counts_13_votes_in_january_and_february():
    assert sum(1 for row in KENT_VOTES if row[0] in (JAN, FEB)) == 13


@needs_archive
@pytest.mark.parametrize("row", KENT_VOTES, ids=lambda r: f"{r[0][:22]}-{r[1]}")
def test_every_kent_vote_is_in_the_register(kent_docs, row):
    file, ref, kind, n_for, n_against, n_abstain, result, mover, seconder, words = row
    doc = kent_docs[file]
    d = next(d for d in doc.decisions if d.ref == ref)
    assert (d.kind, d.votes_for, d.votes_against, d.abstentions, d.result) == (
        kind, n_for, n_against, n_abstain, result)
    assert (d.mover, d.seconder) == (mover, seconder)
    assert words in d.text
    assert (len(d.for_names), len(d.against_names), len(d.abstain_names)) == (n_for, n_against, n_abstain)
    chunk = next(c for c in register_chunks(doc) if c.text == register_text(d))
    assert f"For ({n_for}), Against ({n_against}), Abstain ({n_abstain})" in chunk.text
    assert chunk.kind == "register" and f"minute:{ref.split('(')[0]}" in chunk.refs


@needs_archive
def test_no_other_votes_in_those_minutes(kent_docs):
    for file, doc in kent_docs.items():
        printed = sum(len(re.findall(r"voting\s+was\s+as\s+follows", p.text)) for p in doc.pages)
        found = [d.ref for d in doc.decisions if d.votes_for is not None]
        assert len(found) == printed == sum(1 for row in KENT_VOTES if row[0] == file)


@needs_archive
def test_cabinet_minutes_hold_no_recorded_votes():
    for path in sorted((ARCHIVE / "kent").glob("cabinet-*/*inute*.pdf")):
        assert all(d.votes_for is None for d in parse_file(path).decisions), path.name
