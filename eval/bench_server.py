"""The benchmarks' servers: a ``meetingpack serve`` child of a given checkout, a ``chroma run``
child, and timed HTTP calls against them, all on 127.0.0.1 and always stopped on exit.

Kept apart from ``bench_common`` (numbers, corpus, scaled copies) so each benchmark that
talks HTTP starts, waits for and stops its servers one way.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval.bench_common import ROOT, proc_status, summary, tree_rss


def free_port() -> int:
    """A port nobody listens on now, for a child server on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_command(code: Path = ROOT) -> list[str]:
    """The ``meetingpack`` command of checkout ``code``: ``api.cli``, or ``assistant.cli`` in
    checkouts from before the CLI moved to the entry layer (so ``--code OLD`` still runs)."""
    module = "api.cli" if (code / "api" / "cli" / "__init__.py").is_file() else "assistant.cli"
    return [sys.executable, "-m", module]


class Server:
    """``with Server(store_dir, log) as srv:`` - a ``meetingpack serve`` child on 127.0.0.1,
    ready (``/healthz`` answered) on entry and stopped on exit.

    It runs this checkout's code (``python -m api.cli`` with the repo on PYTHONPATH,
    from ``code``), so a worktree measures itself, not whatever the venv's script points at.
    ``env`` adds variables (say ``MEETINGPACK_CHROMA_URL``); ``failed`` says why it never came up.
    """

    def __init__(self, store_dir: Path, log_path: Path, *, preset: str = "default", env: dict | None = None,
                 code: Path = ROOT, start_timeout_s: float = 120.0, stop_timeout_s: float = 15.0):
        self.store_dir, self.log_path, self.preset, self.code = store_dir, log_path, preset, code
        self.env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                    "ANONYMIZED_TELEMETRY": "False", "PYTHONPATH": str(code), **(env or {})}
        self.start_timeout_s, self.stop_timeout_s = start_timeout_s, stop_timeout_s
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.startup_s = 0.0
        self.failed: str | None = None
        self.health: dict = {}

    def __enter__(self) -> "Server":
        import httpx

        self._log = self.log_path.open("w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [*cli_command(self.code), "serve", "--store", str(self.store_dir), "--preset", self.preset,
             "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self._log, stderr=subprocess.STDOUT, env=self.env, cwd=self.code)
        with httpx.Client() as client:
            while self.failed is None:
                if self.proc.poll() is not None:
                    self.failed = f"server exited with code {self.proc.returncode} before /healthz (see {self.log_path})"
                    break
                try:
                    r = client.get(self.base + "/healthz", timeout=2)
                    if r.status_code == 200:
                        self.health = r.json()
                        break
                except httpx.HTTPError:
                    pass
                if time.perf_counter() - t0 > self.start_timeout_s:
                    self.failed = f"/healthz not ready after {self.start_timeout_s:.0f} s"
                time.sleep(0.25)
        self.startup_s = time.perf_counter() - t0
        return self

    def __exit__(self, *exc) -> None:
        stop_process(self.proc, self.stop_timeout_s)
        self._log.close()


def stop_process(proc: subprocess.Popen | None, timeout_s: float = 15.0) -> None:
    """Terminate a child we started, then kill it if it lingers."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def tracebacks(log_path: Path, limit: int = 3, tail: int = 30) -> list[str]:
    """The first ``limit`` tracebacks a server wrote to its log (uvicorn logs each failed
    request's), each as its first line and its last ``tail`` lines - our frames and the
    exception, below two screens of middleware: printed beside a benchmark's HTTP errors, so
    a rare 500 always comes with its cause (the log itself may be in a temporary folder)."""
    try:
        lines = log_path.read_text(errors="replace").splitlines()
    except OSError as exc:
        return [f"(server log {log_path} unreadable: {exc})"]
    found: list[str] = []
    for i, line in enumerate(lines):
        if len(found) >= limit:
            break
        if line.startswith("Traceback (most recent call last)"):
            start = i - 1 if i and "Exception in ASGI application" in lines[i - 1] else i
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("INFO:")), len(lines))
            block = lines[start:end]
            if len(block) > tail + 3:
                block = [*block[:2], f"  ... ({len(block) - tail - 2} lines of frames left out)", *block[-tail:]]
            found.append("\n".join(block))
    return found


def measure_server(store_dir: Path, questions: list[str], log_path: Path, *,
                   filters: list[dict | None] | None = None, start_timeout_s: float = 120.0,
                   ask_timeout_s: float = 30.0, budget_s: float = 150.0) -> dict[str, Any]:
    """Start ``meetingpack serve`` on 127.0.0.1, wait for /healthz, POST /api/ask, read RSS, stop it."""
    import httpx

    with Server(store_dir, log_path, start_timeout_s=start_timeout_s) as srv:
        out: dict[str, Any] = {"mode": "server", "port": srv.port, "ok": 0, "errors": 0, "error_samples": []}
        if srv.failed:
            out["failed"] = srv.failed
            return out
        out["startup_s"] = srv.startup_s
        out["idle_rss"] = proc_status(srv.proc.pid).get("VmRSS", 0)
        with httpx.Client(timeout=ask_timeout_s) as client:
            lat: list[float] = []
            started = time.perf_counter()
            for i, q in enumerate(questions):
                if time.perf_counter() - started > budget_s:
                    out["truncated"] = True
                    break
                payload: dict[str, Any] = {"question": q}
                if filters and filters[i]:
                    payload["filters"] = filters[i]
                ms, ok, detail = timed_request(client, "POST", srv.base + "/api/ask", json=payload)
                lat.append(ms)
                out["ok" if ok else "errors"] += 1
                if not ok and len(out["error_samples"]) < 3:
                    out["error_samples"].append(detail)
        out["ask_ms"] = summary(lat)
        st = proc_status(srv.proc.pid)
        out.update(rss=st.get("VmRSS", 0), hwm=st.get("VmHWM", 0), tree_rss=tree_rss(srv.proc.pid))
    return out


def timed_request(client, method: str, url: str, check: Callable[[dict], str | None] | None = None,
                  **kw) -> tuple[float, bool, str]:
    """(milliseconds, ok, error detail) for one HTTP call; ok = 200 with a JSON body that
    ``check`` (if given) finds nothing wrong with, so a benchmark that times wrong or empty
    replies fails rather than looking fast."""
    import httpx

    t = time.perf_counter()
    try:
        r = client.request(method, url, **kw)
        ms = (time.perf_counter() - t) * 1000
        body = r.json()
        ok = r.status_code == 200 and isinstance(body, dict)
        detail = "" if ok else f"HTTP {r.status_code}: {r.text[:200]}"
        if ok and check is not None and (problem := check(body)):
            ok, detail = False, f"{method} {url}: {problem}"[:300]
    except (httpx.HTTPError, ValueError) as exc:
        ms, ok, detail = (time.perf_counter() - t) * 1000, False, f"{type(exc).__name__}: {exc}"
    return ms, ok, detail


class ChromaServer:
    """``chroma run --path DIR --host 127.0.0.1 --port P`` (the CLI that ships with chromadb)."""

    def __init__(self, path: Path, log_path: Path):
        self.path, self.log_path, self.port = path, log_path, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "ChromaServer":
        exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen([exe, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port",
                                      str(self.port)], stdout=self._log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1)
                return self
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"chroma server did not start (see {self.log_path})")

    def __exit__(self, *exc) -> None:
        stop_process(self.proc)
        self._log.close()
