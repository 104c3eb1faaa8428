"""A paper that prints no body or meeting date (an appendix filed under its meeting) takes the
ones the user gives at ingest; a paper that prints its own keeps them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ingest import parse_file
from ingest.config import FACT_RULES, FactError, ParseOptions, given_facts
from tests.pdfgen import write_pdf

GIVEN = ParseOptions(body="Cabinet (Kent County Council)", meeting_date="2025-01-30")
APPENDIX = [["Appendix A: Current health and wellbeing activity",
             "The programme supports staff wellbeing through mental health first aiders and an annual survey.",
             "Uptake of the survey rose from 41% to 58% of staff between the two years."]]
MINUTES = [["KENT COUNTY COUNCIL", "COUNTY COUNCIL",
            "MINUTES of a meeting of the County Council held on Thursday, 13 February 2025.",
            "1. Apologies", "Apologies were received from Mr Baker."]]


def test_a_paper_without_body_or_date_takes_the_given_ones(tmp_path):
    path = write_pdf(tmp_path / "Appendix A.pdf", APPENDIX)
    bare = parse_file(path)
    assert bare.body is None and bare.meeting_date is None
    doc = parse_file(path, options=GIVEN)
    assert (doc.body, doc.meeting_date) == ("Cabinet (Kent County Council)", "2025-01-30")
    assert doc.chunks and all(c.body == doc.body and c.meeting_date == "2025-01-30" for c in doc.chunks)
    assert all("Cabinet (Kent County Council)" in (c.context or "") for c in doc.chunks)  # the header embedded


def test_a_paper_that_prints_its_own_keeps_them(tmp_path):
    doc = parse_file(write_pdf(tmp_path / "minutes.pdf", MINUTES), options=GIVEN)
    assert doc.meeting_date == "2025-02-13" and "Cabinet" not in (doc.body or "")


@pytest.mark.parametrize("field, value", [("meeting_date", "30/01/2025"), ("meeting_date", "2025-13-01"),
                                          ("body", "x"), ("body", "Cabinet\x00"), ("body", "B" * 201)])
def test_a_bad_given_body_or_date_is_refused(field, value):
    with pytest.raises(ValidationError):
        ParseOptions(**{field: value})


@pytest.mark.parametrize("body, date, facts", [
    (None, None, {}),
    ("  ", "", {}),  # blank is not given
    (" Cabinet ", "2025-01-30", {"body": "Cabinet", "meeting_date": "2025-01-30"}),
])
def test_given_facts_keep_what_was_given(body, date, facts):
    assert given_facts(body, date) == facts


@pytest.mark.parametrize("body, date, field", [("x", None, "body"), ("Cabinet", "2025-02-30x", "meeting_date"),
                                               (None, "13/02/2025", "meeting_date")])
def test_given_facts_name_the_field_refused(body, date, field):
    with pytest.raises(FactError) as err:
        given_facts(body, date)
    assert err.value.field == field and err.value.rule == FACT_RULES[field]
