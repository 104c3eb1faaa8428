"""Chat models reached over HTTP, behind one small interface.

Any OpenAI-compatible ``/chat/completions`` endpoint works (vLLM, llama.cpp server,
Ollama's ``/v1``, Azure OpenAI with its deployment URL), so no model is bundled and
nothing is downloaded. The queued fake lets tests script replies exactly.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections import deque
import json
from collections.abc import Callable, Iterable, Iterator

import httpx

from assistant.settings import LLMSettings


class LLMError(RuntimeError):
    """The model endpoint failed; the message says which URL and why."""


class ChatModel(ABC):
    @abstractmethod
    def chat(self, messages: list[dict[str, str]]) -> str: ...

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """The reply in pieces as the model writes it; by default all at once."""
        yield self.chat(messages)


class OpenAIChat(ChatModel):
    """POSTs to ``{base_url}/chat/completions``; the API key comes from settings or env."""

    def __init__(self, settings: LLMSettings, client: httpx.Client | None = None):
        self.settings = settings
        self.client = client or httpx.Client(timeout=settings.timeout_s)

    def _headers(self) -> dict[str, str]:
        key = self.settings.api_key or os.environ.get("MEETINGPACK_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY")
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
            headers["api-key"] = key  # Azure OpenAI reads this header instead
        return headers

    def chat(self, messages: list[dict[str, str]]) -> str:
        url = self.settings.base_url.rstrip("/") + "/chat/completions"
        body = {"model": self.settings.model, "messages": messages,
                "temperature": self.settings.temperature}
        try:
            resp = self.client.post(url, json=body, headers=self._headers())
            resp.raise_for_status()
            return resp.json()["choices"][0]["message"]["content"] or ""
        except httpx.HTTPStatusError as exc:
            raise LLMError(f"{url}: HTTP {exc.response.status_code}: {exc.response.text[:200]}") from exc
        except (httpx.HTTPError, KeyError, IndexError, ValueError) as exc:
            raise LLMError(f"{url}: {type(exc).__name__}: {exc}") from exc


    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """``"stream": true``: server-sent ``data:`` lines with deltas; a server that
        ignores the flag and answers with one JSON body still works."""
        url = self.settings.base_url.rstrip("/") + "/chat/completions"
        body = {"model": self.settings.model, "messages": messages,
                "temperature": self.settings.temperature, "stream": True}
        try:
            with self.client.stream("POST", url, json=body, headers=self._headers()) as resp:
                if resp.status_code >= 400:
                    resp.read()
                    raise LLMError(f"{url}: HTTP {resp.status_code}: {resp.text[:200]}")
                if "text/event-stream" not in resp.headers.get("content-type", ""):
                    resp.read()
                    yield resp.json()["choices"][0]["message"]["content"] or ""
                    return
                for line in resp.iter_lines():
                    data = line[5:].strip() if line.startswith("data:") else ""
                    if data == "[DONE]":
                        return
                    if data:
                        delta = json.loads(data)["choices"][0].get("delta", {}).get("content")
                        if delta:
                            yield delta
        except (httpx.HTTPError, KeyError, IndexError, ValueError) as exc:
            raise LLMError(f"{url}: {type(exc).__name__}: {exc}") from exc


class QueuedFakeChat(ChatModel):
    """Returns scripted replies in order and records what it was asked."""

    def __init__(self, replies: Iterable[str] = ()):
        self.replies = deque(replies)
        self.calls: list[list[dict[str, str]]] = []

    def chat(self, messages: list[dict[str, str]]) -> str:
        self.calls.append(messages)
        if not self.replies:
            raise LLMError("fake chat model: no scripted reply left")
        return self.replies.popleft()


CHAT_MODELS: dict[str, Callable[[LLMSettings], ChatModel]] = {"openai": OpenAIChat}


def make_chat_model(name: str, settings: LLMSettings) -> ChatModel:
    try:
        return CHAT_MODELS[name](settings)
    except KeyError:
        raise ValueError(f"unknown chat model backend {name!r}; choose one of {sorted(CHAT_MODELS)}") from None
