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
