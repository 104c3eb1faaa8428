"""Bounded load test: N clients ask a running ``serve`` while another process ingests.

    nice -n 10 python -m eval.bench_load --store /tmp/x/store --ingest eval/corpus \
        [--clients 8] [--asks 400] [--preset default]

What it shows: ask latency (p50/p95/max) and errors under concurrency, with a writer in
another process the whole time (the one-writer lock admits it; readers are never blocked),
and that the server sees that process's writes without a restart (/healthz chunk counts
before, during and after). The store is written to: pass a copy, never a shared store.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from eval.bench_common import ROOT, env_offline, free_port, load_gold, pct


def _start_server(store: Path, preset: str, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--store", str(store), "--preset", preset,
                             "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def _wait_ready(client, base: str, proc: subprocess.Popen, timeout_s: float = 180) -> dict:
    import httpx

    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout_s:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with code {proc.returncode} before /healthz was ready")
        try:
            r = client.get(base + "/healthz", timeout=2)
            if r.status_code == 200:
                return r.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"/healthz not ready after {timeout_s:.0f} s")


def _clients(base: str, questions: list[str], n_clients: int, n_asks: int, timeout_s: float) -> dict:
    import httpx

    lat: list[float] = []
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
                    if not ok:
                        errors.append(why)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(n_clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return {"lat": lat, "errors": errors, "wall_s": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="store folder (a copy: it is written to)")
    ap.add_argument("--ingest", nargs="+", type=Path, required=True, help="files/folders the other process ingests")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--asks", type=int, default=400)
    ap.add_argument("--preset", default="default")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per ask before it counts as an error")
    args = ap.parse_args(argv)
    env_offline()
    import httpx

    questions = [row["q"] for row in load_gold()]
    log_path = args.store.parent / "bench_load.server.log"
    with log_path.open("w") as log, httpx.Client() as probe:
        server, base = _start_server(args.store, args.preset, log)
        try:
            before = _wait_ready(probe, base, server)
            ingest = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", *map(str, args.ingest),
                                       "--store", str(args.store), "--preset", args.preset, "--no-progress"],
                                      cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                      env={**os.environ})
            run = _clients(base, questions, args.clients, args.asks, args.timeout)
            during = probe.get(base + "/healthz").json()
            out, _ = ingest.communicate(timeout=3600)
            after = probe.get(base + "/healthz").json()
        finally:
            server.terminate()
            server.wait(timeout=30)
    lat = run["lat"]
    print(f"load: {args.clients} clients, {len(lat)} asks in {run['wall_s']:.1f} s "
          f"({len(lat) / run['wall_s']:.1f} asks/s), ingest running in pid {ingest.pid}")
    print(f"ask ms: p50 {pct(lat, 50):.0f}  p95 {pct(lat, 95):.0f}  max {max(lat, default=0):.0f}")
    print(f"errors: {len(run['errors'])}" + (f"  e.g. {run['errors'][0]}" if run["errors"] else ""))
    print(f"ingest exit {ingest.returncode}: {out.strip().splitlines()[-1] if out.strip() else '(no output)'}")
    print(f"server /healthz chunks: before {before['chunks']}, at end of asks {during['chunks']}, "
          f"after ingest {after['chunks']} (no restart)")
    return 1 if run["errors"] or ingest.returncode else 0


if __name__ == "__main__":
    raise SystemExit(main())
