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
from ingest.register import register_chunks, register_text, split_record
from ingest.vote_forms import AMENDMENT_FORMS, AMENDS_FORMS, DECIDED_FORMS, PROPOSER_FORMS, RESULT_FORMS, TALLY_FORMS, _TALLY
from ingest.votes import (
    amended_paragraph,
    is_amendment,
    member_names,
    paragraphs,
    proposers,
    recorded_votes,
    result_of,
    unrecorded_votes,
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


@pytest.mark.parametrize(("pattern", "example"), AMENDS_FORMS)
def test_amends_forms_match_their_examples(pattern, example):
    assert amended_paragraph(example) == "5"


@pytest.mark.parametrize(("pattern", "example"), AMENDMENT_FORMS)
def test_amendment_forms_match_their_examples(pattern, example):
    assert is_amendment(example)


def test_a_motion_is_not_an_amendment():
    assert not is_amendment("Mr Oakford proposed and Mr Gough Seconded the following motion:")
    assert not is_amendment("Mr Gough proposed, and Mr Oakford seconded the motion that “… any amendment …”")


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


# Minute 285 of 9 January 2025, abridged: a motion, an amendment to it carried without a division
# (so paragraph 3 becomes the substantive motion), an amendment to that lost on a division, then
# the substantive motion put "as set out in paragraph 3" and carried, then its RESOLVED.
AMENDED = """MINUTES of a meeting of the County Council held in the Council Chamber, Sessions House,
County Hall, Maidstone on Thursday, 9 January 2025.

285.   English Devolution White Paper
(Item 3)

1) The Leader introduced the item.

2) Mr Gough proposed, and Mr Oakford seconded the motion that

“County Council is asked to:
(1)  Endorse the joint work
(2)  Note the timetable”

3) Mr Streatfeild proposed and Mr Sole seconded the following amendment to
the motion set out in paragraph 2:

“County Council is asked to:
(1)  Endorse the joint work
(2)  Note the timetable
(3)  Expects transparency.”
Amendment carried.

4) Following the debate, the Chairman put the amendment set out at
paragraph 3 to the vote and it was agreed.

5) Mr Hood proposed and Mr Baldock seconded the following amendment to
the substantive motion set out in paragraph 3:

“County Council is asked to: (1) Prefer the Foundation Strategic Authority route”

6) Following the debate, the Chairman put the amendment set out in
paragraph 5 to the vote and the voting was as follows:

For (2)

Mr Baldock, Mr Hood

Against (3)

Mr Gough, Mr Oakford, Mr Sole

Abstain (0)

Amendment lost.

7) The Chairman put the substantive motion set out in paragraph 3 to the
vote and the voting was as follows:

For (3)

Mr Gough, Mr Oakford, Mr Sole

Against (1)

Mr Hood

Abstain (1)

Mr Baldock
Substantive Motion carried.

8) RESOLVED that the County Council:

(1)  Endorses the joint work
(2)  Notes the timetable
(3)  Expects transparency.
"""


def _amended_decisions():
    return parse_decisions([Page(1, AMENDED)], document_id="k", file="k.pdf", body=None, date=None)


def test_the_substantive_motion_of_an_amended_motion_is_the_original_movers():
    lines = _lines(AMENDED)
    amendment, substantive = recorded_votes(lines, 0, len(lines))
    assert (substantive.kind, substantive.paragraph) == ("substantive motion", "3")
    assert (substantive.mover, substantive.seconder) == ("Mr Gough", "Mr Oakford")
    assert substantive.motion.endswith("(3) Expects transparency.")  # the motion as amended
    resolved = next(d for d in _amended_decisions() if d.ref == "285")
    assert (resolved.votes_for, resolved.result, resolved.mover, resolved.seconder) == (
        3, "Substantive Motion carried", "Mr Gough", "Mr Oakford")
    text = register_text(resolved)
    assert "Proposed (moved) by Mr Gough, seconded by Mr Oakford." in text and "Streatfeild" not in text


def test_an_amendment_to_the_substantive_motion_keeps_its_own_movers():
    lost = next(d for d in _amended_decisions() if d.ref == "285(5)")
    assert (lost.kind, lost.mover, lost.seconder, lost.votes_for, lost.result) == (
        "amendment", "Mr Hood", "Mr Baldock", 2, "Amendment lost")


def test_an_amendment_naming_no_motion_amends_the_last_motion_moved():
    text = AMENDED.replace(" to\nthe motion set out in paragraph 2:", ":")
    lines = _lines(text)
    _, substantive = recorded_votes(lines, 0, len(lines))
    assert (substantive.mover, substantive.seconder) == ("Mr Gough", "Mr Oakford")


# A motion lost on a division, then one put from the chair with no seconder, carried.
NO_MOVER = """MINUTES of a meeting of the County Council held in the Council Chamber, Sessions House,
County Hall, Maidstone on Thursday, 19 December 2024.

281.   Motions for Time Limited Debate
(Item 9)

1) Mr Brady proposed, and Ms Meade seconded the motion that “Council supports the strategy.”

2) Following the debate, the Chairman put the motion set out in paragraph 1 to
the vote and the voting was as follows:

For (1)

Mr Brady

Against (2)

Mr Gough, Mr Oakford

Abstain (0)

Motion lost.

3) The Chairman moved that the meeting be extended beyond 4pm.

4) The Chairman put the motion set out in paragraph 3 to the vote and the
voting was as follows:

For (2)

Mr Gough, Mr Oakford

Against (1)

Mr Brady

Abstain (0)

Motion carried.

5) RESOLVED that the meeting be extended beyond 4pm.
"""


def test_a_vote_whose_paragraph_names_no_mover_gets_none():
    lost, extended = parse_decisions([Page(1, NO_MOVER)], document_id="k", file="k.pdf", body=None, date=None)
    assert (lost.ref, lost.mover, lost.seconder, lost.result) == ("281(1)", "Mr Brady", "Ms Meade", "Motion lost")
    assert (extended.ref, extended.votes_for, extended.result) == ("281", 2, "Motion carried")
    assert (extended.mover, extended.seconder) == (None, None)  # not Mr Brady's, from paragraph 1
    assert "proposed" not in register_text(extended)


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
    (JAN, "285", "resolution", 39, 19, 1, "Substantive Motion carried", "Mr Gough", "Mr Oakford", "Devolution Priority Programme"),
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


BASE_MOTION = ("County Council is asked to: (1) Endorse the ongoing joint work with Medway Council "
               "(2) Note that the elections scheduled for May 2025 may be postponed "
               "(3) Expects there to be as much transparency as possible in this process.")


def test_an_amendment_printed_whole_is_read_for_its_own_clauses():
    """Minutes print an amendment as the whole motion with its change made: the record
    says what it adds, so a question about 'the amendment on the May elections' finds it."""
    from ingest.votes import new_clauses

    amended = BASE_MOTION.replace("(3)", "(3) Recommend that the elections proceed as scheduled in May 2025 (4)")
    assert new_clauses(amended, BASE_MOTION) == "Recommend that the elections proceed as scheduled in May 2025"
    assert new_clauses(BASE_MOTION, BASE_MOTION) is None  # nothing new (a deletion only)
    wholly_new = "Allocate up to £75k from the money earmarked for general reserves to a feasibility study."
    assert new_clauses(wholly_new, BASE_MOTION) is None  # its own text already says it


def test_the_register_record_leads_with_the_new_wording():
    from ingest.models import Decision

    d = Decision(ref="285(19)", text=BASE_MOTION, document_id="k", file="k.pdf", page=7, kind="amendment",
                 minute="285", paragraph="19", mover="Mr Brady", seconder="Ms Constantine",
                 votes_for=17, votes_against=43, abstentions=3, result="Amendment lost",
                 changes="Recommend that the elections proceed as scheduled in May 2025")
    text = register_text(d)
    assert "For (17)" in text and "New wording: Recommend that the elections proceed as scheduled in May 2025." in text
    assert text.index("New wording") < text.index("County Council is asked to")


@pytest.mark.skipif(_archive() is None, reason="needs ../shared/archive")
def test_the_four_devolution_amendments_of_january_2025_each_say_what_they_add():
    doc = parse_file(_archive() / "kent/full_council-2025-01-09/Printed minutes 09th-Jan-2025 10.00 County Council.pdf")
    changes = {d.ref: d.changes or "" for d in doc.decisions}
    assert "Foundation Strategic Authority" in changes["285(17)"]
    assert "elections in May 2025" in changes["285(19)"]
    assert "views of the public" in changes["285(21)"]
    assert "elections happen as planned in May 2025" in changes["285(23)"]


@pytest.mark.parametrize(("result", "pattern", "example"), DECIDED_FORMS)
def test_decided_forms_match_their_examples(result, pattern, example):
    assert re.search(pattern, example, re.I)


def test_an_amendment_carried_without_a_division_is_a_decision_of_its_own():
    """Minute 285's paragraph 3 was agreed on a show of hands: the register lists it with its
    movers and what it added, and no counts; the divisions are neither lost nor doubled."""
    got = _amended_decisions()
    carried = next(d for d in got if d.ref == "285(3)")
    assert (carried.kind, carried.mover, carried.seconder, carried.outcome) == (
        "amendment", "Mr Streatfeild", "Mr Sole", "carried")
    assert carried.votes_for is None and carried.result == "Amendment carried"
    text = register_text(carried)
    assert "Amendment proposed (moved) by Mr Streatfeild, seconded by Mr Sole." in text
    assert "Decided without a recorded vote: Amendment carried." in text and "Expects transparency" in text
    assert split_record(text)[0].endswith("Decided without a recorded vote: Amendment carried.")  # the record's lead
    assert sorted(d.ref for d in got) == ["285", "285(3)", "285(5)"]


def test_a_division_is_never_also_an_unrecorded_vote():
    lines = _lines(DIVISION.replace("and the voting was as follows:", "and it was agreed; the voting was as follows:"))
    assert unrecorded_votes(lines, 0, len(lines)) == []
