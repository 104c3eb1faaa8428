"""`meetingpack ask` and `search`: the JSON contract, filters, one-line errors, and `--server`."""

from __future__ import annotations

import json

from api.cli import main
from tests.api.cli.helpers import run

CONTRACT = {"answer", "abstained", "composer", "conversation_id", "citations"}


def test_cli_ask_json_contract(corpus_store_dir, capsys):
    code = main(["ask", "What was resolved under 2021/012?", "--json", "--preset", "test",
                 "--store", str(corpus_store_dir)])
    reply = json.loads(capsys.readouterr().out)
    assert code == 0 and set(reply) == CONTRACT and reply["composer"] == "extractive"
    assert reply["citations"][0]["page"] == 16


def test_cli_ask_abstention_says_why(corpus_store_dir, capsys):
    code = main(["ask", "What was resolved under 2021/019?", "--preset", "test", "--store", str(corpus_store_dir)])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0 and lines[:3] == ["Not found in the documents.", "No paper carries reference 2021/019.",
                                       "Closest passages:"]


def test_cli_search_with_filters(corpus_store_dir, capsys):
    code = main(["search", "cabinet budget", "--json", "--type", "minutes", "--from", "2025-01-01",
                 "--preset", "test", "--store", str(corpus_store_dir)])
    results = json.loads(capsys.readouterr().out)["results"]
    assert code == 0 and results and all("kcc" in r["file"] for r in results)


def test_cli_bad_filter_is_a_one_line_error(corpus_store_dir, capsys):
    code = main(["ask", "anything", "--from", "last May", "--preset", "test", "--store", str(corpus_store_dir)])
    err = capsys.readouterr().err
    assert code == 2 and "date_from must be a date as YYYY-MM-DD" in err and "Traceback" not in err


def test_cli_llm_endpoint_down_is_a_one_line_error(corpus_store_dir, capsys, monkeypatch):
    monkeypatch.setenv("MEETINGPACK_ANSWER__COMPOSER", "openai")
    monkeypatch.setenv("MEETINGPACK_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    code = main(["ask", "What was resolved under 2021/007?", "--preset", "test", "--store", str(corpus_store_dir)])
    err = capsys.readouterr().err
    assert code == 2 and "127.0.0.1:9" in err


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
