"""The issuing authority as a body fallback, weak titles, and body names with dates glued on."""

import pytest

from ingest.authority import AUTHORITY_FORMS, file_title, issuing_authority, plain_body, weak_title


@pytest.mark.parametrize("text,body", [ex for _, _, examples in AUTHORITY_FORMS for ex in examples])
def test_each_authority_form_reads_its_examples(text, body):
    assert issuing_authority(f"{text}\n{text}") == body


def test_one_stray_mention_does_not_make_the_paper_theirs():
    assert issuing_authority("A letter from Tunbridge Wells Borough Council was noted.") is None


def test_the_most_named_authority_wins():
    text = "Kent County Council budget\nKENT COUNTY COUNCIL\nwith Medway Borough Council\nKent County Council"
    assert issuing_authority(text + "\nMedway Borough Council") == "Kent County Council"


def test_sentence_words_are_not_authorities():
    assert issuing_authority("The County Council agreed.\nThe County Council noted.") is None


@pytest.mark.parametrize("title,weak", [
    ("to add up.", True),  # the tail of a sentence
    ("Other", True),
    ("Item No", True),
    ("Appendix O", True),
    ("TABLE OF CONTENTS", True),
    ("Thursday 13 March 2025", True),  # a date names no paper
    ("Core External Total Core External Total", True),  # a column heading twice
    ("209,578.3 -9,380.7 200,197.6 TOTAL SPENDING 151,171.3", True),
    ("Kent County Council", True),  # the body's own name
    ("Reserves Policy", False),
    ("2026 Budget Report Levy Increase: 3.40%", False),
    ("Minutes of the meeting held on 4 May 2021", False),
])
def test_weak_titles(title, weak):
    assert weak_title(title, "Kent County Council") is weak


def test_file_name_titles():
    assert file_title("Appendix O - MRP.pdf") == "Appendix O - MRP"
    assert file_title("Township_of_Nipissing_2026_Budget.pdf") == "Township of Nipissing 2026 Budget"
    assert file_title("scan_0042.pdf") is None


@pytest.mark.parametrize("body,plain", [
    ("County Council 13th March 2025", "County Council"),
    ("July 11, 2023", None),
    ("Minutes", None),
    ("Cabinet", "Cabinet"),
    (None, None),
])
def test_plain_body(body, plain):
    assert plain_body(body) == plain


def test_parse_names_a_bodiless_paper_after_its_authority(tmp_path):
    """End to end: a paper with no 'meeting of the X' opening and a junk first line gets the
    authority it names as its body, the file name as its title, and both in its chunks' headers."""
    from ingest.parse import parse_file

    path = tmp_path / "Township of Nipissing 2026 Budget Draft.txt"
    path.write_text("to add up.\n\nTOWNSHIP OF NIPISSING 2026 BUDGET DRAFT\n\n"
                    "Policing Services 325,490.08 366,333.00 for the Township of Nipissing.\n\n"
                    "The levy rises by 3.40 per cent in the 2026 draft budget.\n")
    doc = parse_file(path)
    assert doc.body == "Township of Nipissing Council"
    assert "nipissing 2026 budget draft" in doc.title.lower()
    assert all("Township of Nipissing Council" in c.context for c in doc.chunks if c.kind != "register")


def test_a_junk_first_line_gives_way_to_the_file_name(tmp_path):
    from ingest.parse import parse_file

    path = tmp_path / "Township of Nipissing 2026 Budget Draft.txt"
    path.write_text("to add up.\n\nPolicing services cost 366,333.00 for the Township of Nipissing in 2026, and the "
                    "Township of Nipissing levy rises by 3.40 per cent in the draft budget.\n")
    doc = parse_file(path)
    assert doc.title == "Township of Nipissing 2026 Budget Draft"
    assert all("to add up" not in c.context for c in doc.chunks)
