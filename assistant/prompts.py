"""Every prompt and report template lives in ``prompts/*.j2``; this loads them.

One Environment with StrictUndefined, so a template that names a variable the
caller forgot fails loudly in tests instead of sending a half-empty prompt.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

PROMPTS_DIR = Path(str(files("prompts")))  # package data: works installed, not only in a checkout


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Built on first use, not at import, so importing assistant/ touches no files."""
    return Environment(
        loader=FileSystemLoader(str(PROMPTS_DIR)),
        undefined=StrictUndefined,
        autoescape=False,  # prompts are plain text for a model, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(name: str, **context: Any) -> str:
    """Render ``prompts/<name>`` with the given variables."""
    return environment().get_template(name).render(**context).strip()


def template_names() -> list[str]:
    return sorted(p.name for p in PROMPTS_DIR.glob("*.j2"))
