"""A sentence a page break cut in two is one passage; a minute's next numbered paragraph
opens its own block; an overlong list never ends a chunk with its lead-in alone."""

from __future__ import annotations

import pytest

from ingest.blocks import build_blocks, join_lines, page_continues
from ingest.chunker import _list_pieces, pack
from ingest.layout import Line

WIDTH = 74


def _lines(*rows: tuple[int, str]) -> list[Line]:
    return [Line(page, text) for page, text in rows]


def test_a_sentence_cut_by_a_page_break_stays_one_paragraph():
    lines = _lines(
        (2, "of second-hand smoke. A number of district-level local authorities had"),
        (2, "joined the scheme, and it was also due to be implemented in healthy living"),
        (3, ""),  # the blank a page break leaves
        (3, "centres in Dartford, Maidstone, and Gravesend. The project was funded by"),
        (3, "a £1.9 million grant from the previous government to reduce smoking rates."),
    )
    blocks = build_blocks(lines, WIDTH)
    assert len(blocks) == 1
    assert "healthy living centres in Dartford" in join_lines(blocks[0].lines)
    drafts = pack(blocks, 900, 200)
    assert sorted({pg for p in drafts[0].pieces for pg in p.pages}) == [2, 3]


@pytest.mark.parametrize("prev, prev_page, page, text, joined", [
    ("implemented in healthy living", 2, 3, "centres in Dartford", True),
    ("a short last line", 2, 3, "of the report", True),  # short or not, it ended no sentence
    ("the project was funded.", 2, 3, "and then", False),  # the sentence ended
    ("the following were agreed:", 2, 3, "a) the budget", False),
    ("implemented in healthy living", 2, 2, "centres in Dartford", False),  # same page: the blank rules
    ("implemented in healthy living", 2, 3, "Centres in Dartford", False),  # a capital may open anything
    ("", None, 1, "centres", False),  # the first line of the paper
])
def test_page_continues(prev, prev_page, page, text, joined):
    assert page_continues(prev, prev_page, page, text) is joined


def test_a_blank_line_within_a_page_still_ends_a_paragraph():
    lines = _lines((1, "joined the scheme, and it was also due to be implemented in healthy living"),
                   (1, ""), (1, "centres in Dartford, Maidstone, and Gravesend."))
    assert len(build_blocks(lines, WIDTH)) == 2


def test_the_next_numbered_paragraph_opens_its_own_block():
    lines = _lines(
        (2, "1. Mr Watkins, Cabinet Member for Adult Social Care, provided an update on:"),
        (2, "(c) New smoke-free signs would reduce litter and discourage smoking around"),
        (2, "children. The project was funded by a grant to reduce smoking rates overall."),
        (2, "2. Mrs Chandler, Cabinet Member for Children's Services, updated on the following:"),
        (2, "(a) The Kent Youth County Council elections saw 22,866 young people vote."),
    )
    blocks = build_blocks(lines, WIDTH)
    leads = [join_lines(b.lead) for b in blocks if b.kind == "list"]
    assert leads == ["1. Mr Watkins, Cabinet Member for Adult Social Care, provided an update on:",
                     "2. Mrs Chandler, Cabinet Member for Children's Services, updated on the following:"]


def test_an_overlong_list_never_leaves_its_lead_in_alone():
    lead = "2. Mrs Chandler provided an update on the following:"
    long_items = [[Line(1, f"({c}) " + "word " * 60 + "end.")] for c in "abc"]
    block = build_blocks(_lines((1, lead)), WIDTH)[0]
    block.kind, block.lead, block.items, block.lines = "list", [Line(1, lead)], long_items, []
    pieces = _list_pieces(block, 200)
    assert not [p for p in pieces if p.text == lead[:200] + " …"]
    assert pieces[0].text == lead
