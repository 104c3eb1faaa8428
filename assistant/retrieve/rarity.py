"""How rare a question's words are in the whole archive, read once per question.

Why here: the second-stage ranker (``rank.py``) and the answer composer both weigh the
question's words by archive rarity, and the "never mentions X" check needs the words no
passage holds; one lookup on the ``Query`` serves all three.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.retrieve.query import Query
from assistant.text import STOPWORDS, stem, tokens


@dataclass
class Rarity:
    """How rare the question's words are in the whole archive, read once per question."""

    weights: dict[str, float]  # stemmed term → archive IDF
    unseen: list[str]  # content words no stored passage holds ("salary")
    unknown_names: list[str]  # names (Query.names) no stored passage holds ("Leicestershire")


def rarity(query: Query, doc_freq, archive_size) -> Rarity | None:
    """The archive's word statistics for ``query`` (None without a store); kept on the
    Query so the service's "never mentions X" check and the composer share one lookup."""
    if doc_freq is None or archive_size is None:
        return None
    if "rarity" not in query.memo:
        words = [w for w in tokens(query.text) if w not in STOPWORDS and len(w) > 1]
        names = [n.lower() for n in query.names]
        df = doc_freq(list(dict.fromkeys(words + names)))
        n = max(archive_size(), 1)
        weights: dict[str, float] = {}
        for word in words:
            weights[stem(word)] = max(weights.get(stem(word), 0.0), math.log(1 + n / (1 + df.get(word, 0))))
        unseen = [w for w in words if df.get(w, 1) == 0 and w.isalpha() and len(w) > 3]
        unknown = [nm for nm in query.names if len(nm) > 3 and df.get(nm.lower(), 1) == 0]  # "Dem" may be "Democrat"
        query.memo["rarity"] = Rarity(weights, unseen, unknown)
    return query.memo["rarity"]
