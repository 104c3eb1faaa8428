"""assistant.heads: a table's period heads, and its rows paired with them."""

import pytest

from tests.assistant.test_text import TABLE

def test_a_rows_figures_are_paired_with_the_period_heads_above_them():
    from assistant.answer.base import Claim
    from assistant.answer.verify import check_claim
    from assistant.heads import with_heads
    from assistant.text import paragraphs
    from tests.assistant.answer.helpers import passage

    rows = with_heads(paragraphs(TABLE))
    loans = "Loans CFR — 31.3.24: 1,117.6 · 31.3.25: 1,106.3 · 31.3.26: 1,100.6 · 31.3.27: 1,132.8"
    assert loans in rows
    assert "Of which fixed 12.0 13.0" in rows  # two figures under four heads: left as printed
    assert "Actual Estimate Forecast Forecast" in rows
    # the paired row is checked against the passage like any quote: every figure is there
    assert check_claim(Claim(loans, [1]), {1: passage(1, TABLE)}) is None


@pytest.mark.parametrize("text, heads", [
    # heads extraction broke inside ("Dec\n-24", "Mar- | 25"); a short date before them is another form
    ("Link Group | Interest Rate | View 11.11.24 | Dec\n-24 | Mar- | 25 | Jun-\n25 | Sep | -25",
     ["Dec-24", "Mar-25", "Jun-25", "Sep-25"]),
    # financial years, each with its word
    ("funded\n2023-24 | actual\n2024-25 | forecast\n2025-26 | budget", ["2023-24 actual", "2024-25 forecast", "2025-26 budget"]),
    ("31.3.24 31.3.25 31.3.26", ["31.3.24", "31.3.25", "31.3.26"]),
    # a head's words between two heads may be capitalised ("Original from April")
    ("Table 2\nNational Living/Minimum Wage\n2021-22 2022-23\nOriginal\nfrom\nApril\n2022-23\nRevised\nfrom\nNovember\n"
     "2023-24 2024-25", ["2021-22", "2022-23 Original from April", "2022-23 Revised from November", "2023-24", "2024-25"]),
    # ... but not after the last: a sentence's capitalised word ends no table's heads
    ("set for 2024-25 and 2025-26 Council", []),
    # prose ending with years is no table's heads
    ("The figures rose in 2024 and 2025.", []),
    ("Grants", []),
])
def test_the_period_heads_a_passage_ends_with(text, heads):
    from assistant.heads import period_heads

    assert period_heads(text) == heads


def test_rows_take_the_heads_the_passage_before_printed_and_rows_run_together_split():
    from assistant.heads import with_heads
    from assistant.text import paragraphs

    heads = ["2023-24 actual", "2024-25 forecast", "2025-26 budget"]
    assert with_heads(paragraphs("Borrowing 35.0 40.4 82.9\nTOTAL 237.3 347.7 283.1"), heads) == [
        "Borrowing — 2023-24 actual: 35.0 · 2024-25 forecast: 40.4 · 2025-26 budget: 82.9",
        "TOTAL — 2023-24 actual: 237.3 · 2024-25 forecast: 347.7 · 2025-26 budget: 283.1"]
    # extraction joined the rows into one line: each row is told by its label
    joined = "Bank Rate 4.75 4.50 4.25 5yr PWLB 5.00 4.90 4.80 10yr PWLB 5.30 5.10 5.00"
    assert with_heads([joined], ["Dec-24", "Mar-25", "Jun-25"]) == [
        "Bank Rate — Dec-24: 4.75 · Mar-25: 4.50 · Jun-25: 4.25",
        "5yr PWLB — Dec-24: 5.00 · Mar-25: 4.90 · Jun-25: 4.80",
        "10yr PWLB — Dec-24: 5.30 · Mar-25: 5.10 · Jun-25: 5.00"]
    # no heads: the rows stay as printed
    assert with_heads([joined]) == [joined]


def test_a_rows_label_may_print_figures_and_a_group_label_may_head_the_rows():
    """A label's own figures ("Aged 23 to 24") are no cells: the cells are the last figures,
    one under each head. A short group label over the rows ("National Living/Minimum Wage")
    still makes the passage one that opens with a table's rows, whose heads the passage
    before printed."""
    from assistant.heads import starts_with_row, with_heads
    from assistant.text import paragraphs

    heads = ["2023-24", "2024-25", "2025-26"]
    text = "National Living/Minimum Wage\nAged 25 and over £10.42 £11.44 £12.21\nAged 23 to 24 £10.42 £11.44 £12.21"
    assert starts_with_row(text) and not starts_with_row("The National Living Wage rose.\nAged 25 £1 £2")
    assert with_heads(paragraphs(text), heads)[1:] == [
        "Aged 25 and over — 2023-24: £10.42 · 2024-25: £11.44 · 2025-26: £12.21",
        "Aged 23 to 24 — 2023-24: £10.42 · 2024-25: £11.44 · 2025-26: £12.21"]
    # more figures than a label may hold: the row is left as printed
    assert with_heads(["Total 1 2 3 4 5 6"], heads) == ["Total 1 2 3 4 5 6"]


BUDGET_SLIDE = [  # Nipissing's 2026 budget slides: revenues and expenses side by side under one head row
    "Department Description 2025 Actual 2026 Budget 2025 Actual 2026 Budget",
    "General Government",
    "Ontario Municipal Partnership Fund 717,300.00$ 841,100.00$ 17%",
    "Department Description 2025 Actual 2026 Budget % 2025 Actual 2026 Budget Interest Earned (investments) "
    "173,799.63$ 160,000.00$ -8%",
    "Department Description 2025 Actual 2026 Budget % 2025 Actual 2026 Budget Emergency Management/CEMC "
    "4,598.72$ 5,000.00$ 9% 911 Expenses -$ 250.00$ 345.98$ 1,000.00$ 189%",
]


def test_a_budget_slides_head_row_pairs_its_rows_with_one_halfs_heads_and_the_change_column():
    from assistant.heads import with_heads

    out = with_heads(BUDGET_SLIDE)
    assert "Ontario Municipal Partnership Fund — 2025 Actual: 717,300.00$ · 2026 Budget: 841,100.00$ · %: 17%" in out
    # the head row, then the row printed after it on the same line
    assert "Interest Earned (investments) — 2025 Actual: 173,799.63$ · 2026 Budget: 160,000.00$ · %: -8%" in out
    # two halves' cells run together ("9% 911 Expenses"): no percentage under a period's head, so left as printed
    assert BUDGET_SLIDE[-1].split("Budget ", 2)[-1] in out


@pytest.mark.parametrize("line, heads", [
    ("Department Description 2025 Actual 2026 Draft Budget % 2025 Actual 2026 Draft Budget",
     ["2025 Actual", "2026 Draft Budget", "%"]),
    ("Department Description 2025 Actual 2026 Budget 2025 Actual 2026 Budget", ["2025 Actual", "2026 Budget"]),
    ("The budget was set in 2025 and reviewed in 2026", []),  # a sentence
    ("Council met 2025 2026", []),
])
def test_a_head_row_may_open_with_a_label_and_capitalise_its_heads(line, heads):
    from assistant.heads import _head_row

    assert _head_row(line.split())[0] == heads


@pytest.mark.parametrize("question, rows", [
    ("What is Kent's band D council tax for 2025-26?", ["D 9/9 1,610.82 1,691.19 80.37"]),
    ("What is the band B charge?", ["B 7/9 1,252.86 1,315.37 65.21"]),
    ("What is in Local Transport Plan 4?", []),  # the passage names no plan
    ("What is the band D charge?", []),  # when the passage never says "band"
])
def test_the_row_of_a_labelled_thing(question, rows):
    from assistant.heads import label_rows

    caption = "Table 6.1 – Proposed Council Tax Increases by Band …"
    table = "B 7/9 1,252.86 1,315.37 65.21\nD 9/9 1,610.82 1,691.19 80.37"
    assert label_rows(question, f"{caption}\n{table}" if rows or "Plan" in question else table) == tuple(rows)
