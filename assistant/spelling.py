"""One word's British and American spellings ("authorise"/"authorize", "programme"/"program").

Why: Kent's papers spell British, Nipissing's mostly American or Canadian, and a user
types their own. Stemming keeps the two apart (porter: "authoris" and "author"), so a
question could not meet the paper's word by keyword nor by word overlap. The table is data
(``spellings.yaml``); the word overlap reads every spelling as one (``canonical``, applied
in ``assistant.text.stem``), and the keyword search adds the others (``variants``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, str], ...], int]:
    """(word → all its spellings, the suffix pairs, letters a suffix needs before it)."""
    raw = yaml.safe_load(resources.files("assistant").joinpath("spellings.yaml").read_text())
    words: dict[str, tuple[str, ...]] = {}
    for row in raw["words"]:
        for word in row:
            words[word] = tuple(row)
    suffixes = tuple(tuple(pair) for pair in raw["suffixes"])
    return words, suffixes, int(raw["suffix_stem"])


def spellings(word: str) -> tuple[str, ...]:
    """Every spelling of ``word`` (lower case), itself included, the table's first first."""
    words, suffixes, least = _table()
    if word in words:
        return words[word]
    best = None  # the longest suffix the word ends with: "isations", not "isation"... nor "ise"
    for first, other in suffixes:
        for have in (first, other):
            if word.endswith(have) and len(word) - len(have) >= least and (best is None or len(have) > len(best[0])):
                best = (have, first, other)
    if best is None:
        return (word,)
    root = word[: -len(best[0])]
    return (root + best[1], root + best[2])


def canonical(word: str) -> str:
    """The one spelling the word overlap reads ``word`` as."""
    return spellings(word)[0]


def variants(word: str) -> tuple[str, ...]:
    """``word``'s other spellings, for the keyword search to add."""
    return tuple(s for s in spellings(word) if s != word)
