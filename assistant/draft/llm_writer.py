"""The ``openai`` section writer: a chat model writes the section's prose.

It sees the same passages the extractive writer would, under the prompt rules in
``prompts/draft_*.j2`` (the template's house style and the section's own rules).
What it writes is split into cited sentences and then checked by the same verifier
as any answer, so a sentence with a wrong ``[n]`` or an unprinted number is dropped.
"""

from __future__ import annotations

from assistant.answer.base import Claim, Passage
from assistant.answer.verify import parse_claims
from assistant.draft.gather import Subject
from assistant.draft.template import EvidenceKind, Section, Template
from assistant.llm import ChatModel
from assistant.prompts import render

SENTINEL = "NOT_FOUND"


class LLMWriter:
    name = "openai"

    def __init__(self, model: ChatModel, template: Template):
        self.model = model
        self.template = template

    def messages(self, section: Section, kind: EvidenceKind, subject: Subject,
                 passages: list[Passage]) -> list[dict[str, str]]:
        system = render("draft_system.j2", body_name=self.template.title,
                        rules=self.template.rules + section.rules,
                        max_paragraphs=section.max_paragraphs, not_found=SENTINEL)
        user = render("draft_user.j2", subject=subject.text, title=section.title, purpose=section.purpose,
                      evidence=kind.description, passages=[p.as_prompt() for p in passages])
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    def write(self, section: Section, kind: EvidenceKind, subject: Subject, passages: list[Passage],
              used: set, in_order: bool = False) -> list[Claim]:
        if not passages:
            return []
        reply = self.model.chat(self.messages(section, kind, subject, passages)).strip()
        if not reply or SENTINEL in reply:
            return []
        return parse_claims(reply)[: max(section.max_paragraphs, 1) * 3]
