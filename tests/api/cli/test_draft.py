"""`meetingpack draft` and `meetingpack summarise` from the command line."""

from __future__ import annotations

import json

import pytest

from api.cli import main
from tests.ids import corpus_id

PACK_ID = corpus_id("2021-05-19 Strategic Resources and Performance Meeting - Agenda Pack.pdf")


def test_draft_json_to_stdout(corpus_store_dir, capsys):
    code = main(["draft", "--store", str(corpus_store_dir), "--preset", "test", "--template", "opcc-notts",
                 "--title", "Rural crime", "--report-to", "SR&P", "--date", "19 May 2021",
                 "--sections", "key_points,purpose", "--cover", "author=A. Author", "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["key"] for s in data["sections"]] == ["purpose", "key_points"]
    assert data["cover"]["author"]["value"] == "A. Author"


def test_draft_docx_to_file(corpus_store_dir, tmp_path, capsys):
    from docx import Document

    out = tmp_path / "draft.docx"
    assert main(["draft", "--store", str(corpus_store_dir), "--preset", "test", "--template", "kent-cabinet",
                 "--title", "Commissioning Plan for Education Provision", "--format", "docx", "--out", str(out)]) == 0
    assert Document(str(out)).tables
    assert main(["draft", "--store", str(corpus_store_dir), "--preset", "test", "--template", "kent-cabinet",
                 "--title", "x", "--format", "docx"]) == 2
    assert "--out" in capsys.readouterr().err


def test_bad_cover_and_item_arguments(corpus_store_dir, capsys):
    assert main(["draft", "--store", str(corpus_store_dir), "--preset", "test", "--template", "opcc-notts",
                 "--title", "Rural crime", "--cover", "author"]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err
    assert main(["summarise", "--store", str(corpus_store_dir), "--preset", "test", "item-6"]) == 2
    assert "DOCUMENT_ID:ITEM_ID" in capsys.readouterr().err


def test_summarise_markdown(corpus_store_dir, capsys):
    assert main(["summarise", "--store", str(corpus_store_dir), "--preset", "test", f"{PACK_ID}:item-6"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Rural Crime Update") and "## 1. Purpose of the Report" in out


def test_draft_sources_take_several_documents(corpus_store_dir, capsys):
    panel = corpus_id("2022-02-08 Police and Crime Panel - Item 8 Make Notts Safe Plan 2021-24.pdf")
    assert main(["draft", "--store", str(corpus_store_dir), "--preset", "test", "--template", "opcc-notts",
                 "--title", "Rural crime", "--sections", "key_points", "--source", PACK_ID, panel,
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    cited = {c["document_id"] for s in data["sections"] for c in s["citations"]}
    assert cited and cited <= {PACK_ID, panel}


@pytest.mark.parametrize("asked, out, fmt", [
    (None, "report.docx", "docx"), (None, "report.HTML", "html"), (None, "r.json", "json"), (None, "r.markdown", "md"),
    (None, None, "md"), (None, "notes.txt", "md"), ("md", "report.docx", "md"),
])
def test_the_out_files_extension_names_the_format_unless_one_is_asked(asked, out, fmt):
    """`meetingpack draft … --out report.docx` wrote Markdown into a file Word could not open."""
    from api.cli.draft import output_format
    assert output_format(asked, out) == fmt
