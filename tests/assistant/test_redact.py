"""Redaction rows: each example that must be redacted is, each that must be kept is unchanged."""

from __future__ import annotations

import re

import pytest

from assistant.redact import RULES, redact, redact_text

REDACTS = [(r.name, t, r.replacement) for r in RULES for t in r.redacts]
KEEPS = [(r.name, t) for r in RULES for t in r.keeps]


@pytest.mark.parametrize("rule, text, replacement", REDACTS, ids=[f"{r}:{t}" for r, t, _ in REDACTS])
def test_redacts(rule, text, replacement):
    out = redact_text(text)
    longest = max(re.findall(r"[\w.@-]+", text), key=lambda w: sum(c.isdigit() or c == "@" for c in w))
    assert replacement.replace("\\1", "") in out and longest not in out


@pytest.mark.parametrize("rule, text", KEEPS, ids=[f"{r}:{t}" for r, t in KEEPS])
def test_keeps(rule, text):
    assert redact_text(text) == text


def test_redact_walks_a_reply():
    reply = {"answer": "Call 0115 967 0999.", "citations": [{"text": "a.b@c.org", "page": 3}], "n": 1}
    assert redact(reply) == {"answer": "Call [phone removed].", "citations": [{"text": "[email removed]", "page": 3}],
                             "n": 1}
