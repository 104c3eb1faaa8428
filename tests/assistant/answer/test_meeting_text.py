"""How a meeting record is named and quoted in an answer."""

from assistant.answer.meeting_text import body_before, meeting_named, opening, quote_name, source_of


def test_a_meeting_is_named_by_its_own_body_and_day():
    meeting = {"body": "Township of Nipissing Council", "date": "2024-05-28"}
    assert meeting_named(meeting) == "the Township of Nipissing Council meeting of 28 May 2024"
    assert meeting_named({"date": None}) == "the meeting"  # no body, no day: not "the the meeting"
    assert body_before(meeting) == "Township of Nipissing Council " and body_before({}) == ""


def test_what_the_cited_passage_must_hold_of_a_name_or_a_sentence():
    assert quote_name("Sir Paul Carter, CBE (Chairman)") == "Sir Paul Carter"
    assert quote_name("Councillor Tom Butler") == "Tom Butler"  # listed under "Councillors"
    assert opening("one two three four five six seven eight nine ten") == "one two three four five six seven eight"


def test_the_paper_cited_is_the_one_the_records_status_was_read_from():
    meeting = {"status": "minuted", "sources": [{"document_id": "agenda", "status": "agenda"},
                                                {"document_id": "minutes", "status": "minuted"}]}
    assert source_of(meeting)["document_id"] == "minutes"


def test_one_of_a_days_two_sittings_is_named_by_its_time():
    """Two meetings of one body that day (``store.meetings``: ids ``<day>-HHMM``) are told apart
    in the answer by their start time; a day's one meeting by its day alone."""
    from assistant.answer.meeting_text import meeting_named
    sitting = {"meeting_id": "township-of-nipissing-council-2025-09-02-1730", "body": "Township of Nipissing Council",
               "date": "2025-09-02", "time_text": "5:30 p.m."}
    assert meeting_named(sitting) == "the Township of Nipissing Council meeting of 2 September 2025 at 5:30 p.m."
    alone = {**sitting, "meeting_id": "township-of-nipissing-council-2025-09-02"}
    assert meeting_named(alone) == "the Township of Nipissing Council meeting of 2 September 2025"
