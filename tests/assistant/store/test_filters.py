import re

import pytest

from assistant.store.filters import Filters, _body_token, date_num, facet_tokens


def test_date_num():
    assert date_num("2021-05-19") == 20210519 and date_num(None) is None


def test_empty_filters_translate_to_nothing():
    assert Filters().to_chroma() is None
    assert Filters().to_sql() == ("1=1", [])


def test_body_matches_any_case_and_part_of_the_name():
    sql, params = Filters(body="police and crime PANEL").to_sql("c")
    assert "c.body LIKE ?" in sql and params == ["%police and crime PANEL%"]
    assert Filters(body="50%_off").to_sql("c")[1] == ["%50\\%\\_off%"]  # typed % and _ are literal
    with pytest.raises(ValueError, match="Chroma"):
        Filters(body="Cabinet").to_chroma()  # needs the stored names


def test_part_of_name_body_becomes_in_over_stored_names():
    names = {"body": ["Kent County Council Cabinet", "Police and Crime Panel", "Township of Nipissing"]}
    assert Filters(body="cabinet").to_chroma(names) == {"body": {"$in": ["Kent County Council Cabinet"]}}
    where = Filters(body="Sheffield").to_chroma(names)  # no stored body holds it: nothing matches
    assert where["body"]["$in"] and not set(where["body"]["$in"]) & set(names["body"])


def test_chroma_and_sql_agree():
    f = Filters(date_from="2025-01-01", date_to="2025-12-31", doc_type="minutes", item="8")
    where = f.to_chroma()
    assert {"date_num": {"$gte": 20250101}} in where["$and"] and {"item_number": {"$eq": "8"}} in where["$and"]
    sql, params = f.to_sql("c")
    assert sql.count("?") == len(params) == 4 and "c.date_num <= ?" in sql


def test_from_dict_aliases_and_unknown_keys():
    assert Filters.from_dict({"from": "2021-01-01", "type": "minutes"}).doc_type == "minutes"
    with pytest.raises(ValueError, match="unknown filter"):
        Filters.from_dict({"colour": "red"})


def test_bad_date_is_rejected():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Filters(date_from="19 May")


# Facet words: a filter's FTS5 condition names the years it covers whole and the months of
# the years it covers in part, the bodies holding the typed part of a name, and the type.
BODIES = ["Kent County Council Cabinet", "Police and Crime Panel", "Township of Nipissing"]


@pytest.mark.parametrize("filters, words", [
    (Filters(date_from="2021-01-01", date_to="2022-12-31"), {"mpfy_2021", "mpfy_2022"}),
    (Filters(date_from="2021-11-15", date_to="2022-02-03"), {"mpfm_202111", "mpfm_202112", "mpfm_202201", "mpfm_202202"}),
    (Filters(date_from="2020-07-01", date_to="2021-12-31"),
     {f"mpfm_2020{m:02d}" for m in range(7, 13)} | {"mpfy_2021"}),
    (Filters(date_from="2000-01-02", date_to="2030-12-30"), set()),  # too many words: the SQL test alone
    (Filters(date_from="2021-01-01"), set()),  # one bound: the SQL test alone
    (Filters(body="PANEL"), {"mpfb_"}),
    (Filters(doc_type="minutes"), {"mpft_minutes"}),
    (Filters(item="5", public_only=True), set()),
])
def test_facet_condition_names_the_words_a_row_of_the_filter_carries(filters, words):
    fts = filters.to_fts(BODIES)
    found = set(re.findall(r'"(mpf\w+)"', fts))
    if "mpfb_" in words:  # one body's hashed word
        assert len(found) == 1 and next(iter(found)).startswith("mpfb_") and "none" not in fts
    else:
        assert found == words
    assert fts == "" or fts.startswith("facets:(")


def test_a_row_carries_the_words_its_filter_asks_for():
    row = facet_tokens("Police and Crime Panel", 20211203, "minutes").split()
    assert row == [_body_token("Police and Crime Panel"), "mpfy_2021", "mpfm_202112", "mpft_minutes"]
    for f in (Filters(body="crime", date_from="2021-12-01", date_to="2021-12-31", doc_type="minutes"),
              Filters(body="crime", date_from="2021-01-01", date_to="2022-12-31")):
        groups = re.findall(r"facets:\(([^)]*)\)", f.to_fts(BODIES))
        assert groups and all(set(re.findall(r'"(\w+)"', g)) & set(row) for g in groups)
    assert facet_tokens(None, 0, None) == ""


def test_a_body_no_stored_name_holds_admits_nothing():
    assert Filters(body="Sheffield").to_fts(BODIES) == 'facets:("mpfb_none")'
    assert Filters(date_from="2022-01-01", date_to="2021-01-01").to_fts(BODIES) == 'facets:("mpfm_none")'
