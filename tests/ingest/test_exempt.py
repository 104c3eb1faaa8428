"""Exempt detection: every row's examples, real papers that must stay public, a generated pack
with exempt papers, and the --exempt / --public overrides."""

from __future__ import annotations

import json

import pytest

from ingest import parse_file
from ingest.exempt import ALL, RULES, MarkError, apply_overrides, match, parse_marks, parse_selector, summary
from ingest.models import IngestError
from tests.api.access_fixture import SECRET, write_hidden, write_pack
from tests.conftest import CORPUS, PACK, REAL

MARKS = [(r.name, t) for r in RULES for t in r.marks]
PASSES = [(r.name, t) for r in RULES for t in r.passes]


@pytest.mark.parametrize("rule, text", MARKS, ids=[f"{r}:{t[:40]}" for r, t in MARKS])
def test_rule_marks_its_examples(rule, text):
    assert match(next(r for r in RULES if r.name == rule), text)


@pytest.mark.parametrize("rule, text", PASSES, ids=[f"{r}:{t[:40]}" for r, t in PASSES])
def test_no_rule_of_the_same_scope_marks_a_counter_example(rule, text):
    scope = next(r for r in RULES if r.name == rule).scope
    assert [r.name for r in RULES if r.scope == scope and match(r, text)] == []


def test_reasons_carry_the_category():
    by = {r.name: r for r in RULES}
    assert match(by["cover_non_public"], "Non-Public – category 3") == "Non Public cover block (category 3)"
    assert match(by["schedule_12a_paragraph"], "exempt under paragraph 3 of Schedule 12A") == "Schedule 12A paragraph 3"


@pytest.mark.parametrize("path", [PACK, CORPUS / "2022-02-08 Police and Crime Panel - Item 8 Make Notts Safe Plan 2021-24.pdf",
                                  REAL / "kcc-cabinet-minutes-2025-01-30.pdf", REAL / "kcc-county-council-agenda-2025-03-13.pdf",
                                  REAL / "kcc-cabinet-supplementary-pack-2025-01-30.pdf"],
                         ids=lambda p: p.name[:40])
def test_real_public_papers_stay_public(path):
    """Every OPCC cover says 'Public' beside '*If Non Public, please state...'; KCC front
    sheets print 'EXEMPT ITEMS' over 'there were no exempt items'."""
    doc = parse_file(path)
    assert [it.item_id for it in doc.items if not it.public] == []


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    return parse_file(write_pack(tmp_path_factory.mktemp("pack")))


def test_exempt_papers_found_per_item(pack):
    flags = {it.item_id: (it.public, it.exempt_reason) for it in pack.items}
    assert flags["item-3"] == (True, None) and flags["agenda"] == (True, None)
    assert flags["item-4"] == (False, "Non Public cover block")
    assert flags["item-5"] == (False, "EXEMPT banner")
    assert all(not c.public for c in pack.chunks if SECRET in c.text)
    assert all(c.public for c in pack.chunks if c.item_id in ("agenda", "item-3"))
    assert [(d.ref, d.public) for d in pack.decisions] == [("2024/011", False)]


def test_a_banner_makes_a_whole_paper_exempt(tmp_path):
    doc = parse_file(write_hidden(tmp_path))
    assert all(not it.public for it in doc.items) and all(not c.public for c in doc.chunks)


def test_appendix_of_an_exempt_report_is_exempt():
    from ingest.exempt import inherit
    from ingest.models import DocType, Item

    items = [Item("item-5", "Report", DocType.REPORT, 1, 2, public=False, exempt_reason="EXEMPT banner"),
             Item("item-5-appendix-1", "Appendix", DocType.APPENDIX, 3, 4),
             Item("item-50", "Other", DocType.REPORT, 5, 6)]
    inherit(items)
    assert [it.public for it in items] == [False, False, True]


def test_overrides(pack):
    import copy

    doc = copy.deepcopy(pack)
    apply_overrides(doc, public={"4"})
    assert {it.item_id for it in doc.items if not it.public} == {"item-5"}
    assert all(c.public for c in doc.chunks if c.item_id == "item-4")
    apply_overrides(doc, exempt={ALL}, public={"item-3"})  # named beats all
    assert {it.item_id for it in doc.items if it.public} == {"item-3"}
    assert all(not d.public for d in doc.decisions)
    assert doc.items[0].exempt_reason == "marked exempt at ingest"


@pytest.mark.parametrize("exempt, public, says", [({"9"}, None, "no item 9; items: agenda, item-3"),
                                                  ({"4"}, {"item-4"}, "named both"),
                                                  ({ALL}, {ALL}, "both exempt and public")])
def test_bad_overrides_name_the_problem(pack, exempt, public, says):
    with pytest.raises(IngestError, match=says):
        apply_overrides(pack, exempt, public)


def test_selectors():
    assert parse_selector(None) is None and parse_selector("*") == {ALL} and parse_selector("") == {ALL}
    assert parse_selector("all") == parse_selector("ALL") == parse_selector(" , ") == {ALL}
    assert parse_selector("5, item-5-appendix-1") == {"5", "item-5-appendix-1"}
    for bad in ("5 6", "item-5/..", "'5'", "-5"):
        with pytest.raises(ValueError, match="is not an item id or agenda number"):
            parse_selector(bad)


@pytest.mark.parametrize("exempt, public, field, says", [
    ("5;6", None, "exempt", "not an item id"), (None, "a b", "public", "not an item id"),
    ("3,4", "4", "public", "4 cannot be marked both"), ("", "all", "public", "the whole document cannot"),
])
def test_marks_are_checked_together(exempt, public, field, says):
    with pytest.raises(MarkError, match=says) as err:
        parse_marks(exempt, public)
    assert err.value.field == field
    assert parse_marks("*", "3") == ({ALL}, {"3"})  # all exempt but item 3, as the CLI always allowed


def test_summary():
    assert summary([{"public": True}]) == "public" and summary([{"public": False}]) == "exempt"
    assert summary([{"public": True}, {"public": False}]) == "partly exempt (1 of 2 items)"


def test_cli_marks_survive_reingest_and_show_in_documents(tmp_path, capsys):
    from api.cli import main

    src = write_hidden(tmp_path / "in").parent
    plan = tmp_path / "in" / "plan.md"
    plan.write_text("# Plan\n\nThe community safety plan for 2024 sets three priorities.\n")
    store = ["--store", str(tmp_path / "s"), "--preset", "test"]
    assert main(["ingest", str(src), "--no-progress", *store]) == 0
    main(["documents", *store])
    out = capsys.readouterr().out
    assert "plan.md" in out and "riverside-estates-annex" in out and "  exempt  " in out
    assert "[exempt: NOT FOR PUBLICATION banner]" in out
    assert main(["ingest", str(plan), "--no-progress", *store, "--exempt"]) == 0  # unchanged file, new mark
    plan.write_text(plan.read_text() + "\nA fourth priority was added.\n")
    assert main(["ingest", str(plan), "--no-progress", *store]) == 0  # changed file, no flag: mark kept
    capsys.readouterr()
    main(["documents", "--json", *store])
    docs = {d["file"]: d for d in json.loads(capsys.readouterr().out)}
    assert [it["public"] for it in docs["plan.md"]["items"]] == [False]
    assert docs["plan.md"]["items"][0]["exempt_reason"] == "marked exempt at ingest"
    assert main(["ingest", str(plan), "--no-progress", *store, "--public"]) == 0
    capsys.readouterr()
    main(["documents", "--json", "--role", "public", *store])
    public = {d["file"] for d in json.loads(capsys.readouterr().out)}
    assert public == {"plan.md"}  # the annex is hidden from public, the plan is public again
    assert main(["ingest", str(plan), "--no-progress", *store, "--exempt", "item-9"]) == 1
    assert "FAILED plan.md: no item item-9" in capsys.readouterr().out  # one report line, as for any file
