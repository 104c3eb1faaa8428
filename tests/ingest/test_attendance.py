"""Attendance lists as minutes print them (ingest.attendance)."""

from __future__ import annotations

import pytest

from ingest.attendance import split_people


@pytest.mark.parametrize("text, people", [
    ("Office Assistant-Intern and Interim Deputy Clerk Kim Turnbull, Fire Chief Will Bateman",
     ["Office Assistant-Intern and Interim Deputy Clerk Kim Turnbull", "Fire Chief Will Bateman"]),
    ("Land Planning and Technology Administrator John-Paul Negrinotti and Municipal Administrator Kris Croskery-Hodgins",
     ["Land Planning and Technology Administrator John-Paul Negrinotti", "Municipal Administrator Kris Croskery-Hodgins"]),
    ("Mayor Tom Piper and Councillors Stephen Kirkey, Shelly Foote and Dave Yemm",
     ["Mayor Tom Piper", "Councillor Stephen Kirkey", "Councillor Shelly Foote", "Councillor Dave Yemm"]),
])
def test_an_and_inside_a_staff_title_joins_it(text, people):
    assert split_people(text) == people


@pytest.mark.parametrize("text, people", [
    # Nipissing, June 4, 2024: staff and Zoom lists separated by semicolons, a title after a comma
    ("Fire Chief-MLEO-CEMC Will Bateman; Dan MacInnis, Operations Superintendent; Land Planning & Technology "
     "Administrator- Deputy Treasurer John-Paul Negrinotti and Municipal Administrator-Clerk-Treasurer Kris Croskery- Hodgins.",
     ["Fire Chief-MLEO-CEMC Will Bateman", "Dan MacInnis, Operations Superintendent",
      "Land Planning & Technology Administrator-Deputy Treasurer John-Paul Negrinotti",
      "Municipal Administrator-Clerk-Treasurer Kris Croskery-Hodgins"]),
    ("Tashi Dwivedi, P. Eng.; HP Engineering.", ["Tashi Dwivedi, P. Eng", "HP Engineering"]),
    # no semicolon: commas separate people, as before
    ("Mr R W Gough (Chairman), Mr R C Love, OBE, Mrs C Bell (Vice; acting) and Dr D Smith",
     ["Mr R W Gough (Chairman)", "Mr R C Love, OBE", "Mrs C Bell (Vice; acting)", "Dr D Smith"]),
])
def test_a_list_separated_by_semicolons_keeps_the_commas_inside_an_entry(text, people):
    assert split_people(text) == people



@pytest.mark.parametrize("text, people", [
    # a plural title is each name's, up to an entry with a title of its own
    ("Mayor Tom Piper and Councillors Tom Butler, Shelly Foote and Dave Yemm. ",
     ["Mayor Tom Piper", "Councillor Tom Butler", "Councillor Shelly Foote", "Councillor Dave Yemm"]),
    ("Councillors A Smith and B Jones, Mr C Brown and D Green",
     ["Councillor A Smith", "Councillor B Jones", "Mr C Brown", "D Green"]),
    # how one joined belongs to the entry before it, not an entry of its own
    ("Ed Veldboom, Russell Christie LLP, via Zoom.", ["Ed Veldboom", "Russell Christie LLP, via Zoom"]),
    ("Jane Roe, by phone", ["Jane Roe, by phone"]),
])
def test_a_plural_title_and_a_channel_belong_to_the_names(text, people):
    assert split_people(text) == people


def test_an_entry_saying_how_it_joined_counts_for_that_channel():
    from ingest.attendance import said_as

    assert said_as("Russell Christie LLP, via Zoom (guest)", "by Zoom")
    assert not said_as("Zoom Media Ltd (guest)", "by Zoom") and not said_as("Jane Roe, via Zoom (guest)", "staff")


def test_uk_minutes_officers_in_attendance_are_staff():
    """Kent's minutes list the members PRESENT and the officers IN ATTENDANCE: "which officers
    attended?" is answered by the second list alone (it was the whole room)."""
    from ingest.attendance import attendance
    from ingest.minutes import Line

    zone = [Line(text=t, page=1) for t in (
        "PRESENT: Mr B J Sweetland (Chairman), Mr N Baker and Mrs C Bell",
        "IN ATTENDANCE: Mr J Cook (Democratic Services Manager), Mr B Watts",
        "(General Counsel) and Mr J Betts (Interim Corporate Director Finance)",
        "IN ATTENDANCE VIRTUALLY: Mrs L Gannon")]
    present, _ = attendance(zone)
    assert present == ["Mr B J Sweetland (Chairman)", "Mr N Baker", "Mrs C Bell",
                       "Mr J Cook (Democratic Services Manager) (staff)", "Mr B Watts (General Counsel) (staff)",
                       "Mr J Betts (Interim Corporate Director Finance) (staff)", "Mrs L Gannon (virtually)"]


def test_a_label_saying_none_lists_nobody():
    """Nipissing's "Regrets: None" once filed an apology from "None"; "who sent apologies?"
    was then refused, the sentence "Apologies were received from None." not being in the minutes."""
    from ingest.attendance import attendance
    from ingest.minutes import Line

    zone = [Line(text=t, page=1) for t in ("Present: Mayor Dave Yemm and Councillors Lisa Chalapenko and Shelly Foote.",
                                           "Regrets: None", "Staff: Fire Chief Will Bateman")]
    present, absent = attendance(zone)
    assert absent == [] and "Fire Chief Will Bateman (staff)" in present


def test_a_plural_title_run_on_from_the_name_before_starts_new_entries():
    """Nipissing's 7 October 2025 minutes: "Present: Mayor Dave Yemm Councillors Lisa
    Chalapenko, …" leave out the "and"; the mayor is one entry, each councillor another."""
    from ingest.attendance import split_people

    assert split_people("Mayor Dave Yemm Councillors Lisa Chalapenko, Shelly Foote, and James Scott.") == [
        "Mayor Dave Yemm", "Councillor Lisa Chalapenko", "Councillor Shelly Foote", "Councillor James Scott"]
