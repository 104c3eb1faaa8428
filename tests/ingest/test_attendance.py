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
     ["Mayor Tom Piper", "Councillors Stephen Kirkey", "Shelly Foote", "Dave Yemm"]),
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

