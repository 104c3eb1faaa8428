import pytest

from assistant.store.filters import Filters, date_num


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
