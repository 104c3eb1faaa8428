"""Templates and static files of the web app, shipped as package data.

Found through importlib.resources, so an installed copy (``pip install .``) serves the
same pages as a checkout."""

from importlib.resources import files
from pathlib import Path

ROOT = Path(str(files(__name__)))
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
