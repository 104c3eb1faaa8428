"""Templates are data: both load, keep their order, and their example rows are the tests."""

from __future__ import annotations

import pytest

from assistant.draft.template import TemplateError, cover_value, evidence, load_template, template_names

OPCC_SECTIONS = [
    "Purpose of the Report", "Recommendations", "Reasons for Recommendations", "Summary of Key Points",
    "Financial Implications and Budget Provision", "Human Resources Implications", "Equality Implications",
    "Risk Management", "Policy Implications and links to the Police and Crime Plan Priorities",
    "Changes in Legislation or other Legal Considerations", "Details of outcome of consultation",
    "Appendices", "Background Papers (relevant for Police and Crime Panel Only)",
]
OPCC_COVER = ["For Information / For Consideration", "Public/Non Public", "Report to", "Date of Meeting",
              "Report of", "Report Author", "E-mail", "Other Contacts", "Agenda Item"]
KENT_COVER = ["From", "To", "Decision Number", "Subject", "Classification", "Past Pathway of report",
              "Future Pathway of report", "Electoral Division"]


def test_both_templates_ship():
    assert {"opcc-notts", "kent-cabinet"} <= set(template_names())


def test_opcc_sections_and_cover_as_on_the_papers():
    t = load_template("opcc-notts")
    assert [s.heading for s in t.sections] == OPCC_SECTIONS
    assert [s.number for s in t.sections] == [str(i) for i in range(1, 14)]
    assert [c.label for c in t.cover] == OPCC_COVER


def test_kent_cover_summary_recommendations_then_numbered_body():
    t = load_template("kent-cabinet")
    assert [c.label for c in t.cover] == KENT_COVER
    assert [s.heading for s in t.sections[:2]] == ["Summary", "Recommendation(s)"]
    assert all(s.number is None for s in t.sections[:2])
    numbered = [s.number for s in t.sections[2:]]
    assert numbered == [str(i) for i in range(1, len(numbered) + 1)]
    assert "Background Documents" in [s.heading for s in t.sections]
    assert [c.label for c in t.contact][0] == "Report Author"


@pytest.mark.parametrize("name", ["opcc-notts", "kent-cabinet"])
def test_pick_keeps_template_order(name):
    t = load_template(name)
    keys = [s.key for s in t.sections]
    asked = list(reversed(keys[:4]))
    assert [s.key for s in t.pick(asked)] == keys[:4]
    assert [s.key for s in t.pick(["all"])] == keys


def test_unknown_names_are_errors_that_list_the_choices():
    with pytest.raises(TemplateError, match="opcc-notts"):
        load_template("no-such-body")
    with pytest.raises(TemplateError, match="purpose"):
        load_template("opcc-notts").pick(["purpose", "nonsense"])


def _kind_examples():
    for name, kind in evidence().kinds.items():
        for text in kind.examples.get("match", []):
            yield pytest.param(name, text, True, id=f"{name}-match")
        for text in kind.examples.get("miss", []):
            yield pytest.param(name, text, False, id=f"{name}-miss")


@pytest.mark.parametrize("kind,text,expected", list(_kind_examples()))
def test_evidence_kind_examples(kind, text, expected):
    assert evidence().kinds[kind].matches(text) is expected


def _rewrite_examples():
    for name, rules in evidence().rewrites.items():
        for source, expected in rules.examples:
            yield pytest.param(name, source, expected, id=f"{name}:{source[:30]}")


@pytest.mark.parametrize("name,source,expected", list(_rewrite_examples()))
def test_rewrite_examples(name, source, expected):
    assert evidence().rewrites[name].apply(source) == expected


def test_cover_value_needs_every_argument_it_names():
    to = next(f for f in load_template("kent-cabinet").cover if f.key == "to")
    assert cover_value(to, {"report_to": "Cabinet", "date": "30 January 2025"}) == "Cabinet – 30 January 2025"
    assert cover_value(to, {"report_to": "Cabinet", "date": None}) is None
    assert to.placeholder == "[To]"
