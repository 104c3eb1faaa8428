"""Reference numbers (resolutions, minutes, decisions, agenda items), normalised.

The same function runs at ingest (to tag chunks) and at query time (to read the
question), so "RESOLVED 2021/007", "resolution 2021/7" and "2021-007" all meet on
one key. Keys are short lowercase tokens safe for a keyword index:
``res:2021/007``, ``dec:24/00093``, ``res:r2024-052``, ``item:7``, ``minute:299``,
``bylaw:2024-30``.
"""

from __future__ import annotations

import re

# 2021/007, 2020/011, 24/00093, 2024-052 after R; year first, then a serial.
_SLASH_REF = re.compile(r"(?<![\w/£$.,])((?:19|20)?\d{2})\s*/\s*(\d{1,5})(?![\w/%])")
# Township resolutions: "R2024-052", "R2024-52", "R2024-019B" (a split resolution keeps its letter).
_R_REF = re.compile(r"\bR\s?(\d{4})\s*-\s*(\d{1,4})([A-Za-z]?)\b")
_ITEM_REF = re.compile(r"\b(?:agenda\s+)?item\s+(?:no\.?\s*)?(\d{1,3}[a-z]?)\b", re.I)
# Kent minute numbers: "minute 299", "Minute No. 299", "minute (299)", "minute 285(17)".
_MINUTE_REF = re.compile(r"\bminutes?\s+(?:no\.?\s*|number\s+)?\(?(\d{1,4})\b\)?", re.I)
# Typed without the R: "resolution 2024-052", "resolution no. 2024-52" (query side only).
_RESOLUTION_DASH = re.compile(r"\bresolution\s+(?:no\.?\s*|number\s+|#\s*)?((?:19|20)\d{2})\s*-\s*(\d{1,4})\b", re.I)
_DASH_REF = re.compile(r"\b((?:19|20)\d{2})-(\d{3})\b")
# Township by-laws: "By-Law Number 2024-30", "By-Law No. 2025-34", "bylaw 2024-030".
_BYLAW_REF = re.compile(r"\bby-?\s?laws?\s+(?:no\.?\s*|number\s+|#\s*)?((?:19|20)\d{2})\s*-\s*(\d{1,4})\b", re.I)


def _slash_key(year: str, serial: str) -> str:
    """Pad the serial the way the source printed it: four-digit years use 3 digits."""
    width = 3 if len(year) == 4 else 5
    return f"{year}/{serial.zfill(width)}"


def find_refs(text: str, *, query: bool = False) -> list[str]:
    """Every reference key in ``text``, in order, without duplicates.

    ``query=True`` also accepts loose forms people type ("2021-007", "resolution 2024-052").
    """
    keys: list[str] = []
    for m in _SLASH_REF.finditer(text):
        year, serial = m.group(1), m.group(2)
        if _looks_like_date(text, m) or _financial_year(year, serial) or _not_a_decision(year, serial):
            continue
        keys.append(("res:" if len(year) == 4 else "dec:") + _slash_key(year, serial))
    for m in _R_REF.finditer(text):
        keys.append(f"res:r{m.group(1)}-{m.group(2).zfill(3)}{m.group(3).lower()}")
    for m in _ITEM_REF.finditer(text):
        keys.append(f"item:{m.group(1).lower()}")
    for m in _MINUTE_REF.finditer(text):
        keys.append(f"minute:{m.group(1)}")
    for m in _BYLAW_REF.finditer(text):
        keys.append(f"bylaw:{m.group(1)}-{int(m.group(2))}")
    if query:
        for m in _RESOLUTION_DASH.finditer(text):
            keys.append(f"res:r{m.group(1)}-{m.group(2).zfill(3)}")
        for m in _DASH_REF.finditer(text):
            keys.append(f"res:{m.group(1)}/{m.group(2)}")
    return list(dict.fromkeys(keys))


def _financial_year(year: str, serial: str) -> bool:
    """'2020/21' and '20/21' are financial years, not resolution numbers."""
    return len(serial) == 2 and int(serial) == (int(year) + 1) % 100


def _not_a_decision(year: str, serial: str) -> bool:
    """A two-digit year's serial is printed padded ("24/00096"): "B 7/9" and "E 11/9" are a
    council tax band's share of band D, and "01/2022" a month, not decisions 11/00009 or 01/02022."""
    return len(year) == 2 and (len(serial) < 3 or (int(year) <= 12 and serial.startswith(("19", "20")) and len(serial) == 4))


def _looks_like_date(text: str, m: re.Match) -> bool:
    """Reject 19/05/2021-style dates: a slash right before or after the match."""
    before = text[max(0, m.start() - 1) : m.start()]
    after = text[m.end() : m.end() + 1]
    return before == "/" or after == "/"


def ref_tokens(keys: list[str]) -> str:
    """Keys as one keyword-index string (``res_2021_007``) that tokenisers keep whole."""
    return " ".join(re.sub(r"[^a-z0-9]+", "_", k) for k in keys)
