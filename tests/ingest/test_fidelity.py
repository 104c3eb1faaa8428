"""Extraction fidelity: chunk and page words against the source text (≥98% recall)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from tests.ingest.conftest import CORPUS_FILES, CORPUS_TEXT, corpus_doc


def words(text: str) -> Counter:
    """Lower-case word tokens; markdown emphasis, html tags, bullets and punctuation dropped."""
    text = re.sub(r"<[^>]+>", " ", text).replace("**", " ")
    return Counter(w for w in re.split(r"[\W_]+", text.lower()) if w)


def recall(source: Counter, got: Counter) -> float:
    total = sum(source.values())
    return sum(min(n, got[w]) for w, n in source.items()) / total


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_chunk_word_recall(name):
    doc = corpus_doc(name)
    source = words((CORPUS_TEXT / (Path(name).stem + ".md")).read_text())
    assert recall(source, words("\n".join(c.text for c in doc.chunks))) >= 0.98
    assert recall(source, words("\n".join(p.text for p in doc.pages))) >= 0.98


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_chunks_drop_only_running_headers(name):
    """Every page word is in some chunk, except furniture (running header, page label)."""
    doc = corpus_doc(name)
    pages = words("\n".join(p.text for p in doc.pages))
    chunks = words("\n".join(c.text for c in doc.chunks))
    missing = sum((pages - chunks).values())
    furniture = len(doc.pages) * 12  # header (~9 words) + "Page N"
    assert missing <= furniture
