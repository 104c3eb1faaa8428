"""Scaling benchmark: stores of 10k-100k+ chunks replicated from the archive, measured as a
user meets them (a real ``meetingpack serve`` over HTTP) and part by part (the library).

    nice -n 10 python -m eval.bench_scale [--sizes 10000 50000 100000] [--chroma-server] [--quick]

The archive (``../shared/archive``, 274 PDFs) is parsed once with ``ingest.parse_file`` and
its chunks embedded once with the configured embedder; both are cached on disk (``--cache``).
Each store is then grown with replicas of those documents under new document ids, meeting
bodies (eight council names, ``ARCHIVE_BODIES``) and dates over ten years (``CopyMaker``), written
through the real ``Store.add`` with the source chunk's vector reused. So this measures the
store, not the embedder: embedding 100k chunks at ~110/s would take 15 minutes a size and
says nothing about scale. Embedder throughput is ``eval/bench_ingest.py``'s figure (the one-off
cache build here also prints chunks/s, for reference only).

At each size: write throughput through ``Store.add`` (chunks/s, pages/s), store size on disk,
then over HTTP against a warmed ``serve`` child - extractive ask p50/p95 (``POST /api/ask``,
~30 questions from ``eval/gold/archive-dev.jsonl``, without and with a body + date filter),
search p50/p95 (``GET /api/search?k=8``, which also counts facets over a pool of 60) without
and with the filter, and the server's RSS (psutil, process tree; plus the Chroma server's in
``--chroma-server`` mode). In the bench process, on the same store, the parts whose growth the
issue bounds: keyword (FTS5), dense (numpy matrix), fusion and the rest of ``Retriever.search``,
and a from-scratch build of the matrix cache (seconds, MB). ``uptime`` load is recorded too:
the machine is shared. Results go to ``scaling.json`` (one entry per Chroma mode, the other
mode's entry kept), ``scaling.md`` and ``scaling.png`` (``eval/scaling_report.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.store.store import CATALOG_FILE  # noqa: E402
from eval.bench_common import (  # noqa: E402
    CORPUS, RESULTS, ROOT, CopyMaker, Timed, disk_bytes, env_offline, load_gold, mb, pick_queries, proc_status,
    query_filters, summary, tree_rss,
)
from eval.bench_server import ChromaServer, Server, timed_request  # noqa: E402

ARCHIVE = ROOT.parent / "shared" / "archive" if (ROOT.parent / "shared").is_dir() else Path("/work/shared/archive")
ARCHIVE_GOLD = ROOT / "eval" / "gold" / "archive-dev.jsonl"
# The parser finds a meeting body in only 29 of the 274 archive files (two councils: Kent's
# County Council and Cabinet, Nipissing's council), too few for filters to select a realistic
# share. Replicas draw from eight names of the kind those councils hold meetings under; a body
# filter then admits ~1/8 of the store ("Cabinet" also matches a cabinet committee, as LIKE does).
ARCHIVE_BODIES = ["County Council", "Cabinet", "Nipissing Council", "Scrutiny Committee",
                  "Planning Applications Committee", "Governance and Audit Committee",
                  "Policy and Resources Cabinet Committee", "Health Overview and Scrutiny Committee"]
STORE_CALLS = ["dense", "keyword", "by_refs", "chunks", "vectors", "doc_freq"]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000, 100000], help="store sizes in chunks")
    p.add_argument("--quick", action="store_true",
                   help="2k and 5k chunks from eval/corpus, two bodies, 10 questions: shows it works end to end "
                        "in a minute")
    p.add_argument("--chroma-server", action="store_true", help="vectors in a `chroma run` server started here")
    p.add_argument("--source", type=Path, default=None, help="PDFs to replicate (default: the archive)")
    p.add_argument("--questions", type=int, default=30, help="gold questions per measurement")
    p.add_argument("--repeat", type=int, default=1,
                   help="HTTP: ask the questions this many times over (after one pass to warm), so a p95 "
                        "rests on more than the second-slowest of 30 requests")
    p.add_argument("--preset", default="default", help="settings preset ('test': fake embedder, for the test)")
    p.add_argument("--out", type=Path, default=RESULTS, help="where scaling.json, .md and .png go")
    p.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "meetingpack-scale-cache",
                   help="parsed documents and their vectors, reused between runs")
    p.add_argument("--store", type=Path, default=None, help="build the store here and keep it (default: a temp dir)")
    p.add_argument("--reuse", action="store_true",
                   help="measure the store already at --store (grown by an earlier run) instead of rebuilding it: "
                        "grow it once on a busy machine, measure it when the machine is quiet")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes = [2000, 5000] if args.sizes == p.get_default("sizes") else args.sizes
        args.source = args.source or CORPUS
        args.questions = min(args.questions, 10)
    args.source = args.source or ARCHIVE
    args.sizes = sorted(set(args.sizes))
    return args


# --- the source documents, parsed and embedded once ---------------------------------------


def _cache_key(files: list[Path], settings) -> str:
    h = hashlib.sha256()
    for f in files:
        st = f.stat()
        h.update(f"{f}:{st.st_size}:{int(st.st_mtime)}\n".encode())
    h.update(settings.embedding.model_dump_json(exclude={"cache_dir"}).encode())
    h.update(settings.chunking.model_dump_json().encode())
    h.update(settings.parse.model_dump_json().encode())
    return h.hexdigest()[:16]


def source_documents(source: Path, settings, embedder, cache: Path) -> tuple[list, dict]:
    """[(Document, float32 vectors)] for every parsable file under ``source``, from the cache
    when these files were parsed and embedded with these settings before."""
    import numpy as np

    from ingest import parse_file

    files = sorted(p for p in source.rglob("*") if p.suffix.lower() == ".pdf")
    path = cache / f"source-{_cache_key(files, settings)}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    print(f"parsing {len(files)} files under {source} (once; cached in {path}) …", file=sys.stderr, flush=True)
    docs, failed, t = [], [], time.perf_counter()
    for f in files:
        try:
            doc = parse_file(f, settings.chunking, settings.parse)
        except Exception as exc:  # noqa: BLE001 - a file the parser refuses is left out, and named
            failed.append(f"{f.name}: {type(exc).__name__}: {exc}"[:200])
            continue
        if doc.chunks:
            docs.append(doc)
    parse_s, t = time.perf_counter() - t, time.perf_counter()
    embedder.embed_query("warm up")
    out = [(d, np.asarray(embedder.embed_chunks([c.text for c in d.chunks]), dtype=np.float32)) for d in docs]
    embed_s = time.perf_counter() - t
    chunks = sum(len(d.chunks) for d in docs)
    info = {"source": str(source), "files": len(files), "documents": len(docs), "failed": failed,
            "pages": sum(len(d.pages) for d in docs), "chunks": chunks, "parse_s": parse_s, "embed_s": embed_s,
            "embed_chunks_per_s_one_off": chunks / embed_s if embed_s else 0.0,
            "bodies": sorted({d.body for d in docs if d.body})}
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump((out, info), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return out, info


def load() -> dict:
    """The machine's load while measuring (shared with other agents)."""
    up = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return {"loadavg": [round(x, 2) for x in os.getloadavg()], "uptime": up}


def reply_check(kind: str, f, admits: int):
    """What a reply must hold to be timed as a success: an answer for an ask, results for a
    search (with the filter: when it admits any of the ``admits`` chunks), and with the filter
    only results it admits. So a broken filter, or a server that answers fast with nothing,
    fails the run instead of looking fast."""

    def ask(body: dict) -> str | None:
        ok = isinstance(body.get("answer"), str) and isinstance(body.get("citations"), list)
        return None if ok else f"no answer/citations in {str(body)[:120]}"

    def search(body: dict) -> str | None:
        results = body.get("results") or []
        if kind == "search_f" and not admits:
            return f"{len(results)} results where the filter admits none" if results else None
        if not results:
            return "no results"
        if kind != "search_f":
            return None
        wrong = [r for r in results if f.body.lower() not in (r.get("body") or "").lower()
                 or not (f.date_from <= (r.get("meeting_date") or "") <= f.date_to)]
        return f"{len(wrong)} results outside {f}: {wrong[0].get('body')} {wrong[0].get('meeting_date')}" if wrong else None

    return ask if kind.startswith("ask") else search


# --- building and measuring ---------------------------------------------------------------------


class ScaleBench:
    def __init__(self, args, store_dir: Path, chroma_url: str | None):
        from assistant.embeddings import make_embedder
        from assistant.retrieve.hybrid import Retriever
        from assistant.settings import get_settings
        from assistant.store import Store

        self.args, self.store_dir, self.chroma_url = args, store_dir, chroma_url
        index = {"chroma_url": chroma_url} if chroma_url else {}
        self.settings = get_settings(args.preset, store=store_dir, index=index,
                                     embedding={"cache_dir": args.cache / "models"})
        self.embedder = make_embedder(self.settings.embedding, self.settings.model_cache())
        self.sources, self.source_info = source_documents(args.source, self.settings, self.embedder, args.cache)
        if not self.sources:
            raise SystemExit(f"nothing parsable under {args.source}")
        self.store = Store(self.settings, self.embedder)
        self.tstore = Timed(self.store, STORE_CALLS)
        self.tembed = Timed(self.embedder, ["embed_query"])
        self.retriever = Retriever(self.tstore, self.tembed, self.settings.retrieval)
        self.retriever.parallel = False  # parts one after another, so each is timed alone
        # a quick store holds a dozen replicas: two bodies, so some filters admit some of them
        self.maker = CopyMaker(seed=0, bodies=ARCHIVE_BODIES[:2] if args.quick else ARCHIVE_BODIES)
        import random

        self.rows = pick_queries(load_gold(ARCHIVE_GOLD), args.questions)
        frng = random.Random(7)
        self.filters = [query_filters(i, frng, self.maker.bodies) for i in range(len(self.rows))]
        self.count = self.replicas = 0
        if args.reuse:  # an earlier run's store: only what it lacks is written
            self.count = self.store.count()

    def grow(self, target: int) -> dict:
        """Replicas through ``Store.add`` until the store holds ``target`` chunks (only the adds are timed)."""
        secs, chunks, pages = 0.0, 0, 0
        if self.args.reuse and self.count < target:  # replica ids restart at 0: growing would collide
            raise SystemExit(f"--reuse: {self.store_dir} holds {self.count:,} chunks, fewer than {target:,}")
        while self.count < target:
            doc, vecs = self.sources[self.replicas % len(self.sources)]
            self.replicas += 1
            remaining = target - self.count
            copy = self.maker.copy(doc, remaining if len(doc.chunks) > remaining else None)
            t = time.perf_counter()
            self.store.add(copy, vecs[: len(copy.chunks)])
            secs += time.perf_counter() - t
            self.count += len(copy.chunks)
            chunks += len(copy.chunks)
            pages += len({p for c in copy.chunks for p in (c.pages or [c.page])})
        return {"chunks": chunks, "pages": pages, "seconds": secs, "chunks_per_s": chunks / secs if secs else 0.0,
                "pages_per_s": pages / secs if secs else 0.0, "documents": self.replicas}

    def parts(self) -> dict:
        """Library timings on this store: the matrix cache built from scratch, then each part of
        ``Retriever.search`` (k=8) without and with the filter, run one after another (the
        server runs the keyword lookup beside the embedding and dense lookup)."""
        from assistant.store.dense import VectorCache

        t = time.perf_counter()
        snap = VectorCache(self.store.catalog, self.store.index, self.settings.embedding.dim).snapshot(
            self.store.generation())
        out = {"matrix_build_s": time.perf_counter() - t, "matrix_mb": mb(snap.matrix.nbytes + snap.inv_norm.nbytes)}
        del snap
        self.store.warm()
        for row in self.rows[:3]:
            self.retriever.search(row["q"], self.filters[0])
        for key, flts in (("search", [None] * len(self.rows)), ("search_f", self.filters)):
            times: dict[str, list[float]] = {n: [] for n in ("total", "embed_query", "dense", "keyword", "fusion")}
            for row, f in zip(self.rows, flts):
                self.tstore.reset()
                self.tembed.reset()
                t = time.perf_counter()
                self.retriever.search(row["q"], f)
                total = (time.perf_counter() - t) * 1000
                parts = {n: s * 1000 for n, s in self.tstore.t.items()}
                embed = self.tembed.t["embed_query"] * 1000
                for name, value in (("total", total), ("embed_query", embed), ("dense", parts["dense"]),
                                    ("keyword", parts["keyword"]), ("fusion", total - embed - sum(parts.values()))):
                    times[name].append(value)
            out[key] = {n: summary(v) for n, v in times.items()}
        return out

    def http(self, chroma_pid: int | None) -> dict:
        """Ask and search over HTTP against a warmed ``serve``, then its RSS."""
        import httpx

        env = {"MEETINGPACK_CHROMA_URL": self.chroma_url} if self.chroma_url else {}
        log = self.store_dir.parent / f"{self.store_dir.name}-server.log"
        with Server(self.store_dir, log, preset=self.args.preset, env=env, start_timeout_s=900) as srv:
            if srv.failed:
                return {"failed": srv.failed}
            out: dict = {"startup_s": srv.startup_s, "errors": 0, "error_samples": []}
            with httpx.Client(timeout=120) as client:
                warm = self.rows if self.args.repeat > 1 else self.rows[:3]
                for row in warm:  # warm: tokenizer, SQLite pages, first-call paths
                    client.post(srv.base + "/api/ask", json={"question": row["q"]})
                    client.get(srv.base + "/api/search", params={"q": row["q"], "k": 8})
                calls = {
                    "ask": lambda q, f: ("POST", "/api/ask", {"json": {"question": q}}),
                    "ask_f": lambda q, f: ("POST", "/api/ask", {"json": {"question": q, "filters": {
                        "body": f.body, "from": f.date_from, "to": f.date_to}}}),
                    "search": lambda q, f: ("GET", "/api/search", {"params": {"q": q, "k": 8}}),
                    "search_f": lambda q, f: ("GET", "/api/search", {"params": {
                        "q": q, "k": 8, "body": f.body, "from": f.date_from, "to": f.date_to}}),
                }
                for key, make in calls.items():
                    lat = []
                    for row, f, n in list(zip(self.rows, self.filters, self.admits)) * self.args.repeat:
                        method, path, kw = make(row["q"], f)
                        ms, ok, detail = timed_request(client, method, srv.base + path, reply_check(key, f, n), **kw)
                        lat.append(ms)
                        if not ok:
                            out["errors"] += 1
                            out["error_samples"] = (out["error_samples"] + [detail])[:3]
                    out[key + "_ms"] = summary(lat)
            out["rss_mb"] = mb(tree_rss(srv.proc.pid))
            out["hwm_mb"] = mb(proc_status(srv.proc.pid).get("VmHWM", 0))
        if chroma_pid:
            out["chroma_rss_mb"] = mb(tree_rss(chroma_pid))
        return out

    def admitted(self) -> list[int]:
        """How many chunks each query's filter admits (SQL, the slow path's semantics)."""
        with self.store.catalog.lock:
            return [self.store.catalog.conn.execute(f"SELECT count(*) FROM chunks c WHERE {where}", params).fetchone()[0]
                    for where, params in (f.to_sql("c") for f in self.filters)]

    def measure(self, size: int, chroma: ChromaServer | None) -> dict:
        before = load()
        entry = {"size": size, "write": self.grow(size), "load_before": before}
        entry["chunks_catalog"], entry["chunks_vectors"] = self.store.count(), self.store.index.count()
        entry["disk_mb"] = mb(disk_bytes(self.store_dir) + (disk_bytes(chroma.path) if chroma else 0))
        entry["catalog_mb"] = mb(os.path.getsize(self.store_dir / CATALOG_FILE))
        self.admits = self.admitted()
        entry["filter_admits"] = self.admits
        entry["filter_share"] = sum(self.admits) / len(self.admits) / max(1, self.count)
        print(f"  {size:,} chunks written at {entry['write']['chunks_per_s']:.0f} chunks/s; library parts …",
              file=sys.stderr, flush=True)
        entry["parts"] = self.parts()
        print("  server over HTTP …", file=sys.stderr, flush=True)
        entry["http"] = self.http(chroma.proc.pid if chroma else None)
        entry["load_after"] = load()
        return entry


def run(args, argv: list[str]) -> dict:
    started, up = time.perf_counter(), load()
    with tempfile.TemporaryDirectory(prefix="meetingpack-scale-") as tmp, contextlib.ExitStack() as stack:
        store_dir = args.store or Path(tmp) / "store"
        if store_dir.exists() and not (args.reuse and args.store):
            shutil.rmtree(store_dir)
        store_dir.parent.mkdir(parents=True, exist_ok=True)
        chroma = None
        if args.chroma_server:
            chroma_dir = store_dir.parent / (store_dir.name + "-chroma-server")
            if not (args.reuse and args.store):  # a reused store's vectors are in its server's folder
                shutil.rmtree(chroma_dir, ignore_errors=True)
            chroma = stack.enter_context(ChromaServer(chroma_dir, store_dir.parent / f"{store_dir.name}-chroma.log"))
        bench = ScaleBench(args, store_dir, chroma.url if chroma else None)
        stack.callback(bench.store.close)
        report = {"mode": "chroma-server" if chroma else "embedded", "when": time.strftime("%Y-%m-%d %H:%M"),
                  "machine": f"{os.cpu_count()} cores", "command": " ".join(["python -m eval.bench_scale", *argv]),
                  "source": bench.source_info, "bodies": bench.maker.bodies, "questions": len(bench.rows), "repeat": args.repeat,
                  "load_start": up, "sizes": []}
        for size in args.sizes:
            print(f"growing to {size:,} chunks …", file=sys.stderr, flush=True)
            report["sizes"].append(bench.measure(size, chroma))
    report["load_end"], report["total_s"] = load(), time.perf_counter() - started
    return report


def main(argv=None) -> int:
    from eval import scaling_report

    args = parse_args(argv)
    env_offline()
    args.out.mkdir(parents=True, exist_ok=True)
    report = run(args, list(sys.argv[1:] if argv is None else argv))
    path = args.out / "scaling.json"
    runs = json.loads(path.read_text()) if path.exists() else {}
    runs[report["mode"]] = report
    path.write_text(json.dumps(runs, indent=2, default=str) + "\n")
    md = scaling_report.markdown(runs)
    (args.out / "scaling.md").write_text(md)
    scaling_report.chart(runs, args.out / "scaling.png")
    print(md)
    print(f"wrote {path}, scaling.md, scaling.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
