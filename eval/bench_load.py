"""Bounded load test: N clients ask a running ``serve`` while another process ingests.

    nice -n 10 python -m eval.bench_load --store /tmp/x/store --ingest eval/corpus \
        [--clients 8] [--asks 400] [--preset default] [--code DIR]

``--code DIR`` runs ``serve`` and ``ingest`` from another checkout (say, the commit before a
change) with the same clients, for a side-by-side figure.

What it shows: ask latency (p50/p95/max) and errors under concurrency, with a writer in
another process (the one-writer lock admits it; readers are never blocked), how many asks
ran while that ingest was still running, and that the server sees that process's writes
without a restart (/healthz chunk counts before, during and after). The asks start once the
ingest's first file has landed: list a small file first, and enough after it to overlap the
asks. The store is written to: pass a copy, never a shared store. ``--preset`` must be the
one the store was built with (``test`` for a quick run on a fake-embedder store).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from eval.bench_common import ROOT, env_offline, load_gold, pct
from eval.bench_server import Server, cli_command, stop_process, tracebacks


def _clients(base: str, questions: list[str], n_clients: int, n_asks: int, timeout_s: float) -> dict:
    import httpx

    lat: list[float] = []
    starts: list[float] = []  # perf_counter at each ask's start (to count those during the ingest)
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(n_asks))

    def worker() -> None:
        with httpx.Client(timeout=timeout_s) as client:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t = time.perf_counter()
                try:
                    r = client.post(base + "/api/ask", json={"question": questions[i % len(questions)]})
                    ok = r.status_code == 200 and "answer" in r.json()
                    why = "" if ok else f"HTTP {r.status_code}: {r.text[:160]}"
                except (httpx.HTTPError, ValueError) as exc:
                    ok, why = False, f"{type(exc).__name__}: {exc}"
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    lat.append(ms)
                    starts.append(t)
                    if not ok:
                        errors.append(why)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(n_clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return {"lat": lat, "starts": starts, "errors": errors, "wall_s": time.perf_counter() - t0}


class _Output:
    """A child's output lines as they come: ``first`` is set at its first file's line, and
    ``ended_at`` is when its output ended (it exited), to count the asks made while it ran."""

    FILE_LINES = ("added", "replaced", "unchanged", "duplicate", "FAILED")

    def __init__(self, proc: subprocess.Popen):
        self.lines: list[str] = []
        self.first = threading.Event()
        self.end = float("inf")
        self._reader = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._reader.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            self.lines.append(line.rstrip())
            if line.split(" ", 1)[0] in self.FILE_LINES:
                self.first.set()
        self.end = time.perf_counter()
        self.first.set()

    def ended_at(self, timeout_s: float = 10.0) -> float:
        self._reader.join(timeout_s)
        return self.end


def _watch(base: str) -> tuple[list[int], threading.Event]:
    """Sample the server's chunk count once a second while the clients run."""
    import httpx

    seen: list[int] = []
    stop = threading.Event()

    def poll() -> None:
        with httpx.Client(timeout=30) as client:
            while not stop.is_set():
                try:
                    seen.append(client.get(base + "/healthz").json()["chunks"])
                except (httpx.HTTPError, ValueError, KeyError):
                    pass
                stop.wait(1.0)

    threading.Thread(target=poll, daemon=True).start()
    return seen, stop


def _print_causes(errors: list[str], log_path: Path) -> None:
    """Every distinct error, and the server's tracebacks from its log: a flaky 500 seen once
    must not be lost with the temporary folder its log was in."""
    for why, n in sorted(Counter(errors).items(), key=lambda kv: -kv[1]):
        print(f"  {n} x {why}")
    found = tracebacks(log_path)
    print(f"server log {log_path}: " + (f"{len(found)} traceback(s) below" if found else "no traceback"))
    for block in found:
        print(block)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="store folder (a copy: it is written to)")
    ap.add_argument("--ingest", nargs="+", type=Path, required=True, help="files/folders the other process ingests")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--asks", type=int, default=400)
    ap.add_argument("--preset", default="default")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per ask before it counts as an error")
    ap.add_argument("--first-file-wait", type=float, default=600.0,
                    help="seconds to wait for the ingest's first file before the asks start")
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose serve and ingest run (default: this one)")
    args = ap.parse_args(argv)
    env_offline()
    import httpx

    questions = [row["q"] for row in load_gold()]
    log_path = args.store.parent / "bench_load.server.log"
    with Server(args.store, log_path, preset=args.preset, code=args.code, start_timeout_s=900,
                stop_timeout_s=60) as srv, httpx.Client() as probe:
        if srv.failed:
            raise SystemExit(srv.failed)
        base, before, startup_s = srv.base, srv.health, srv.startup_s
        ingest = subprocess.Popen([*cli_command(args.code), "ingest", *map(str, args.ingest),
                                   "--store", str(args.store), "--preset", args.preset, "--no-progress"],
                                  cwd=args.code, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env={**os.environ, "PYTHONPATH": str(args.code)})
        try:
            out = _Output(ingest)
            out.first.wait(args.first_file_wait)  # asks start once the first file has landed
            seen, stop = _watch(base)
            run = _clients(base, questions, args.clients, args.asks, args.timeout)
            stop.set()
            ingest.wait(timeout=3600)
            after = probe.get(base + "/healthz").json()
        finally:
            stop_process(ingest)  # never leave a writer behind (a failed ask loop, a hung ingest)
    lat, done = run["lat"], out.ended_at()
    during = sum(1 for t in run["starts"] if t < done)
    print(f"code: {args.code}; server ready (model + vector cache loaded) in {startup_s:.1f} s")
    print(f"load: {args.clients} clients, {len(lat)} asks in {run['wall_s']:.1f} s "
          f"({len(lat) / run['wall_s']:.1f} asks/s), ingest running in pid {ingest.pid}; "
          f"{during} asks started while it ran")
    print(f"ask ms: p50 {pct(lat, 50):.0f}  p95 {pct(lat, 95):.0f}  max {max(lat, default=0):.0f}")
    print(f"errors: {len(run['errors'])}" + (f"  e.g. {run['errors'][0]}" if run["errors"] else ""))
    if run["errors"]:
        _print_causes(run["errors"], log_path)
    print(f"ingest exit {ingest.returncode}: {out.lines[-1] if out.lines else '(no output)'}")
    print(f"server /healthz chunks: before {before['chunks']}, seen while asking {sorted(set(seen))}, "
          f"after ingest {after['chunks']} (no restart)")
    return 1 if run["errors"] or ingest.returncode else 0


if __name__ == "__main__":
    raise SystemExit(main())
