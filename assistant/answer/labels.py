"""Run-in labels of minutes ("Guests:", "Zoom:", "Disclosure of pecuniary interest:"), as data.

Why: a question rarely says the label's word. "Which lawyer sat in on the special meeting?"
is answered by "Guests: Ed Veldboom, Russell, Christie, LLP", and "was he in the room?" by
"Zoom: Operations Superintendent Dan MacInnis", but neither unit holds a word of the
question beyond the meeting's. One row of ``labels.yaml`` per label: what it prints, the
question cue that asks for it, and examples that are a parametrised test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Label:
    name: str
    label: re.Pattern  # the label at the start of a unit, before its colon
    asked: re.Pattern  # a question that asks for what the label lists
    examples: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=1)
def label_table() -> tuple[Label, ...]:
    """The packaged table; a row without its parts fails loudly with its name."""
    raw = yaml.safe_load(resources.files("assistant.answer").joinpath("labels.yaml").read_text())
    rows = []
    for name, row in raw["labels"].items():
        missing = {"label", "asked", "examples"} - set(row)
        if missing:
            raise ValueError(f"labels.yaml: label {name!r} lacks {sorted(missing)}")
        rows.append(Label(name, re.compile(rf"^\W*(?:{row['label']})\s*:", re.I), re.compile(row["asked"], re.I),
                          tuple(tuple(e) for e in row["examples"])))
    return tuple(rows)


def asked_labels(question: str) -> tuple[Label, ...]:
    """The labels whose lists the question asks for (none for most questions)."""
    return tuple(row for row in label_table() if row.asked.search(question))


def led_by(text: str, labels: tuple[Label, ...]) -> bool:
    """Does the unit start with one of ``labels``?"""
    return any(row.label.match(text) for row in labels)
