"""Days of a month, with or without a year: read as dates, never as figures."""

import pytest

from ingest.dates import day_months, find_dates, without_dates


@pytest.mark.parametrize("text, days", [
    ("the 9 January council meeting", ["01-09"]),
    ("on the 2nd of March", ["03-02"]),
    ("Tuesday, August 12, 2025 at 6:30", ["08-12"]),
    ("Thursday, 30th January, 2025", ["01-30"]),
    ("12 and 27 August", ["08-27"]),  # only the day printed beside the month
    ("31 June", []),  # no such day
    ("in May 2025 the levy rose 3%", []),  # a month and a year, no day
    ("March 3.5% higher", []),  # a figure after a month name
])
def test_day_months(text, days):
    assert [md for md, _, _ in day_months(text)] == days


def test_day_span_is_the_day_digits():
    text = "the 9 January meeting"
    (_, start, end), = day_months(text)
    assert text[start:end] == "9"
    assert find_dates("9 January 2025") == [("2025-01-09", 0, 14)]


@pytest.mark.parametrize("text, iso", [
    ("on the 18th of April, 2023?", "2023-04-18"),  # a user's "of" between day and month
    ("the 2nd of March 2024", "2024-03-02"),
    ("Thursday, 30th January, 2025", "2025-01-30"),
])
def test_a_full_date_with_of_between_day_and_month(text, iso):
    assert [d for d, _, _ in find_dates(text)] == [iso]


def test_without_dates_blanks_every_full_date_or_only_those_asked():
    text = "Inspected on May 22, 2024 and reported on May 28, 2024 at a cost of $900."
    assert without_dates(text) == "Inspected on   and reported on   at a cost of $900."
    assert without_dates(text, {"2024-05-28"}) == "Inspected on May 22, 2024 and reported on   at a cost of $900."


@pytest.mark.parametrize("text, dates", [
    ("31.3.24 31.3.25 31.3.27", ["2024-03-31", "2025-03-31", "2027-03-31"]),
    ("Value in accounts as at 31.03.24", ["2024-03-31"]),
    ("Actual Portfolio 30-Nov-24", ["2024-11-30"]),
    # no two-digit year, a four-digit one (find_dates reads it), or an impossible day
    ("paragraph 1.18 at 12.45 pm", []), ("31/03/2024", []), ("31.2.25", []),
])
def test_a_tables_short_dates(text, dates):
    from ingest.dates import short_dates

    assert short_dates(text) == dates


@pytest.mark.parametrize("iso, said", [
    ("2025-02-13", "13 February 2025"),
    ("2021-05-09T10:00:00", "9 May 2021"),  # a timestamp's day
    (None, None),
    ("", None),
    ("next Tuesday", "next Tuesday"),  # no ISO date: as given
])
def test_a_date_as_the_papers_print_it(iso, said):
    from ingest.dates import human_date

    assert human_date(iso) == said
