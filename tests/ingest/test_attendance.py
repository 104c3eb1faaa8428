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
