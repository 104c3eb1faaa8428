"""The decisions register names who voted which way in a recorded vote: its JSON, its page
and its CSV, over Kent's minutes of 13 February 2025 (section 25: 57 for, 2 abstained)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.settings import get_settings

MINUTES = Path(__file__).resolve().parents[1] / "fixtures" / "minutes" / "kcc-county-council-2025-02-13-p1-3.txt"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from tests.assistant.answer.helpers import stored

    store_dir = tmp_path_factory.mktemp("votes")
    stored(store_dir, [MINUTES])
    with TestClient(create_app(get_settings("test", store=store_dir))) as c:
        yield c


def test_the_register_json_names_each_side(client):
    vote = next(d for d in client.get("/api/decisions", params={"q": "section 25"}).json() if d["abstentions"])
    assert vote["abstain_names"] == ["Mr B Lewis", "Mr D Ross"] and vote["against_names"] == []
    assert len(vote["for_names"]) == vote["votes_for"] == 57


def test_the_register_page_and_csv_show_who_voted_how(client):
    page = client.get("/decisions", params={"q": "section 25"}).text
    assert "Who voted how" in page and "<strong>Abstained (2):</strong> Mr B Lewis, Mr D Ross" in page
    rows = list(csv.DictReader(io.StringIO(client.get("/api/decisions.csv", params={"q": "section 25"}).text)))
    assert any(r["abstain_names"] == "Mr B Lewis; Mr D Ross" for r in rows)
