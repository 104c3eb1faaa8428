"""Redaction of contact details in replies to the public.

Meeting packs print report authors' e-mail addresses and direct phone lines on
every cover block. Staff need them; a public reader does not, and a public
deployment should not republish them. Patterns are a table (name, pattern,
replacement, examples that must and must not be redacted), and the examples are
the tests (tests/assistant/test_redact.py), so a new number format is one row.
Only contact-shaped text is touched: money, dates, references ("2021/007",
"24/00096", "R2025-014") and plain counts keep their digits exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Redaction:
    name: str
    pattern: re.Pattern
    replacement: str
    redacts: tuple[str, ...]  # text holding one contact detail to remove
    keeps: tuple[str, ...]  # text that must come out unchanged


_SEP = r"[ \-.]?"
RULES: tuple[Redaction, ...] = (
    Redaction(
        "email",
        re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?![\w-])"),
        "[email removed]",
        ("E-mail: daniel.howitt13452@nottinghamshire.pnn.police.uk", "contact kate.kyle@kent.gov.uk today"),
        ("the @ sign alone", "Stanley @ 10am"),
    ),
    Redaction(
        "uk_phone",
        # 0115 967 0999, 01622 694 000, 07700 900123, 0300 300 1111, +44 (0)115 844 5998, 03000 416 160
        re.compile(
            r"(?<![\w/£$€.,-])(?:\+44\s?\(0\)\s?|\+44\s?|0)"
            r"(?:\d{2,5}\)?" + _SEP + r"\d{3,4}" + _SEP + r"\d{3,4}|\d{9,10})(?![\w/%,.]\d|\d)"
        ),
        "[phone removed]",
        ("Tel: 0115 967 0999", "call 01622 694000", "mobile 07700 900123", "+44 (0)115 844 5998",
         "Telephone 03000 416160"),
        ("£0.5 million", "0.3 per cent", "24/00096", "2021/007", "19 May 2021", "2025-26 to 2027-28",
         "£10,000,000", "£01234"),
    ),
    Redaction(
        "na_phone",
        # Nipissing: 705-724-2144, (705) 724-2144
        re.compile(r"(?<![\w/-])(?:\+?1[ \-.])?(?:\(\d{3}\)\s?|\d{3}[\-.])\d{3}[\-.]\d{4}(?![\w/-])"),
        "[phone removed]",
        ("Phone: 705-724-2144", "(705) 724-2144 ext. 1", "1-800-555-0199"),
        ("R2025-014", "2023-2026", "2021-05-19", "By-law 2024-12"),
    ),
    Redaction(
        "labelled_phone",
        # any digits after a Tel/Phone/Fax label: "Tel 705 675 8500", "Phone: 0115 8445998"
        re.compile(r"(?i)\b((?:tel|telephone|phone|fax|mobile|mob)\b[.:]?\s*)\+?[\d(][\d() \-.]{7,18}\d"),
        r"\1[phone removed]",
        ("Tel 705 675 8500", "Phone:  03000 416205", "Telephone\t705-724-2144"),
        ("Telephone 03000 (see above)", "phone 2 of 3"),
    ),
)


def redact_text(text: str, rules: tuple[Redaction, ...] = RULES) -> str:
    for rule in rules:
        text = rule.pattern.sub(rule.replacement, text)
    return text


def redact(value: Any) -> Any:
    """A copy of a JSON-ready reply with contact details removed from every string."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    return value
