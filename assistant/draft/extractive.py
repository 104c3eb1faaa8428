"""The default section writer: verbatim sentences from the section's passages.

No model writes anything: each paragraph is one sentence copied from a passage given
to the section (so dates and figures stay as printed), framed in house style only
where the template names a rewrite ("It is recommended that …"), and cited to that
passage. A sentence is a candidate when it is the section's kind of evidence (its cue)
and reads as a whole sentence; candidates are ranked on the subject words they hold,
whether they sit under a heading the section names, and their passage's rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.base import Claim, Passage
from assistant.draft.gather import Subject, under_heading
from assistant.draft.template import EvidenceKind, RewriteSet, Scoring, Section
from assistant.text import NUMBER, figure_run, is_bullet, paragraphs, sentences, terms

_LEAD = re.compile(r"^(?:[-•▪●◦*–]\s*|\(?[a-z0-9]{1,3}[.)]\s+|\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+)+", re.I)
# a heading the PDF text ran into its first paragraph: "Risk Management 8.1 There are …"
_RUN_IN_HEADING = re.compile(r"^[A-Z][^.!?:]{3,100}?\s+\d{1,2}(?:\.\d{1,2})+\.?\s+(?=[A-Z])")
# a heading or HTML left inside, or a sentence that only points at a table or chart
_RUN_ON = re.compile(r"\s\d{1,2}\.\d{1,2}\s+[A-Z]|<[a-z/][^>]*>|\b(?:below|above|following) (?:table|chart|graph|figure)\b"
                     r"|\b(?:see|in) (?:the )?(?:table|chart|figure|appendix) \d|\(pages? \d"  # agenda line
                     r"|^\d[\d,.]* (?:of|and|or|to|in|for|on|the)\b", re.I)  # the tail of a split sentence
_MARKUP = re.compile(r"\*\*|__|\[(?:\d+|[a-z])\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_ENDS = (".", "!", "?", ")")  # ";" and ":" end lead-ins to lists, not sentences
_FIELD = re.compile(r"\b(?:Report Author|Agenda Item|Date of Meeting|Report of|E-mail|Other Contacts)\s*:", re.I)
# a template's guidance left in a filled report ("For publication [Do not include information which is
# exempt …]"): the source paper's instructions to its author, no claim a draft can cite
_GUIDANCE = re.compile(r"\[[^\]]*\b(?:do not|don't|delete|insert|include|complete|enter|please|remove|select|"
                       r"describe|set out|add)\b[^\]]*\]", re.I)
NUMERIC_KINDS = {"facts", "money"}


@dataclass
class Candidate:
    text: str  # as it will be written (cleaned, maybe framed)
    passage: Passage
    position: int  # order within the section's passages, for document order
    score: float
    terms: frozenset


def clean(sentence: str) -> str:
    """The sentence without list marks, paragraph numbers, bold marks or footnote digits."""
    text = _MARKUP.sub("", " ".join(sentence.split()))
    text = _LEAD.sub("", _RUN_IN_HEADING.sub("", _LEAD.sub("", text))).strip()
    return text[:1].upper() + text[1:] if text[:1].islower() and text[:2] != "e-" else text


def readable(text: str, scoring: Scoring) -> bool:
    """A whole sentence, not a heading, a table row or a cover-block field. A table's cells
    run together into one long line ("83 12,973.5 English National Concessionary Travel
    Scheme 0.0 16,675.5 16,675.5 -47.0 ...") can pass the share of numbers; three figures
    in a row (``figure_run``) it cannot."""
    words = text.split()
    if not scoring.min_words <= len(words) <= scoring.max_words:
        return False
    if not text.endswith(_ENDS) or "|" in text or "\t" in text or _FIELD.search(text) or _RUN_ON.search(text) \
            or _GUIDANCE.search(text):
        return False
    if figure_run(text):
        return False
    numeric = sum(1 for w in words if NUMBER.fullmatch(w.strip(",.;()")))
    return numeric / len(words) < 0.35


def label_patterns(labels: list[str]) -> tuple[re.Pattern, re.Pattern]:
    """(where a "Label:" starts inside a line, a leading "Label:"), for cover labels and
    headings, so a cover block run into one line falls apart into its fields."""
    alts = "|".join(sorted((re.escape(lb) for lb in labels if lb), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\s+(?=(?:{alts})\s*:)", re.I), re.compile(rf"^(?:{alts})\s*:\s*", re.I)


def units(passage: Passage, labels: tuple[re.Pattern, re.Pattern] | None = None) -> list[str]:
    """Sentences of a passage. A first line that starts in lower case is the tail of the
    previous chunk's sentence, so it is dropped; a lead-in ending in ":" or ";" keeps its
    bullets, joined with "; ", so "… with specific focus upon:" is a whole sentence."""
    blocks = [passage.text]
    if labels is not None:  # each "Label:" field is a block of its own, without its label
        split, prefix = labels
        blocks = [prefix.sub("", b.strip()) for b in split.split(passage.text)]
    paras = [para for block in blocks for para in paragraphs(block)]
    if paras and paras[0][:1].islower():
        paras = paras[1:]
    out: list[str] = []
    i = 0
    while i < len(paras):
        parts = sentences(_LEAD.sub("", paras[i]))
        i += 1
        if parts and parts[-1].endswith((":", ";")):
            bullets = []
            while i < len(paras) and is_bullet(paras[i]) and len(bullets) < 8:
                bullets.append(clean(paras[i]).rstrip(".;,"))
                i += 1
            if bullets:
                parts[-1] = f"{parts[-1]} {'; '.join(bullets)}."
        out.extend(parts)
    return out


class ExtractiveWriter:
    """Picks and frames sentences; the service verifies and numbers them."""

    name = "extractive"

    def __init__(self, scoring: Scoring, rewrites: dict[str, RewriteSet], labels: list[str] = ()):
        self.scoring = scoring
        self.rewrites = rewrites
        self.labels = label_patterns(list(labels))

    def write(self, section: Section, kind: EvidenceKind, subject: Subject, passages: list[Passage],
              used: set[frozenset], in_order: bool = False) -> list[Claim]:
        candidates = self.candidates(section, kind, subject, passages)
        chosen = self._choose(candidates, section.max_paragraphs, used)
        chosen = _arrange(chosen, section.order, in_order)
        used.update(c.terms for c in chosen)
        return [Claim(text=c.text, cites=[c.passage.n]) for c in chosen]

    def candidates(self, section: Section, kind: EvidenceKind, subject: Subject,
                   passages: list[Passage]) -> list[Candidate]:
        s = self.scoring
        rewrite = self.rewrites.get(section.rewrites) if section.rewrites else None
        out: list[Candidate] = []
        for pos, p in enumerate(passages):
            heading = s.w_heading if under_heading(p.hit.chunk, section.headings) else 0.0
            for raw in units(p, self.labels):
                text = clean(raw)
                if not readable(text, s) or not kind.matches(text):
                    continue
                if rewrite is not None:
                    text = rewrite.apply(text)
                    if text is None:
                        continue
                has_number = section.evidence in NUMERIC_KINDS and NUMBER.search(text) is not None
                score = (s.w_subject * subject.rank(text) + heading + s.w_retrieval * p.hit.score
                         + (s.w_number if has_number else 0.0))
                out.append(Candidate(text, p, pos, score, frozenset(terms(text))))
        return out

    def _choose(self, candidates: list[Candidate], limit: int, used: set[frozenset]) -> list[Candidate]:
        kept: list[Candidate] = []
        for c in sorted(candidates, key=lambda c: (-c.score, c.position)):
            if len(kept) >= limit:
                break
            if any(_overlap(c.terms, k.terms) >= self.scoring.duplicate_overlap for k in kept) or \
                    any(_overlap(c.terms, other) >= self.scoring.repeat_overlap for other in used):
                continue
            kept.append(c)
        return kept


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / (len(a | b) or 1)  # Jaccard: shared subject words alone do not make a repeat


def _arrange(chosen: list[Candidate], order: str, in_order: bool) -> list[Candidate]:
    """Document order for a summary; newest meeting first where the section asks."""
    if in_order:
        return sorted(chosen, key=lambda c: c.position)
    if order == "newest":
        return sorted(chosen, key=lambda c: (c.passage.hit.chunk.meeting_date or "", c.score), reverse=True)
    return chosen
