"""`meetingpack chat`: follow-ups keep the conversation, /new starts another, /quit ends."""

from __future__ import annotations

import io

from api.cli import build_parser, chat


def test_chat_keeps_the_conversation_and_new_starts_another(corpus_store_dir):
    args = build_parser().parse_args(["--preset", "test", "chat", "--store", str(corpus_store_dir)])
    lines = io.StringIO("What was resolved under 2021/007?\nand 2021/012?\n/new\n/quit\nnever asked\n")
    out = io.StringIO()
    assert chat.run(args, stdin=lines, stdout=out) == 0
    text = out.getvalue()
    assert "approve the new delivery plan" in text and "work programme be noted" in text
    cids = [line.rsplit("conversation: ", 1)[1].rstrip(")") for line in text.splitlines() if "conversation: " in line]
    assert len(cids) == 2 and cids[0] == cids[1] and "(new conversation)" in text and "never asked" not in text
