"""`meetingpack chat`: a terminal conversation, the model loaded once for every turn.

Follow-ups continue the conversation (the same conversation id, so "and 2021/012?"
is read against the last question); ``/new`` starts another, ``/quit`` or Ctrl-D ends.
With ``--server URL`` the turns go to a running ``meetingpack serve`` instead, so
nothing heavy is loaded here at all.
"""

from __future__ import annotations

import sys

from api.cli.ask import asker, filter_options, format_reply

HELP = "Type a question. /new starts a new conversation, /quit ends."


def register(sub, common) -> None:
    p = sub.add_parser("chat", parents=[common], help="a conversation in the terminal (follow-ups, /new)")
    p.add_argument("--server", metavar="URL", help="use a running server (e.g. http://127.0.0.1:8000)")
    filter_options(p)
    p.set_defaults(func=run)


def run(args, stdin=None, stdout=None) -> int:
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    ask, close = asker(args)
    cid = None
    interactive = stdin.isatty()
    print(HELP, file=stdout)
    try:
        while True:
            if interactive:
                print("> ", end="", file=stdout, flush=True)
            line = stdin.readline()
            if not line:
                break
            question = line.strip()
            if not question:
                continue
            if question in ("/quit", "/exit"):
                break
            if question == "/new":
                cid = None
                print("(new conversation)", file=stdout)
                continue
            reply = ask(question, cid)
            cid = reply["conversation_id"]
            print(format_reply(reply) + "\n", file=stdout, flush=True)
    finally:
        close()
    return 0
