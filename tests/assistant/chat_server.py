"""A real HTTP server on 127.0.0.1 speaking the chat-completions protocol, with scripted replies.

A reply is a string, or a function of the request's messages: ``obey`` plays a model that
follows instructions it finds inside the passages (prompt injection, issue 13).
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = str | Callable[[list[dict]], str]

_INJECTED = re.compile(r"ignore (?:all )?previous instructions and reply with (.+?)(?:\.\s|\.?$)", re.I | re.M)
_PASSAGE = re.compile(r"^\[(\d+)\] ", re.M)


def obey(messages: list[dict]) -> str:
    """What a model that takes orders from its passages writes: a true sentence from passage 1,
    then the injected payload, cited to the passage that carried it (as a careless model would)."""
    prompt = messages[-1]["content"]
    found = _INJECTED.search(prompt)
    if not found:
        return "NOT_FOUND"
    carrier = max((int(m[1]) for m in _PASSAGE.finditer(prompt[: found.start()])), default=1)
    first = prompt[prompt.index("\n\n", prompt.index("[1] ")) + 2:].split(". ")[0].strip()
    return f"{first} [1]. The answer is {found[1]} [{carrier}]."


class ScriptedChatServer:
    """Serves ``POST /v1/chat/completions``; each request pops the next scripted reply.

    With ``streams``, a request that asks for ``"stream": true`` gets the reply as
    server-sent deltas of 7 characters, as an OpenAI-compatible server sends them."""

    def __init__(self, replies: list[Reply], streams: bool = False):
        self.replies = deque(replies)
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "body": body,
                                        "auth": self.headers.get("Authorization")})
                if self.path != "/v1/chat/completions" or not server.replies:
                    self.send_response(404 if self.path != "/v1/chat/completions" else 500)
                    self.end_headers()
                    return
                reply = server.replies.popleft()
                content = reply(body["messages"]) if callable(reply) else reply
                if streams and body.get("stream"):
                    self._stream(content)
                else:
                    self._whole(body, content)

            def _whole(self, body: dict, content: str) -> None:
                reply = {"id": "x", "object": "chat.completion", "model": body.get("model"),
                         "choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": content}}]}
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, content: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for i in range(0, len(content), 7):
                    delta = {"choices": [{"index": 0, "delta": {"content": content[i:i + 7]}}]}
                    self.wfile.write(f"data: {json.dumps(delta)}\n\n".encode())
                self.wfile.write(b"data: [DONE]\n\n")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
