"""Why an answer was withheld, in a line a user can act on.

"Not found in the documents" alone leaves a user guessing: is the paper missing, the year
wrong, or the question worded unlike the papers? Each abstention carries a ``Reason`` (a
code and the values it names); ``explain`` renders it from ``prompts/abstain_reasons.yaml``.
The extractive composer's reason is the confidence feature that weighed most against
answering, so the line says what the fitted model actually held against the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

import yaml

from assistant.answer.periods import FISCAL
from assistant.prompts import environment
from assistant.retrieve.rank import names_day_within
from assistant.text import MONTHS
from ingest.dates import human_date

# the confidence features a reason can name; the others (cover, dense ...) mean "weak"
NAMED = ("other_period", "out_of_period", "period_missing", "name_absent", "names_missing", "role_missing")
_MONTH = rf"(?:{MONTHS})"
_MONTH_YEAR = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\s+(?:\d{{1,2}},?\s+)?(?:19|20)\d{{2}}\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@dataclass(frozen=True)
class Reason:
    code: str
    args: dict = field(default_factory=dict)
    passage: int | None = None  # the passage (its n) a reason about "the closest passage found" describes


@lru_cache(maxsize=1)
def table() -> dict[str, dict]:
    """The reasons table (package data, so it works installed)."""
    raw = yaml.safe_load(files("prompts").joinpath("abstain_reasons.yaml").read_text(encoding="utf-8"))
    return raw["reasons"]


def explain(reason: Reason) -> str:
    """The reason's line; an unknown code is an error naming the valid ones."""
    rows = table()
    if reason.code not in rows:
        raise KeyError(f"unknown abstention reason {reason.code!r}; valid: {sorted(rows)}")
    return environment().from_string(rows[reason.code]["text"]).render(**reason.args).strip()


def periods(text: str) -> list[str]:
    """The periods a text names, as printed: financial years, dates and months with their
    year, then years not inside either ("2023/24", "9 January 2025", "May 2025", "2019")."""
    found = [m.group(0) for m in FISCAL.finditer(text)] + [m.group(0) for m in _MONTH_YEAR.finditer(text)]
    inside = " ".join(found)
    found += [y for y in _YEAR.findall(text) if y not in inside]
    return list(dict.fromkeys(found))


def as_asked(question: str, names: list[str]) -> str:
    """The names as the question says them: words next to each other in it are one name
    ("Chapman's Landing", not "Chapman, Landing"); a name the question does not hold as
    such (a follow-up's inherited one) is listed by itself."""
    if not names:
        return ""
    one = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    runs = [m.group(0) for m in re.finditer(rf"\b(?:{one})\b(?:(?:['’]s)?\s+\b(?:{one})\b)*", question)]
    said = " ".join(runs)
    rest = [n for n in names if not re.search(rf"\b{re.escape(n)}\b", said)]
    return ", ".join(dict.fromkeys(runs + rest))


def from_confidence(feats: dict[str, float], weights: dict[str, float], question: str, unit_text: str,
                    missing_names: list[str]) -> Reason:
    """The named confidence feature that pulled hardest towards abstaining, with its values."""
    pulls = {name: weights.get(name, 0.0) * feats.get(name, 0.0) for name in NAMED}
    code = min(pulls, key=pulls.get)
    if pulls[code] >= 0:
        return Reason("weak")
    named = periods(question)
    asked = " or ".join(named[:2])
    if code in ("other_period", "out_of_period", "period_missing") and not asked:
        return Reason("weak")
    if code in ("name_absent", "names_missing"):
        return Reason(code, {"names": as_asked(question, missing_names)}) if missing_names else Reason("weak")
    said = ", ".join([p for p in periods(unit_text) if p not in named][:2])
    if code == "other_period" and not said:  # its dates name the asked period in other words
        return Reason("weak")
    return Reason(code, {"asked": asked, "said": said})


def no_paper_of_day(day: str | None, held: frozenset[str], texts: list[str]) -> Reason | None:
    """A question naming a day ("at the October 21, 2025 council meeting") when no stored
    paper is of that day (``held``: the days papers are dated) and no passage found
    (``texts``) names it: the answer would be another meeting's. The reason names the
    nearest days held, so a mistyped date is one step from its meeting."""
    if not day or not held or day in held or any(names_day_within(t, (day, day)) for t in texts):
        return None
    before = max((d for d in held if d < day), default=None)
    after = min((d for d in held if d > day), default=None)
    near = " and ".join(human_date(d) for d in (before, after) if d)
    return Reason("no_paper_of_day", {"day": human_date(day), "near": near})


def meeting_day_missing(query, chosen: list) -> Reason | None:
    """The answer's units are of other days and never name the day the question does,
    and no stored paper is of it (``query.memo["days"]``, set by the retriever under the
    asker's filters): "the October 21, 2025 meeting" of an archive without one."""
    days = query.memo.get("days")
    if days is None:
        return None
    # the units, not their whole passages: a minutes' list of next year's meeting days names
    # every one of them beside the accounts it approved
    texts = [" ".join(filter(None, [u.passage.hit.chunk.context, u.passage.hit.chunk.item_title, u.text]))
             for u in chosen]
    return no_paper_of_day(query.meeting_date, days, texts)
