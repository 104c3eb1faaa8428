"""CLI: batch ingest with bad files, unchanged re-ingest, documents --json, remove."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.cli import build_parser, main

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real-pdfs"
GOOD_PDF = REAL / "kcc-county-council-agenda-2025-03-13.pdf"
SMALL_PDF = REAL / "chelsea-qc-demolition-committee-pv-2023-06-20.pdf"
SCANNED = REAL / "nipissing-agenda-package-2024-03-05-SCANNED.pdf"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--preset", "test", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def encrypted_copy(src: Path, dst: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(src)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    with dst.open("wb") as fh:
        writer.write(fh)


@pytest.fixture
def batch(tmp_path) -> Path:
    """A folder of good and bad files (the bad ones in a sub-folder: ingest is recursive)."""
    root = tmp_path / "in"
    bad = root / "bad"
    bad.mkdir(parents=True)
    shutil.copy(GOOD_PDF, root / GOOD_PDF.name)
    (root / "notes.md").write_text(
        "# Finance notes\n\n1. PURPOSE OF THE REPORT\n\nThe revenue outturn shows an underspend of £1.2m. "
        "The panel noted the capital programme and the custody suite business case.\n"
    )
    (bad / "corrupt.pdf").write_bytes(SMALL_PDF.read_bytes()[:1500])
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "renamed.pdf").write_text("This is really a text file, renamed to .pdf.\n" * 20)
    encrypted_copy(SMALL_PDF, bad / "encrypted.pdf")
    shutil.copy(SCANNED, bad / SCANNED.name)
    (bad / "ignored.xyz").write_text("not a supported type; folders skip it")
    return root


BAD = ["corrupt.pdf", "empty.pdf", "renamed.pdf", "encrypted.pdf", SCANNED.name]


def test_ingest_batch_with_bad_files(capsys, tmp_path, batch):
    store = str(tmp_path / "store")
    # a store that already holds a document
    code, out, _ = run(capsys, "ingest", str(SMALL_PDF), "--store", store)
    assert code == 0 and out.startswith(f"added  {SMALL_PDF.name}  2 pages")
    _, before, _ = run(capsys, "documents", "--json", "--store", store)

    code, out, err = run(capsys, "ingest", str(batch), "--store", store, "--no-ocr")  # OCR: tests/ingest/test_ocr.py
    assert code == 1
    lines = out.strip().splitlines()
    failed = {ln.split(":", 1)[0].removeprefix("FAILED "): ln for ln in lines if ln.startswith("FAILED ")}
    assert sorted(failed) == sorted(BAD), out
    for line in failed.values():
        name, reason = line.removeprefix("FAILED ").split(": ", 1)
        assert reason.strip() and "\n" not in reason and "Traceback" not in reason
    assert "text layer" in failed[SCANNED.name]
    assert "encrypt" in failed["encrypted.pdf"].lower()
    added = [ln for ln in lines if ln.startswith("added  ")]
    assert len(added) == 2 and any(GOOD_PDF.name in ln for ln in added)
    assert all(ln.endswith(" s") and " pages  " in ln and " chunks  " in ln for ln in added)
    assert "ignored.xyz" not in out
    assert "5 failed" in err

    _, after, _ = run(capsys, "documents", "--json", "--store", store)
    docs = {d["file"]: d for d in json.loads(after)}
    assert set(docs) == {SMALL_PDF.name, GOOD_PDF.name, "notes.md"}
    old = json.loads(before)[0]
    assert docs[SMALL_PDF.name] == old  # untouched by the failures

    # second run: good files unchanged, bad files still fail, exit still non-zero
    code, out, _ = run(capsys, "ingest", str(batch), "--store", store, "--no-progress", "--no-ocr")
    assert code == 1
    assert f"unchanged  {GOOD_PDF.name}" in out and "unchanged  notes.md" in out
    _, again, _ = run(capsys, "documents", "--json", "--store", store)
    assert again == after


def test_bad_file_with_a_stored_name_keeps_the_stored_version(capsys, tmp_path):
    store = str(tmp_path / "store")
    src = tmp_path / "a" / "pack.pdf"
    src.parent.mkdir()
    shutil.copy(SMALL_PDF, src)
    assert run(capsys, "ingest", str(src), "--store", store)[0] == 0
    _, before, _ = run(capsys, "documents", "--json", "--store", store)
    src.write_bytes(b"%PDF-1.7\n garbage that is not a PDF body")
    code, out, _ = run(capsys, "ingest", str(src), "--store", store)
    assert code == 1 and out.startswith("FAILED pack.pdf: ")
    _, after, _ = run(capsys, "documents", "--json", "--store", store)
    assert after == before


def test_documents_json_shape_and_remove(capsys, tmp_path):
    store = str(tmp_path / "store")
    assert run(capsys, "ingest", str(GOOD_PDF), str(SMALL_PDF), "--store", store)[0] == 0
    code, out, _ = run(capsys, "documents", "--json", "--store", store)
    assert code == 0
    docs = json.loads(out)
    assert len(docs) == 2
    for d in docs:
        assert {"document_id", "file", "title", "doc_type", "body", "meeting_date", "pages", "items", "chunks",
                "decisions", "sha256"} <= set(d)
        assert isinstance(d["pages"], int) and d["chunks"] > 0 and d["items"]
        for it in d["items"]:
            assert {"item_id", "title", "doc_type", "first_page", "last_page", "number", "public"} <= set(it)
            assert isinstance(it["public"], bool)
    code, text, _ = run(capsys, "documents", "--store", store)
    assert GOOD_PDF.name in text and SMALL_PDF.name in text

    doc_id = next(d["document_id"] for d in docs if d["file"] == GOOD_PDF.name)
    code, out, _ = run(capsys, "remove", doc_id, "--store", store)
    assert code == 0 and out.startswith("removed  ")
    code, out, _ = run(capsys, "remove", SMALL_PDF.name, "--store", store)
    assert code == 0
    code, _, err = run(capsys, "remove", "nothing-here", "--store", store)
    assert code == 1 and "not found" in err
    assert json.loads(run(capsys, "documents", "--json", "--store", store)[1]) == []


def test_store_option_before_or_after_and_env(monkeypatch, tmp_path):
    parser = build_parser()
    assert parser.parse_args(["--store", "A", "documents"]).store == "A"
    assert parser.parse_args(["documents", "--store", "B"]).store == "B"
    assert not hasattr(parser.parse_args(["documents"]), "store")
    from assistant.cli import settings_from_args

    monkeypatch.setenv("MEETINGPACK_STORE", str(tmp_path / "env"))
    assert settings_from_args(parser.parse_args(["documents"])).store == tmp_path / "env"
    assert settings_from_args(parser.parse_args(["documents", "--store", "X"])).store == Path("X")
    serve = parser.parse_args(["serve", "--port", "9001"])
    assert serve.port == 9001 and serve.func.__module__ == "assistant.commands.serve"


def test_missing_and_unsupported_paths(capsys, tmp_path):
    store = str(tmp_path / "store")
    odd = tmp_path / "x.xyz"
    odd.write_text("hello")
    code, out, _ = run(capsys, "ingest", str(tmp_path / "nope.pdf"), str(odd), "--store", store)
    assert code == 1
    assert "FAILED nope.pdf: file not found" in out
    assert "FAILED x.xyz: unsupported file type .xyz" in out


def test_store_keeps_its_own_original_and_removes_it(tmp_path, capsys):
    import shutil

    from assistant.cli import main
    from tests.conftest import CORPUS

    src = tmp_path / "in" / "plan.pdf"
    src.parent.mkdir()
    shutil.copyfile(CORPUS / "2021 Nottingham Crime and Drugs Partnership Plan 2021-24.pdf", src)
    store = tmp_path / "store"
    assert main(["ingest", str(src), "--store", str(store), "--preset", "test"]) == 0
    (kept,) = (store / "originals").glob("plan-*.pdf")  # named by document id: slug + content hash
    assert kept.read_bytes() == src.read_bytes()
    src.unlink()  # the user's file may move; citations and table rows still work from the copy
    capsys.readouterr()
    main(["documents", "--json", "--store", str(store), "--preset", "test"])
    import json
    assert json.loads(capsys.readouterr().out)[0]["source_path"] == str(kept.resolve())
    assert main(["remove", "plan.pdf", "--store", str(store), "--preset", "test"]) == 0
    assert not kept.exists() and not list((store / "originals").glob(".*partial"))


def test_chat_keeps_the_conversation_and_new_starts_another(corpus_store_dir, capsys, monkeypatch):
    import io

    from assistant.commands import chat

    args = build_parser().parse_args(["--preset", "test", "chat", "--store", str(corpus_store_dir)])
    lines = io.StringIO("What was resolved under 2021/007?\nand 2021/012?\n/new\n/quit\nnever asked\n")
    out = io.StringIO()
    assert chat.run(args, stdin=lines, stdout=out) == 0
    text = out.getvalue()
    assert "approve the new delivery plan" in text and "work programme be noted" in text
    cids = [line.rsplit("conversation: ", 1)[1].rstrip(")") for line in text.splitlines() if "conversation: " in line]
    assert len(cids) == 2 and cids[0] == cids[1] and "(new conversation)" in text and "never asked" not in text


def test_ask_server_uses_a_running_server(corpus_store_dir, capsys):
    from api.app import create_app
    from assistant.settings import get_settings
    from tests.web.browser import Server

    with Server(create_app(get_settings("test", store=corpus_store_dir))) as server:
        code, out, _ = run(capsys, "ask", "What was resolved under 2021/007?", "--server", server.url)
        assert code == 0 and "approve the new delivery plan" in out and "p15" in out
        code, _, err = run(capsys, "ask", "x", "--server", server.url, "--from", "soon")
        assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run(capsys, "ask", "x", "--server", "http://127.0.0.1:9")
    assert code == 2 and "unreachable" in err
