"""Recorded votes in minutes: the tally, the names, the outcome and the motion decided.

Kent full council minutes record a division as a numbered paragraph ("Following
the debate, the Chairman put the amendment set out in paragraph 17 to the vote and
the voting was as follows:") then ``For (14)`` / names / ``Against (45)`` / names /
``Abstain (4)`` / names, then "Amendment lost.". Questions ask for those counts
("how many voted against the budget amendment?"), so each division becomes a
record tied to the motion it decides: that paragraph's text, who proposed and
seconded it, and the printed result. A motion keeps its mover through the amendments
carried into it: "the substantive motion set out in paragraph 15" (a carried amendment's
text) is still moved by whoever moved the original motion. The phrasings are tables
in ``ingest.vote_forms`` (``TALLY_FORMS``, ``RESULT_FORMS``, ``DECIDED_FORMS``, ``PROPOSER_FORMS``,
``AMENDMENT_FORMS``, ``AMENDS_FORMS``, ``MOVED_BY``); each row carries an example that a parametrised test
checks, so a new house style is a new row. Pure functions over ``Line`` lists: no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.minutes import Line, clean

from ingest.vote_forms import (
    MOVED_BY,
    _AMENDMENT,
    _AMENDS,
    _DECIDED,
    _HONOUR,
    _PARAGRAPH,
    _PROPOSAL_HEAD,
    _PROPOSERS,
    _QUOTES,
    _RESULTS,
    _TALLY,
    _TITLE,
    _VOTED_ON,
)


@dataclass
class Paragraph:
    """One numbered paragraph of a minute: its number, line span and text."""

    number: str
    start: int
    end: int
    text: str


@dataclass
class RecordedVote:
    """One division: counts (and names when they tally), result, and the motion decided;
    or a motion or amendment decided without one (no counts)."""

    votes_for: int | None  # None: decided without a recorded division (``unrecorded_votes``)
    votes_against: int | None
    abstentions: int | None
    page: int
    at: int  # line index of the "For (n)" line
    end: int  # line index just after the printed result
    result: str | None = None  # "carried" | "lost"
    result_text: str | None = None  # as printed: "Amendment lost"
    kind: str | None = None  # motion | amendment | substantive motion | recommendations
    paragraph: str | None = None  # where the motion voted on is set out
    motion: str | None = None
    mover: str | None = None
    seconder: str | None = None
    subject: str | None = None  # sub-heading over the motion ("Motion for Time Limited Debate 1 – …")
    changes: str | None = None  # an amendment's own clauses: those the motion it amends lacks
    for_names: list[str] = field(default_factory=list)
    against_names: list[str] = field(default_factory=list)
    abstain_names: list[str] = field(default_factory=list)


def paragraphs(lines: list[Line], start: int, end: int) -> list[Paragraph]:
    """Numbered paragraphs 1, 2, 3 … of a minute, in sequence.

    Only the next number in sequence opens a paragraph, so the "(1) Endorse …" parts
    quoted inside a motion never split it."""
    out: list[Paragraph] = []
    style = None  # "1)", "(1)" or "1.": the first paragraph sets it for the minute
    for i in range(start, end):
        m = _PARAGRAPH.match(lines[i].text)
        if m and int(m.group(1)) == len(out) + 1 and style in (None, _style(lines[i].text)):
            style = _style(lines[i].text)
            if out:
                out[-1].end = i
            out.append(Paragraph(m.group(1), i, end, ""))
    for p in out:
        p.text = clean(" ".join(ln.text for ln in lines[p.start : p.end] if ln.text))
    return out


def _style(text: str) -> str:
    """A paragraph number's punctuation, digits masked: '(8) …' → '(#)'."""
    m = re.match(r"^(\(?)\d{1,3}([.)])", text)
    return f"{m.group(1)}#{m.group(2)}" if m else ""


def minute_votes(lines: list[Line], start: int, end: int) -> list[RecordedVote]:
    """Every vote of one minute in printed order: its divisions and the motions and
    amendments decided without one, over one reading of its numbered paragraphs."""
    paras = paragraphs(lines, start, end)
    found = recorded_votes(lines, start, end, paras) + unrecorded_votes(lines, start, end, paras)
    return sorted(found, key=lambda v: v.at)


def recorded_votes(lines: list[Line], start: int, end: int,
                   paras: list[Paragraph] | None = None) -> list[RecordedVote]:
    """Every division printed between lines ``start`` and ``end`` (one minute); ``paras``:
    its numbered paragraphs, when the caller has read them."""
    paras = paragraphs(lines, start, end) if paras is None else paras
    votes: list[RecordedVote] = []
    i = start
    while i < end:
        vote = _tally_at(lines, i, end)
        if vote is None:
            i += 1
            continue
        _attach_motion(vote, lines, paras, start)
        votes.append(vote)
        i = max(vote.end, i + 1)
    return votes


def unrecorded_votes(lines: list[Line], start: int, end: int,
                     paras: list[Paragraph] | None = None) -> list[RecordedVote]:
    """Motions and amendments put to the vote and decided without a recorded division
    ("the Chairman put the amendment set out at paragraph 15 to the vote and it was
    agreed"): a decision as much as a division is, with its movers and what it changed,
    but no counts. Only a paragraph that names the paragraph it decides, and prints no tally."""
    paras = paragraphs(lines, start, end) if paras is None else paras
    found: list[RecordedVote] = []
    for para in paras:
        decided = next((name for name, pat in _DECIDED if pat.search(para.text)), None)
        if decided is None or not _VOTED_ON.search(para.text) or _TALLY["for"].search(para.text):
            continue
        vote = RecordedVote(None, None, None, page=lines[para.start].page, at=para.start, end=para.end,
                            result=decided)
        _attach_motion(vote, lines, paras, start)
        if vote.paragraph:
            vote.result_text = f"{(vote.kind or 'motion').capitalize()} {decided}"
            found.append(vote)
    return found


def _tally_at(lines: list[Line], i: int, end: int) -> RecordedVote | None:
    """A tally starting on line ``i``: For, then Against, then Abstain, each with a count."""
    m = _TALLY["for"].search(lines[i].text)
    if not m:
        return None
    window, spans = _window(lines, i, min(end, i + 60), m.start())
    found = []
    pos = 0
    for label in ("for", "against", "abstain"):
        t = _TALLY[label].search(window, pos)
        if not t or (label == "for" and t.start() != 0):
            return None
        found.append(t)
        pos = t.end()
    if found[2].start() - found[0].end() > 3000:
        return None
    counts = [int(next(g for g in t.groups() if g is not None)) for t in found]
    tail, result_at = _result_after(window, found[2].end())
    names = [window[found[0].end() : found[1].start()], window[found[1].end() : found[2].start()], tail]
    vote = RecordedVote(*counts, page=lines[i].page, at=i, end=_line_of(spans, result_at, i + 1))
    if result_at is not None and (r := _result(window[result_at:])):
        vote.result, vote.result_text = r
    for attr, text, count in zip(("for_names", "against_names", "abstain_names"), names, counts):
        listed = member_names(text)
        setattr(vote, attr, listed if len(listed) == count else [])
    return vote


def _window(lines: list[Line], i: int, stop: int, skip: int = 0) -> tuple[str, list[tuple[int, int]]]:
    """Lines i..stop (the first from offset ``skip``) joined with spaces, and each line's
    (offset, index), for mapping back."""
    parts, spans, pos = [], [], 0
    for j in range(i, stop):
        text = lines[j].text[skip:] if j == i else lines[j].text
        if j > i and _PARAGRAPH.match(text):
            break
        spans.append((pos, j))
        parts.append(text)
        pos += len(text) + 1
    return " ".join(parts), spans


def _line_of(spans: list[tuple[int, int]], offset: int | None, default: int) -> int:
    """Index just after the line holding ``offset`` (or after the window)."""
    if offset is None:
        return spans[-1][1] + 1 if spans else default
    line = max((j for pos, j in spans if pos <= offset), default=default - 1)
    return line + 1


def _result_after(window: str, pos: int) -> tuple[str, int | None]:
    """Abstainers' names (text up to the printed result) and where the result starts."""
    hits = [m.start() for _, pat in _RESULTS if (m := pat.search(window, pos))]
    at = min(hits) if hits else None
    return window[pos : at if at is not None else len(window)], at


def _result(text: str) -> tuple[str, str] | None:
    """The printed result at the start of ``text``, normalised and as printed."""
    best = None
    for name, pat in _RESULTS:
        m = pat.search(text)
        if m and (best is None or m.start() < best[2]):
            best = (name, m.group(0).strip(), m.start())
    return (best[0], best[1]) if best else None


def result_of(text: str) -> str | None:
    """'Amendment lost.' → 'lost'; None when no result phrasing is printed."""
    r = _result(text)
    return r[0] if r else None


def member_names(text: str) -> list[str]:
    """'Mr Baldock, Sir Paul Carter, CBE and Dr Sullivan' → three names, honours kept."""
    names: list[str] = []
    for part in re.split(r",|\band\b", text):
        part = part.strip(" .;:")
        if not part:
            continue
        if _HONOUR.match(part) and names:
            names[-1] = f"{names[-1]}, {part}"
        elif re.match(r"^[A-Z]", part) and len(part.split()) <= 5:
            names.append(part)
    return names


def _attach_motion(vote: RecordedVote, lines: list[Line], paras: list[Paragraph], start: int) -> None:
    """Find the paragraph naming what was put to the vote, then that motion's text and movers."""
    holder = next((p for p in reversed(paras) if p.start <= vote.at), None)
    intro = holder.text if holder else ""
    m = _VOTED_ON.search(intro)
    if not m:
        vote.kind = "motion" if re.search(r"\bmotion\b", intro, re.I) else None
        return
    vote.kind, vote.paragraph = re.sub(r"\s+", " ", m.group(1).lower()), m.group(2)
    target = next((p for p in paras if p.number == m.group(2) and p.start < vote.at), None)
    if target is None:
        return
    moved = target if MOVED_BY.get(vote.kind, "original") == "own" else original_motion(paras, target)
    vote.mover, vote.seconder = proposers(moved.text) if moved else (None, None)
    vote.motion = motion_text(target.text)
    vote.subject = subject_before(lines, start, target.start)
    base = _amended(paras, target) if is_amendment(target.text) else None
    vote.changes = new_clauses(vote.motion, motion_text(base.text)) if base else None


def original_motion(paras: list[Paragraph], target: Paragraph) -> Paragraph | None:
    """The paragraph that moved the motion ``target`` is a version of.

    A carried amendment becomes the substantive motion, and minutes then put "the
    substantive motion set out in paragraph 15" (the amendment's text) to the vote; the
    motion is still its original mover's, so follow each amendment back to the motion it
    amends. None when the chain leads nowhere: no mover beats a neighbour's."""
    seen: set[str] = set()
    para: Paragraph | None = target
    while para is not None and is_amendment(para.text):
        if para.number in seen:
            return None
        seen.add(para.number)
        para = _amended(paras, para)
    return para


def _amended(paras: list[Paragraph], amendment: Paragraph) -> Paragraph | None:
    """The paragraph an amendment amends: the one it names, else the last motion moved
    before it (the motion under debate when it was proposed)."""
    earlier = [p for p in paras if p.start < amendment.start]
    if number := amended_paragraph(amendment.text):
        return next((p for p in earlier if p.number == number), None)
    return next((p for p in reversed(earlier) if proposers(p.text)[0] and not is_amendment(p.text)), None)


_CLAUSE = re.compile(r"\s*\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s+|\s+(?:[ivx]{1,4}|[a-z])\.\s+(?=[A-Z])")
CLAUSE_MIN_WORDS = 4  # shorter pieces ("Kent and Medway") recur by chance
NEW_SHARE = 0.6  # a wholly new amendment (a budget amendment's own text) says itself already


def new_clauses(amended: str, base: str) -> str | None:
    """The clauses of an amendment that the motion it amends does not hold.

    Minutes print an amendment as the whole motion with its changes made (struck words
    lost in the text layer), so four amendments to one motion read almost alike; what
    each adds ("Recommend that … the elections in May 2025 …") is what a member asks
    about. None when nothing is new (a deletion only), when most of it is new (its text
    says it already), or when the base is unknown."""
    def norm(s: str) -> str:
        return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())

    have = norm(base)
    new = [c.strip(" ;,") for c in _CLAUSE.split(amended)
           if len(c.split()) >= CLAUSE_MIN_WORDS and norm(c) not in have]
    words = sum(len(c.split()) for c in new)
    return " ".join(new) if new and words <= NEW_SHARE * len(amended.split()) else None


def _proposal_head(text: str) -> str:
    """A proposal up to where the motion's own words start (a colon or an opening quote),
    so words quoted in the motion are never read as the proposal."""
    return re.split(r"[:“\"]", text, maxsplit=1)[0]


def is_amendment(text: str) -> bool:
    """The paragraph proposes an amendment (``AMENDMENT_FORMS``), not a motion."""
    head = _proposal_head(text)
    return any(p.search(head) for p in _AMENDMENT)


def amended_paragraph(text: str) -> str | None:
    """The paragraph number of the motion an amendment names (``AMENDS_FORMS``), if any."""
    head = _proposal_head(text)
    return next((m.group(1) for p in _AMENDS if (m := p.search(head))), None)


def proposers(text: str) -> tuple[str | None, str | None]:
    """Mover and seconder as printed, from the first proposal phrasing that matches."""
    for pat in _PROPOSERS:
        if m := pat.search(text):
            return m.group(1).strip(), m.group(2).strip()
    return None, None


def motion_text(paragraph: str) -> str:
    """A proposal paragraph minus its number and 'X proposed and Y seconded the motion that'."""
    text = re.sub(r"^\(?\d{1,3}[.)]\s+", "", paragraph)
    if re.search(r"\bseconded\b", text, re.I):
        text = _PROPOSAL_HEAD.sub("", text, count=1)
    text = re.sub(r"\s*Post[- ]meeting\s+note\b.*$", "", text, flags=re.I | re.S)
    return _drop_result(text).strip().strip(_QUOTES).strip()


def _drop_result(text: str) -> str:
    """'… transparency.” Amendment carried.' → '… transparency.”': a result printed after
    the quoted motion (an amendment agreed without a division) is not the motion's words."""
    m = re.search(r"[”\"]\s+([^”\"]{1,40})$", text)
    return text[: m.start() + 1] if m and _result(m.group(1)) else text


def subject_before(lines: list[Line], start: int, stop: int) -> str | None:
    """The last stand-alone sub-heading between ``start`` and ``stop``: one or two short
    lines between blank lines, no closing full stop or colon (e.g. a directorate name)."""
    found = None
    i = start
    while i < stop:
        if lines[i].text and (i == start or not lines[i - 1].text):
            j = i
            while j < stop and lines[j].text and j - i < 3:
                j += 1
            block = " ".join(ln.text for ln in lines[i:j])
            if j - i <= 2 and (j >= len(lines) or not lines[j].text) and _is_subheading(block):
                found = block
            i = j
        i += 1
    return found


def _is_subheading(text: str) -> bool:
    """Short, capitalised, not a sentence, not a tally, not a quotation, not a list of names."""
    if not (3 <= len(text) <= 120) or not text[0].isupper() or text[-1] in ".:;,":
        return False
    if _PARAGRAPH.match(text) or _TALLY["for"].match(text) or re.match(_TITLE, text):
        return False
    return not re.match(r"^(?:Against|Abst|Proposed\b|In\s+addition)", text, re.I)
