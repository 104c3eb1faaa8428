"""`meetingpack ingest`: a batch with bad files, unchanged re-ingest, missing and unsupported paths."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.api.cli.helpers import GOOD_PDF, SCANNED, SMALL_PDF, run


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

    code, out, err = run(capsys, "ingest", str(batch), "--store", store, "--no-ocr")  # OCR: tests/assistant/test_hostile_batch.py
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


def test_missing_and_unsupported_paths(capsys, tmp_path):
    store = str(tmp_path / "store")
    odd = tmp_path / "x.xyz"
    odd.write_text("hello")
    code, out, _ = run(capsys, "ingest", str(tmp_path / "nope.pdf"), str(odd), "--store", store)
    assert code == 1
    assert "FAILED nope.pdf: file not found" in out
    assert "FAILED x.xyz: unsupported file type .xyz" in out


@pytest.mark.parametrize("flags, says", [
    (["--exempt", "3", "--public", "3"], "--public: 3 cannot be marked both exempt and public"),
    (["--exempt", "--public"], "--public: the whole document cannot be marked both"),
    (["--exempt", "5;6"], "--exempt: '5;6' is not an item id or agenda number"),
])
def test_bad_marks_are_refused_before_the_store_is_opened(capsys, tmp_path, flags, says):
    """The flags are checked by the code that checks an upload's fields (ingest.exempt.parse_marks);
    `--exempt 3 --public 3` used to let public win without a word."""
    code, _, err = run(capsys, "ingest", str(SMALL_PDF), "--no-progress", "--store", str(tmp_path / "s"), *flags)
    assert code == 2 and says in err, err
    assert not (tmp_path / "s").exists()


def test_each_file_reports_what_was_kept_and_left_out(capsys, tmp_path):
    """Under each added file: pages and characters kept, what was dropped and why, hidden text."""
    from tests.ingest import hostile_corpus as hc

    folder = tmp_path / "in"
    folder.mkdir()
    hc.hidden_text(folder / "hidden.pdf")
    hc.templated(folder / "notices.pdf", pages=12)
    code, out, _ = run(capsys, "ingest", str(folder), "--store", str(tmp_path / "store"), "--no-progress")
    assert code == 0, out
    lines = out.splitlines()
    hidden = lines[lines.index(next(ln for ln in lines if ln.startswith("added  hidden.pdf"))) + 1]
    assert hidden.startswith("    kept 2 of 2 pages, ") and "; hidden text " in hidden and " on 1 page(s)" in hidden
    notices = lines[lines.index(next(ln for ln in lines if ln.startswith("added  notices.pdf"))) + 1]
    assert notices.startswith("    kept 12 of 12 pages, ") and "in 24 header/footer lines" in notices
    assert "on pages that gave no chunk" not in out and "warning:" not in out


def test_keep_hidden_flag_indexes_hidden_text(capsys, tmp_path):
    """Hidden text is left out by default; ``--keep-hidden`` (through the parse worker) keeps it."""
    from assistant.settings import get_settings
    from assistant.store import Store
    from tests.ingest import hostile_corpus as hc

    pdf = hc.hidden_text(tmp_path / "hidden.pdf")
    for flag, stored in (([], "default"), (["--keep-hidden"], "kept")):
        code, _, _ = run(capsys, "ingest", str(pdf), "--store", str(tmp_path / stored), "--no-progress", *flag)
        assert code == 0
    for stored, count in (("default", 0), ("kept", 5)):
        store = Store(get_settings("test", store=tmp_path / stored))
        try:
            text = " ".join(c.text for d in store.documents() for c in store.chunks(store.chunk_ids(d["document_id"])))
        finally:
            store.close()
        assert text.lower().count("zanzibar") == count, stored


@pytest.mark.parametrize("flags, says", [
    (["--meeting-date", "30/01/2025"], "--meeting-date '30/01/2025': must be a date as YYYY-MM-DD"),
    (["--body", "x"], "--body 'x': must be a name of 2 to 200 characters"),
])
def test_a_bad_given_body_or_date_is_refused_before_the_store_is_opened(capsys, tmp_path, flags, says):
    code, _, err = run(capsys, "ingest", str(SMALL_PDF), "--no-progress", "--store", str(tmp_path / "s"), *flags)
    assert code == 2 and says in err, err
    assert not (tmp_path / "s").exists()


def test_given_body_and_date_fill_a_stored_paper_that_prints_none(capsys, tmp_path):
    """An appendix filed under its meeting: stored without a body, then given one by a second
    ingest of the same bytes (re-read, not skipped as unchanged), so a body filter finds it."""
    import json

    from tests.ingest.test_given_meeting import APPENDIX
    from tests.pdfgen import write_pdf

    pdf = write_pdf(tmp_path / "Appendix A.pdf", APPENDIX)
    store = str(tmp_path / "store")

    def cabinet_hits() -> list:
        code, out, _ = run(capsys, "search", "staff wellbeing survey", "--body", "cabinet", "--json", "--store", store)
        assert code == 0
        return json.loads(out)["results"]

    assert run(capsys, "ingest", str(pdf), "--store", store, "--no-progress")[0] == 0
    assert cabinet_hits() == []
    code, out, _ = run(capsys, "ingest", str(pdf), "--store", store, "--no-progress",
                       "--body", "Cabinet (Kent County Council)", "--meeting-date", "2025-01-30")
    assert code == 0 and out.startswith("replaced  Appendix A.pdf"), out
    hits = cabinet_hits()
    assert hits and all(h["file"] == "Appendix A.pdf" for h in hits)
    code, out, _ = run(capsys, "documents", "--json", "--store", store)
    docs = json.loads(out)
    docs = docs if isinstance(docs, list) else docs["documents"]
    assert [(d["body"], d["meeting_date"]) for d in docs] == [("Cabinet (Kent County Council)", "2025-01-30")]


def test_a_given_body_and_date_outlive_a_new_version_of_the_file(capsys, tmp_path):
    """Given once, kept beside the store (overrides.json): the appendix's next version,
    ingested without the flags, is parsed with the same body and meeting date."""
    import json

    from assistant import overrides
    from tests.ingest.test_given_meeting import APPENDIX
    from tests.pdfgen import write_pdf

    pdf = tmp_path / "Appendix A.pdf"
    store = str(tmp_path / "store")
    write_pdf(pdf, APPENDIX)
    assert run(capsys, "ingest", str(pdf), "--store", store, "--no-progress",
               "--body", "Cabinet (Kent County Council)", "--meeting-date", "2025-01-30")[0] == 0
    assert overrides.load(tmp_path / "store")["Appendix A.pdf"] == {
        "body": "Cabinet (Kent County Council)", "meeting_date": "2025-01-30"}
    write_pdf(pdf, [APPENDIX[0] + ["Uptake is expected to reach 65% next year."]])
    code, out, _ = run(capsys, "ingest", str(pdf), "--store", store, "--no-progress")
    assert code == 0 and out.startswith("replaced  Appendix A.pdf"), out
    code, out, _ = run(capsys, "documents", "--json", "--store", store)
    docs = json.loads(out)
    docs = docs if isinstance(docs, list) else docs["documents"]
    assert [(d["body"], d["meeting_date"]) for d in docs] == [("Cabinet (Kent County Council)", "2025-01-30")]
