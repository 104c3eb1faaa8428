"""Report templates: one YAML file per body under ``prompts/templates/``, read as data.

A template is the body's own report layout (cover block, numbered sections) plus,
for each section, what evidence it wants and how to look for it. Nothing about a
body lives in Python: adding a body is adding a file, and the evidence kinds and
house-style rewrites every template shares live in ``evidence.yaml`` beside them.
Files are read with importlib.resources so an installed package finds them too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from jinja2 import StrictUndefined, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, Field, ValidationError

PACKAGE = "prompts.templates"
SHARED = "evidence.yaml"


class TemplateError(ValueError):
    """A template that cannot be used; the message names the file and the reason."""


class CoverField(BaseModel):
    key: str
    label: str
    value: str | None = None  # Jinja over the draft arguments; None: only --cover KEY=VALUE fills it
    choices: list[str] = Field(default_factory=list)

    @property
    def placeholder(self) -> str:
        return f"[{' / '.join(self.choices) if self.choices else self.label}]"


class Section(BaseModel):
    key: str
    number: str | None
    heading: str
    purpose: str
    evidence: str
    headings: list[str] = Field(default_factory=list)  # headings in earlier papers that hold this evidence
    queries: list[str] = Field(default_factory=list)  # Jinja over {{ subject }}
    max_paragraphs: int = 4
    passages: int | None = None  # passages given to the section (default: scoring.max_passages)
    order: Literal["score", "newest"] = "score"
    rewrites: str | None = None  # a named rewrite set from evidence.yaml
    rules: list[str] = Field(default_factory=list)  # writing rules for this section

    @property
    def title(self) -> str:
        return f"{self.number}. {self.heading}" if self.number else self.heading


class Authority(BaseModel):
    """Whose reports a template writes, and the words its papers name it by."""

    name: str
    says: list[str] = Field(min_length=1)  # case-sensitive whole words: "Kent", "KCC"

    def pattern(self) -> re.Pattern:
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in self.says) + r")\b")


class Template(BaseModel):
    name: str
    title: str
    sources: list[str]
    # a draft on this template draws only on papers that name the authority, unless the
    # user picks the papers or the body: a Kent Cabinet report is not written from a
    # township's asset plan because both speak of bridges
    authority: Authority | None = None
    reference: str  # Jinja: how one cited passage is named in the reference list
    paper: str  # Jinja: how one cited paper is listed under Background Papers
    cover: list[CoverField]
    contact: list[CoverField] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)  # house style, for every section
    sections: list[Section]
    summary_sections: list[str]

    def labels(self) -> list[str]:
        """Cover labels and section headings: text that is layout, not a sentence."""
        return [c.label for c in self.cover + self.contact] + [s.heading for s in self.sections]

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise TemplateError(f"template {self.name!r} has no section {key!r}; "
                            f"sections: {', '.join(s.key for s in self.sections)}")

    def pick(self, keys: list[str] | None) -> list[Section]:
        """Sections asked for, always in template order (``None`` or ``["all"]``: every one)."""
        if not keys or keys == ["all"]:
            return list(self.sections)
        wanted = {self.section(k).key for k in keys}
        return [s for s in self.sections if s.key in wanted]


class EvidenceKind(BaseModel):
    description: str
    cue: str = ""
    source: Literal["retrieve", "papers", "author"] = "retrieve"
    examples: dict[str, list[str]] = Field(default_factory=dict)

    def matches(self, sentence: str) -> bool:
        return not self.cue or re.search(self.cue, sentence, re.I) is not None


class RewriteRule(BaseModel):
    pattern: str
    output: str


class RewriteSet(BaseModel):
    rules: list[RewriteRule]
    examples: list[tuple[str, str | None]] = Field(default_factory=list)

    def apply(self, sentence: str) -> str | None:
        """The sentence in house style, or None when no rule fits it."""
        for rule in self.rules:
            m = re.match(rule.pattern, sentence.strip(), re.I | re.S)
            if m:
                parts = {k: v.strip() for k, v in m.groupdict().items() if v}
                if "who" in parts:
                    parts["who"] = _lower_article(parts["who"])
                return rule.output.format(**parts)
        return None


class Scoring(BaseModel):
    k_per_query: int
    max_passages: int
    subject_cover: float
    rare_share: float
    paper_hits: int
    paper_share: float
    headed_per_paper: int
    w_subject: float
    w_heading: float
    w_retrieval: float
    w_number: float
    min_words: int
    max_words: int
    duplicate_overlap: float
    repeat_overlap: float


class Evidence(BaseModel):
    """The shared table: evidence kinds, rewrites, reference names and weights."""

    kinds: dict[str, EvidenceKind]
    rewrites: dict[str, RewriteSet]
    doc_kinds: dict[str, str]
    scoring: Scoring


def _lower_article(who: str) -> str:
    return re.sub(r"^The\b", "the", who)


def _read(name: str) -> dict:
    try:
        text = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError(f"no template {name!r} in prompts/templates; "
                            f"available: {', '.join(template_names())}") from None
    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise TemplateError(f"prompts/templates/{name}: not valid YAML: {exc}") from exc


def template_names() -> list[str]:
    files = resources.files(PACKAGE).iterdir()
    return sorted(f.name[:-5] for f in files if f.name.endswith(".yaml") and f.name != SHARED)


@lru_cache(maxsize=1)
def evidence() -> Evidence:
    try:
        return Evidence.model_validate(_read(SHARED))
    except ValidationError as exc:
        raise TemplateError(f"prompts/templates/{SHARED}: {exc}") from exc


@lru_cache(maxsize=None)
def load_template(name: str) -> Template:
    """The named template, checked against the evidence table it refers to."""
    if name not in template_names():
        raise TemplateError(f"unknown template {name!r}; choose one of {template_names()}")
    try:
        template = Template.model_validate(_read(f"{name}.yaml"))
    except ValidationError as exc:
        raise TemplateError(f"prompts/templates/{name}.yaml: {exc}") from exc
    shared = evidence()
    for s in template.sections:
        if s.evidence not in shared.kinds:
            raise TemplateError(f"{name}.yaml section {s.key!r}: unknown evidence {s.evidence!r}; "
                                f"valid: {sorted(shared.kinds)}")
        if s.rewrites and s.rewrites not in shared.rewrites:
            raise TemplateError(f"{name}.yaml section {s.key!r}: unknown rewrites {s.rewrites!r}")
    for key in template.summary_sections:
        template.section(key)
    return template


_JINJA = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def render_text(source: str, **values) -> str:
    """Render one Jinja string from a template file (queries, cover values, references)."""
    return " ".join(_JINJA.from_string(source).render(**values).split())


def cover_value(field: CoverField, args: dict[str, str | None]) -> str | None:
    """The field's value from the arguments, or None when an argument it needs is missing."""
    given = args.get(field.key)
    if given:
        return given
    if not field.value:
        return None
    present = {k: v for k, v in args.items() if v}
    try:
        return render_text(field.value, **present) or None
    except UndefinedError:
        return None
