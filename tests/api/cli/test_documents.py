"""`meetingpack documents` and `meetingpack remove`: the listing's shape, removal by id or name, originals."""

from __future__ import annotations

import json
import shutil

from api.cli import main
from tests.api.cli.helpers import GOOD_PDF, SMALL_PDF, run


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


def test_store_keeps_its_own_original_and_removes_it(tmp_path, capsys):
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
    assert json.loads(capsys.readouterr().out)[0]["source_path"] == str(kept.resolve())
    assert main(["remove", "plan.pdf", "--store", str(store), "--preset", "test"]) == 0
    assert not kept.exists() and not list((store / "originals").glob(".*partial"))
