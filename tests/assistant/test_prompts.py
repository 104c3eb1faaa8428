"""Every prompt template renders with the variables its caller passes (StrictUndefined)."""

import pytest
from jinja2 import UndefinedError

from assistant.prompts import render, template_names

CONTEXTS = {
    "answer_system.j2": {"max_sentences": 3, "not_found": "NOT_FOUND"},
    "answer_user.j2": {"question": "q?", "passages": [
        {"n": 1, "file": "f.pdf", "page": 2, "section": "1. Purpose", "item": "5", "text": "t"}]},
    "rewrite_followup.j2": {"previous": "a?", "followup": "and b?"},
    "draft_system.j2": {"body_name": "OPCC report", "rules": ["r"], "max_paragraphs": 3, "not_found": "NOT_FOUND"},
    "draft_user.j2": {"subject": "s", "title": "1. Purpose", "purpose": "p", "evidence": "e", "passages": [
        {"n": 1, "file": "f.pdf", "page": 2, "section": "1. Purpose", "item": "5", "text": "t"}]},
}


@pytest.mark.parametrize("name", template_names())
def test_each_template_renders(name):
    assert name in CONTEXTS, f"add a render context for {name}"
    assert render(name, **CONTEXTS[name]).strip()


def test_missing_variable_fails_loudly():
    with pytest.raises(UndefinedError):
        render("answer_system.j2", max_sentences=3)
