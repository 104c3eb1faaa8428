"""Which lines are headings: a table row in capitals ('TOTAL 237.3 347.7 282.9') is not one,
or it becomes the section every passage after it is cited under."""

from __future__ import annotations

import pytest

from ingest.blocks import heading_level

WIDTH = 600


@pytest.mark.parametrize("line", [
    "TOTAL CFR 1,268.3 1,249.0 1,234.1 1,256.1 1,238.6",
    "CSSB 12.2 12.3 -0.1",
    "KSAS* 2 2 1 1 8 6",
    "UASC 531 480 476 555 475",
    "6.3FE 14.3FE 14FE",
    "TOTAL FINANCING 1,001.0 7,253.3 -2,166.3",
    "93 9,967.8 Finance 15,154.1 1,901.7 17,055.8 -6,413.1 -950.6 9,692.1",
    "10 TOTAL CONTRIBUTIONS TO RESERVES 40,215.2 41,018.3 49,706.6",  # a numbered row
    "6 Total - Adult Social Care & Health 7,003 3,939 549 515 250",
])
def test_a_table_row_in_capitals_is_no_heading(line):
    assert heading_level(line, WIDTH) == 0


@pytest.mark.parametrize("line, level", [
    ("PURPOSE OF THE REPORT", 1),
    ("PART 2 2025 BUDGET", 1),  # two numbers in a title are still a title
    ("LANDFILL CAPITAL FORECAST", 1),
    ("3. Financial Implications", 1),
    ("4.2 Peer Review", 2),
])
def test_headings_stay_headings(line, level):
    assert heading_level(line, WIDTH) == level
