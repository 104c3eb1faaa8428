"""Finding a cited passage on its page from the PDF's own text layout, and drawing the box."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from assistant.page_image import Box, _line_boxes, match_spans, passage_boxes, render_png
from tests.conftest import PACK


@pytest.mark.parametrize("page, passage, expect", [
    ("Item 7.\r\nThe Panel RESOLVED to\r\nnote the re-\r\nport.", "the panel resolved to note the report", "The Panel RESOLVED to\r\nnote the re-\r\nport"),
    ("a b c", "nothing like it", None),
    # a register entry put together from a heading and the resolution: each part found on its own
    ("RESOLVED 2021/001\nTo note the report.\nRESOLVED 2021/005\nTo note the report.",
     "RESOLVED 2021/005 (item 6 HATE CRIME; Board, 10 March 2021) [noted]: To note the report.",
     "RESOLVED 2021/005|To note the report"),
])
def test_match_spans(page, passage, expect):
    spans = match_spans(list(page), passage)
    got = "|".join(page[a:b + 1] for a, b in spans) or None
    assert got == expect


def test_characters_on_one_line_merge_into_one_box():
    chars = [Box(10, 100, 15, 110), Box(15, 100, 20, 111), Box(10, 80, 14, 90)]
    assert _line_boxes(chars) == [Box(10, 100, 20, 111), Box(10, 80, 14, 90)]


def test_passage_boxes_on_a_real_page():
    boxes = passage_boxes(PACK, 15, "RESOLVED 2021/007")
    assert len(boxes) == 1
    b = boxes[0]
    assert 0 < b.left < b.right < 595 and 0 < b.bottom < b.top < 842 and b.top - b.bottom < 20
    assert passage_boxes(PACK, 15, "zebra crossings on the moon") == []


def test_render_draws_only_when_there_is_a_passage():
    plain = Image.open(io.BytesIO(render_png(str(PACK), 15, "", 1.0))).convert("RGB")
    boxed = Image.open(io.BytesIO(render_png(str(PACK), 15, "RESOLVED 2021/007", 1.0))).convert("RGB")
    assert plain.size == boxed.size and abs(plain.size[0] - 595) <= 1
    diff = sum(1 for a, b in zip(plain.tobytes()[::3], boxed.tobytes()[::3]) if a != b)
    assert diff > 100
    with pytest.raises(ValueError, match="outside"):
        render_png(str(PACK), 999)
