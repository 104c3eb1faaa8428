"""Meeting rows of several papers merge on read into one record per meeting."""

from assistant.store.meetings import merge


def _row(document_id, body, date, status, **more):
    from ingest.meetings import meeting_id
    return {"meeting_id": meeting_id(body, date), "document_id": document_id, "file": f"{document_id}.pdf",
            "page": 1, "body": body, "date": date, "status": status, "time": None, "place": None,
            "attendees": [], "apologies": [], "agenda": [], "planned": [], **more}


def test_a_front_sheets_bare_body_is_the_minutes_body_with_its_authority():
    """The front sheet prints "CABINET"; the minutes "Cabinet (Kent County Council)": one meeting,
    and the same name for a Cabinet meeting with no minutes yet."""
    rows = [_row("sheet", "Cabinet", "2025-01-30", "agenda", place="Council Chamber"),
            _row("minutes", "Cabinet (Kent County Council)", "2025-01-30", "minuted", apologies=["Mrs C Bell"]),
            _row("sheet2", "Cabinet", "2025-03-04", "agenda")]
    merged = {m["meeting_id"]: m for m in merge(rows, [])}
    assert set(merged) == {"cabinet-kent-county-council-2025-01-30", "cabinet-kent-county-council-2025-03-04"}
    jan = merged["cabinet-kent-county-council-2025-01-30"]
    assert jan["status"] == "minuted" and jan["apologies"] == ["Mrs C Bell"] and jan["place"] == "Council Chamber"
    assert len(jan["sources"]) == 2


def test_a_paper_naming_no_body_is_the_one_body_meeting_that_day():
    def rows():
        return [_row("agenda", None, "2025-09-02", "agenda", time="18:30"),
                _row("minutes", "Township of Nipissing Council", "2025-09-02", "minuted", apologies=["Mayor Dave Yemm"])]
    (one,) = merge(rows(), [])
    assert one["body"] == "Township of Nipissing Council" and one["apologies"] == ["Mayor Dave Yemm"]
    two_bodies = rows() + [_row("other", "County Council", "2025-09-02", "agenda")]
    assert len(merge(two_bodies, [])) == 3  # no guessing which meeting a body-less paper is of


def test_two_authorities_cabinets_keep_their_bare_name():
    rows = [_row("a", "Cabinet (Kent County Council)", "2025-01-30", "minuted"),
            _row("b", "Cabinet (Medway Council)", "2025-02-01", "minuted"),
            _row("c", "Cabinet", "2025-03-04", "agenda")]
    assert {m["body"] for m in merge(rows, [])} == {"Cabinet (Kent County Council)", "Cabinet (Medway Council)", "Cabinet"}


def test_the_minutes_next_meeting_as_printed_survives_a_merge_with_the_agenda():
    """The agenda's row comes first; the minutes' "4th March 2025" must reach the merged record,
    or a next-meeting answer quotes "4 March 2025", which the minutes never print."""
    rows = [_row("sheet", "Cabinet", "2025-01-30", "agenda"),
            _row("minutes", "Cabinet (Kent County Council)", "2025-01-30", "minuted",
                 next_meeting="2025-03-04", next_meeting_text="4th March 2025")]
    (one,) = merge(rows, [])
    assert (one["next_meeting"], one["next_meeting_text"]) == ("2025-03-04", "4th March 2025")


def test_two_minutes_of_one_day_at_different_times_are_two_meetings():
    """Nipissing's special meeting (5:30 p.m.) and regular meeting (6:30 p.m.) of 2 September
    2025 were one merged record: the special meeting's minutes answered for both. Each sitting
    is its own meeting, its agenda with it; a reprint of the same minutes is the same meeting."""
    body = "Township of Nipissing Council"
    rows = [_row("special-minutes", body, "2025-09-02", "minuted", time="17:30", attendees=["Mayor A"]),
            _row("special-agenda", body, "2025-09-02", "agenda", time="17:30"),
            _row("minutes", body, "2025-09-02", "minuted", time="18:37", attendees=["Councillor B"]),
            _row("agenda", None, "2025-09-02", "agenda", time="18:30"),
            _row("reprint", body, "2025-09-02", "minuted", time="18:37")]
    merged = {m["meeting_id"]: m for m in merge(rows, [(body, "2025-09-02", 4)])}
    day = "township-of-nipissing-council-2025-09-02"
    assert set(merged) == {f"{day}-1730", f"{day}-1837"}
    special, regular = merged[f"{day}-1730"], merged[f"{day}-1837"]
    assert [s["document_id"] for s in special["sources"]] == ["special-minutes", "special-agenda"]
    assert [s["document_id"] for s in regular["sources"]] == ["minutes", "agenda", "reprint"]
    assert special["attendees"] == ["Mayor A"] and regular["attendees"] == ["Councillor B"]
    assert special["decisions"] == regular["decisions"] == 4  # the day's decisions, by body and day
    # one sitting (the agenda's 6:30 p.m., the minutes' 6:40 p.m.) stays one meeting, its id the day's
    one = merge([_row("m", body, "2024-03-19", "minuted", time="18:40"), _row("a", body, "2024-03-19", "agenda",
                                                                               time="18:30")], [])
    assert [m["meeting_id"] for m in one] == ["township-of-nipissing-council-2024-03-19"]


def test_each_sitting_counts_the_decisions_its_own_papers_record():
    """The meetings list showed 18 decisions for each of 2 September 2025's sittings: the
    special meeting's minutes record 3, the regular one's 15."""
    body = "Township of Nipissing Council"
    rows = [_row("special-minutes", body, "2025-09-02", "minuted", time="17:30"),
            _row("minutes", body, "2025-09-02", "minuted", time="18:30")]
    by_paper = {(body, "2025-09-02", "special-minutes"): 3, (body, "2025-09-02", "minutes"): 15}
    merged = {m["meeting_id"][-4:]: m["decisions"] for m in merge(rows, [(body, "2025-09-02", 18)], None, by_paper)}
    assert merged == {"1730": 3, "1830": 15}
    one = merge([_row("m", body, "2025-06-10", "minuted", time="18:30")], [(body, "2025-06-10", 9)], None,
                {(body, "2025-06-10", "m"): 9, (body, "2025-06-10", "reprint"): 0})
    assert one[0]["decisions"] == 9  # a day's one meeting: the day's count
