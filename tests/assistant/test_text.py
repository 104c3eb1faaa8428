"""assistant.text: the words questions and passages are compared in."""

import pytest

from assistant.text import figure_run, name_in, sentences, terms, tokens


@pytest.mark.parametrize("text, want", [
    ("Labour's amendment", ["labour", "amendment"]),
    ("the Township\u2019s insurer", ["the", "township", "insurer"]),  # a typographic apostrophe
    ("Nipissing's", ["nipissing"]),
    ("don't", ["don't"]),  # a contraction is not a possessive
    ("O'Brien", ["o'brien"]),
    ("minute 2021/007", ["minute", "2021/007"]),
])
def test_tokens_keep_words_and_drop_possessives(text, want):
    assert tokens(text) == want


def test_a_possessive_question_word_meets_the_papers_word():
    """"the township's insurer" must share 'township' with "the Township renews …"."""
    assert set(terms("Who is the township's insurer?")) & set(terms("The Township renews its insurance"))


@pytest.mark.parametrize("text, run", [
    ("0.0 16,675.5 16,675.5 -47.0 0.0 16,628.5", True),
    ("UASC 531 480 476 555 475", True),
    ("(4.5) £1,200 12% in all", True),
    ("The budget rose from £1.2m to £3.4m in 2024.", False),
    ("Figures for 2023, 2024 and 2025 show growth.", False),
    ("Uptake rose by 12, 15 and 20 per cent.", False),
])
def test_figure_run_is_a_table_rows_cells(text, run):
    assert figure_run(text) is run


@pytest.mark.parametrize("name, text, found", [
    ("Stonecutters", "Tender Results for Stone Cutter’s Road Culvert", True),  # spaced and possessed
    # a plural is met by its singular printed as a name, never by a common noun
    ("Concessions", "the unopened road allowance between Concession 2 and 3", True),
    ("Mills", "the mill rate for 2025", False),
    ("Mills", "Shawn Mill-Smith", False),
    ("Medway", "Kent and Medway", True),
    ("Surrey", "Kent County Council's budget minutes", False),
    ("Cutters", "Stone Cutter’s Road", True),
    ("Bear Creek", "the BearCreek landfill", True),
    ("Stonecutters", "a stone wall; cutters were used", False),  # the words must run on
])
def test_a_name_is_found_however_it_is_spaced_or_possessed(name, text, found):
    assert name_in(name, text) is found


@pytest.mark.parametrize("asked, held, same", [
    ("Cabinet", "Cabinet (Kent County Council)", True),  # the bare name of an authority's body
    ("County Council", "County Council", True),
    ("County Council", "Cabinet (Kent County Council)", False),  # words of the authority, not the body
    ("Kent County Council", "County Council", True),
    ("Township of Nipissing Council", "Township of Nipissing Council", True),
    ("Police and Crime Panel", "Strategic Resources and Performance", False),
    (None, "Cabinet", False),
])
def test_a_body_asked_about_and_a_stored_body(asked, held, same):
    from assistant.text import same_body

    assert same_body(asked, held) is same


TABLE = """22. The following table summarises the balance sheet for the current (2024/25) and previous year and provides a forecast. Balance sheet summary and forecast
31.3.24 31.3.25 31.3.26 31.3.27
Actual Estimate Forecast Forecast
Total CFR 1,268.3 1,304.8 1,289.9 1,311.9
Other long-term
liabilities 178.5 225.1 214.9 203.6
Loans CFR 1,117.6 1,106.3 1,100.6 1,132.8
Of which fixed 12.0 13.0"""


def test_a_flattened_tables_rows_stay_apart():
    """A long line never ending in a full stop used to swallow the whole table below it as
    one 'sentence', so its rows could not be told apart or quoted alone."""
    from assistant.text import paragraphs

    paras = paragraphs(TABLE)
    assert "Loans CFR 1,117.6 1,106.3 1,100.6 1,132.8" in paras
    assert "Other long-term liabilities 178.5 225.1 214.9 203.6" in paras  # a wrapped label rejoins its figures
    assert paras[0].endswith("Balance sheet summary and forecast")
    # prose wrapped mid-sentence still joins
    assert paragraphs("The council agreed a budget of £1.2m for the\nlibrary, and a further sum for parks.") == [
        "The council agreed a budget of £1.2m for the library, and a further sum for parks."]


def test_a_slides_glued_bullets_are_bullets_of_their_own():
    """Slide exports glue a bullet to its word and run the next bullet on: "… is $49.8 million
    –Average age of assets …". Each bullet is one unit, so the replacement value is quoted
    alone; a dash with spaces round it ("Conference – April 21") is prose, not a bullet."""
    from assistant.text import paragraphs, sentences

    text = ("–Total estimated current replacement value is $49.8 million –Average age of assets is 25.4 years\n"
            "•Road needs assessment completed in 2023\nGood Roads Conference – April 21 – 24, 2024 Dave Yemm")
    units = [s for p in paragraphs(text) for s in sentences(p)]
    assert units == ["–Total estimated current replacement value is $49.8 million", "–Average age of assets is 25.4 years",
                     "•Road needs assessment completed in 2023", "Good Roads Conference – April 21 – 24, 2024 Dave Yemm"]


def test_a_rows_figures_are_paired_with_the_period_heads_above_them():
    from assistant.answer.base import Claim
    from assistant.answer.verify import check_claim
    from assistant.text import paragraphs, with_heads
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
    from assistant.text import period_heads

    assert period_heads(text) == heads


def test_rows_take_the_heads_the_passage_before_printed_and_rows_run_together_split():
    from assistant.text import paragraphs, with_heads

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
    from assistant.text import paragraphs, starts_with_row, with_heads

    heads = ["2023-24", "2024-25", "2025-26"]
    text = "National Living/Minimum Wage\nAged 25 and over £10.42 £11.44 £12.21\nAged 23 to 24 £10.42 £11.44 £12.21"
    assert starts_with_row(text) and not starts_with_row("The National Living Wage rose.\nAged 25 £1 £2")
    assert with_heads(paragraphs(text), heads)[1:] == [
        "Aged 25 and over — 2023-24: £10.42 · 2024-25: £11.44 · 2025-26: £12.21",
        "Aged 23 to 24 — 2023-24: £10.42 · 2024-25: £11.44 · 2025-26: £12.21"]
    # more figures than a label may hold: the row is left as printed
    assert with_heads(["Total 1 2 3 4 5 6"], heads) == ["Total 1 2 3 4 5 6"]


def test_a_tables_short_years_are_years():
    """"10yr PWLB" is the "10-year PWLB rate" a question asks about."""
    from assistant.text import terms

    assert terms("10yr PWLB")[:3] == ["10", "year", "pwlb"] == terms("10-year PWLB")
    assert terms("for 25 yrs") == ["25", "year"]


def test_rows_whose_figures_print_the_currency_after_stay_apart():
    """Ontario budget slides print "325,490.08$": each row is still a row of its own, so
    "how much for policing?" quotes the policing row, not the whole table as one unit."""
    from assistant.text import paragraphs

    table = ("Payments in Lieu (all levels govt) 29,796.25$ 28,762.27$ -3%\n"
             "Policing Services 325,490.08$ 366,333.00$ 13%\nLibrary Levy 41,554.92$ 51,096.47$ 23%")
    assert paragraphs(table) == table.splitlines()


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
    from assistant.text import with_heads

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
    from assistant.text import _head_row

    assert _head_row(line.split())[0] == heads


@pytest.mark.parametrize("text, parts", [
    # a clock time's range is one sentence: "9:00 a.m. – 6:00 p.m." was cut after "a.m.",
    # and the answer quoted "– 6:00 p.m. for the 2026 Municipal Election."
    ("Advance Poll #2 – Saturday, October 17, 2026 9:00 a.m. – 6:00 p.m. for the 2026 Municipal Election.",
     ["Advance Poll #2 – Saturday, October 17, 2026 9:00 a.m. – 6:00 p.m. for the 2026 Municipal Election."]),
    # ... while a time ending a sentence still ends it
    ("That the meeting be adjourned. Time: 7:19 p.m. Next regular meeting to be held August 13, 2024.",
     ["That the meeting be adjourned.", "Time: 7:19 p.m.", "Next regular meeting to be held August 13, 2024."]),
])
def test_a_clock_times_range_stays_in_its_sentence(text, parts):
    assert sentences(text) == parts


def test_going_is_no_topic_word():
    """"… the conference that staff are going to?" dated "going" as its event, which no
    passage says, and refused the resolution sending staff to it."""
    assert terms("the conference that staff are going to") == ["conferenc", "staff"]


def test_a_tables_short_unit_meets_the_word_a_user_types():
    """"Gravel 115.7 km" holds what "how many kilometres of gravel road?" asks for."""
    from assistant.text import terms, with_abbreviations

    assert set(terms("How many kilometres of gravel road?")) - {"road"} <= with_abbreviations(set(terms("Gravel 115.7 km")))


def test_a_persons_initial_ends_no_sentence():
    """"Proposed (moved) by D. Yemm, seconded by S. Foote." is one sentence: a drafted report
    once quoted "… Proposed (moved) by D." as a key point."""
    from assistant.text import sentences

    assert sentences("Proposed (moved) by D. Yemm, seconded by S. Foote. RESOLVED: That we appoint X.") == [
        "Proposed (moved) by D. Yemm, seconded by S. Foote.", "RESOLVED: That we appoint X."]
    assert sentences("The meeting started at 6:30 p.m. Mayor Yemm read.") == [
        "The meeting started at 6:30 p.m.", "Mayor Yemm read."]


@pytest.mark.parametrize("noun, verb", [
    ("extension", "extended"), ("approval", "approve"), ("renewals", "renew"), ("proposal", "proposed"),
    ("decision", "decide"), ("provisions", "provided"), ("disposal", "dispose"), ("withdrawal", "withdraw"),
    ("expansion", "expand"),
])
def test_a_noun_made_from_a_verb_meets_the_verb(noun, verb):
    """'Until when was the library agreement extended?' is minuted 'the extension of the
    Powassan and District Union Public Library Agreement to February 28, 2026'."""
    from assistant.text import stem

    assert stem(noun) == stem(verb)


@pytest.mark.parametrize("word, other", [("pension", "pending"), ("total", "tot"), ("oval", "ov"),
                                         ("session", "set"), ("commission", "commit")])
def test_words_that_only_look_derived_keep_their_stem(word, other):
    from assistant.text import stem

    assert stem(word) != stem(other)
