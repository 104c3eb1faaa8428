"""Query benchmark: retrieval and ask latency, index time, disk and server RSS vs archive size.

    .venv/bin/python eval/bench_query.py [--sizes 1000,10000,100000] [--out eval/results]

The sample corpus is parsed with ``ingest.parse_file`` and every chunk embedded once
with the real MiniLM embedder. The archive is then grown to each size by adding copies
of the parsed documents under new ids and file names, eight meeting bodies and meeting
dates spread over ten years (vectors reused), so body and date filters select a real
fraction of it. At each size: index time, retrieval and extractive-ask latency (with and
without a body + date-range filter), store size on disk, and the RSS of a real
``meetingpack serve`` process answering POST /api/ask. The naive LangChain baseline is
measured on the base corpus in the same run. Figures are printed, written to
``bench_query.json`` / ``.md`` and charted in ``scaling.png``; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval.bench_common import (  # noqa: E402
    RESULTS,
    CopyMaker,
    Timed,
    corpus_files,
    disk_bytes,
    ensure_store_vectors,
    env_offline,
    load_gold,
    measure_answerer_process,
    pct,
    pick_queries,
    proc_status,
    query_filters,
    summary,
    wait_for_parser,
)
from eval.bench_query_report import STORE_CALLS, breakdown, chart, judge, tables  # noqa: E402
from eval.bench_server import measure_server  # noqa: E402



def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,100000", help="archive sizes in chunks, comma separated")
    p.add_argument("--out", type=Path, default=RESULTS, help="where the JSON, Markdown and PNG go")
    p.add_argument("--queries", type=int, default=30, help="gold questions per measurement")
    p.add_argument("--server-asks", type=int, default=30, help="POST /api/ask requests per server run")
    p.add_argument("--no-server", action="store_true", help="skip the server RSS measurement")
    p.add_argument("--no-baseline", action="store_true", help="skip the naive LangChain baseline")
    p.add_argument("--store", type=Path, default=None,
                   help="build the scaled store here and keep it (default: a temporary directory)")
    p.add_argument("--replot", action="store_true", help="only redraw scaling.png from --out/bench_query.json")
    p.add_argument("--wait-parser", type=float, default=600.0,
                   help="seconds to wait for ingest.parse_file to exist")
    return p.parse_args(argv)


# --- measurements ---------------------------------------------------------------------


class Bench:
    def __init__(self, args, workdir: Path):
        from assistant.answer.service import Answerer, make_composer
        from assistant.conversation import Conversations
        from assistant.embeddings import make_embedder
        from assistant.retrieve.hybrid import Retriever
        from assistant.settings import get_settings
        from assistant.store import Store

        self.args = args
        self.store_dir = args.store or (workdir / "store")
        if self.store_dir.exists():
            shutil.rmtree(self.store_dir)
        self.settings = get_settings(store=self.store_dir)
        self.embedder = make_embedder(self.settings.embedding, self.settings.model_cache())
        self.store = Store(self.settings, self.embedder)
        self.workarounds: list[str] = []
        if ensure_store_vectors(self.store):
            self.workarounds.append("Store has no vectors(ids) (Retriever._hits calls it): the bench adds one "
                                    "doing collection.get(ids=..., include=['embeddings']).")
        self.tstore = Timed(self.store, [n for n in STORE_CALLS if hasattr(self.store, n)])
        self.tembed = Timed(self.embedder, ["embed_query"])
        self.retriever = Retriever(self.tstore, self.tembed, self.settings.retrieval)
        # the composer the server builds: it reads the store's word statistics (doc_freq, count)
        self.answerer = Answerer(self.settings, self.retriever, make_composer(self.settings, store=self.tstore),
                                 Conversations(self.settings.store))
        self.rows = pick_queries(load_gold(), args.queries)
        frng = random.Random(7)
        self.filters = [query_filters(i, frng) for i in range(len(self.rows))]
        self.docs: list = []
        self.vectors: list[list[list[float]]] = []
        self.count = 0
        self.index_s = 0.0
        self.progress: list[tuple[int, float]] = []  # (chunks, cumulative index seconds)
        self.maker = CopyMaker(seed=0)
        self.copies = 0

    # -- building --

    def load_corpus(self, parse) -> dict:
        files = corpus_files()
        t_parse = t_embed = 0.0
        pages = 0
        self.embedder.embed_query("warm up")  # model load is not ingest time
        for path in files:
            t = time.perf_counter()
            doc = parse(path, self.settings.chunking)
            t_parse += time.perf_counter() - t
            t = time.perf_counter()
            vecs = self.store.embed(doc)
            t_embed += time.perf_counter() - t
            self.docs.append(doc)
            self.vectors.append([list(map(float, v)) for v in vecs])
            pages += len(doc.pages)
        t = time.perf_counter()
        for doc, vecs in zip(self.docs, self.vectors):
            self.store.add(doc, vecs)
        t_index = time.perf_counter() - t
        self.count = sum(len(d.chunks) for d in self.docs)
        self.index_s = t_index
        self.progress.append((self.count, self.index_s))
        return {"files": len(files), "pages": pages, "chunks": self.count, "parse_s": t_parse,
                "embed_s": t_embed, "index_s": t_index, "total_s": t_parse + t_embed + t_index,
                "per_doc_chunks": {d.file: len(d.chunks) for d in self.docs}}

    def grow(self, target: int) -> dict:
        """Add copies until the store holds ``target`` chunks; time only ``store.add``."""
        start_count, start_s = self.count, self.index_s
        t_add = 0.0
        i = 0
        next_note = self.count + 10000
        while self.count < target:
            doc, vecs = self.docs[i % len(self.docs)], self.vectors[i % len(self.docs)]
            i += 1
            remaining = target - self.count
            limit = remaining if len(doc.chunks) > remaining else None
            copy = self.maker.copy(doc, limit)
            t = time.perf_counter()
            self.store.add(copy, vecs[: len(copy.chunks)])
            dt = time.perf_counter() - t
            t_add += dt
            self.count += len(copy.chunks)
            self.index_s += dt
            self.copies += 1
            self.progress.append((self.count, self.index_s))
            if self.count >= next_note:
                rate = (self.count - start_count) / t_add if t_add else 0
                print(f"  … {self.count:>7} chunks, {self.index_s:6.1f} s indexing, {rate:6.0f} chunks/s",
                      file=sys.stderr, flush=True)
                next_note += 10000
        added = self.count - start_count
        return {"added_chunks": added, "stage_s": t_add, "stage_chunks_per_s": added / t_add if t_add else 0.0,
                "cumulative_index_s": self.index_s, "documents": len(self.docs) + self.copies,
                "start_index_s": start_s}

    # -- querying --

    def _selectivity(self) -> float:
        """Mean share of the archive each query filter admits (SQL count over the chunk table)."""
        if not self.count:
            return 0.0
        shares = []
        with self.store.catalog.lock:
            for f in self.filters:
                where, params = f.to_sql("c")
                n = self.store.catalog.conn.execute(f"SELECT count(*) FROM chunks c WHERE {where}", params).fetchone()[0]
                shares.append(n / self.count)
        return sum(shares) / len(shares)

    def measure(self) -> dict:
        k = self.settings.retrieval.k
        load_before = os.getloadavg()[0]
        for row in self.rows[:3]:  # warm: HNSW load, SQLite pages, tokenizer
            self.retriever.search(row["q"], None, k=k)
            self.retriever.search(row["q"], self.filters[0], k=k)
        self.answerer.ask(self.rows[0]["q"])
        res: dict[str, list[float]] = {n: [] for n in ("search", "search_f", "search_f_noembed", "ask", "ask_f")}
        parts: dict[str, dict[str, list[float]]] = {"search": {}, "search_f": {}, "ask": {}, "ask_f": {}}
        hits_f: list[int] = []
        for row, f in zip(self.rows, self.filters):
            q = row["q"]
            for key, flt in (("search", None), ("search_f", f)):
                self.tstore.reset()
                self.tembed.reset()
                t = time.perf_counter()
                hits = self.retriever.search(q, flt, k=k)
                res[key].append((time.perf_counter() - t) * 1000)
                for name, secs in [*self.tstore.t.items(), ("embed_query", self.tembed.t["embed_query"])]:
                    parts[key].setdefault(name, []).append(secs * 1000)
                if flt is not None:
                    res["search_f_noembed"].append(res[key][-1] - self.tembed.t["embed_query"] * 1000)
                    hits_f.append(len(hits))
                    bad = [h for h in hits if h.chunk.body != f.body
                           or not (f.date_from <= (h.chunk.meeting_date or "") <= f.date_to)]
                    if bad:
                        raise RuntimeError(f"filter leak: {bad[0].chunk.chunk_id} for {f}")
            for key, flt in (("ask", None), ("ask_f", f)):
                self.tstore.reset()
                self.tembed.reset()
                t = time.perf_counter()
                self.answerer.ask(q, flt)
                res[key].append((time.perf_counter() - t) * 1000)
                for name, secs in [*self.tstore.t.items(), ("embed_query", self.tembed.t["embed_query"])]:
                    parts[key].setdefault(name, []).append(secs * 1000)
        out = {key: summary(vals) for key, vals in res.items()}
        out["parts_mean_ms"] = {key: {n: sum(v) / len(v) for n, v in p.items()} for key, p in parts.items()}
        out["parts_p95_ms"] = {key: {n: pct(v, 95) for n, v in p.items()} for key, p in parts.items()}
        out["filtered_hits_mean"] = sum(hits_f) / len(hits_f) if hits_f else 0
        out["filter_share"] = self._selectivity()
        out["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        return out

    def server(self) -> dict:
        qs = [r["q"] for r in self.rows][: self.args.server_asks]
        fs = [None if i % 2 == 0 else {"body": f.body, "from": f.date_from, "to": f.date_to}
              for i, f in enumerate(self.filters)][: len(qs)]
        log = (self.args.out / "bench_query_server.log")
        got = measure_server(self.store_dir, qs, log, filters=fs)
        if "failed" in got or not got.get("ok"):
            why = got.get("failed") or f"{got.get('errors')} of {len(qs)} asks failed: {got.get('error_samples')}"
            print(f"  server: {why}; measuring a fresh in-process Answerer instead", file=sys.stderr, flush=True)
            fallback = measure_answerer_process(self.store_dir, qs, fs)
            fallback["server_failure"] = why
            return fallback
        return got


def naive_baseline(embedder, rows: list[dict], workdir: Path) -> dict:
    from eval.systems import NaiveLangChainSystem

    system = NaiveLangChainSystem(corpus_files(), embedder, workdir / "naive")
    system.run(rows[0])  # warm
    lat = [system.run(row).seconds * 1000 for row in rows]
    chunks = system.collection.count()
    return {"ingest_s": system.ingest_seconds, "chunks": chunks, "query_ms": summary(lat)}


def main(argv=None) -> int:
    args = parse_args(argv)
    env_offline()
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    args.out.mkdir(parents=True, exist_ok=True)
    if args.replot:
        chart(json.loads((args.out / "bench_query.json").read_text()), args.out / "scaling.png")
        return 0
    t_start = time.perf_counter()
    parse = wait_for_parser(args.wait_parser)

    with tempfile.TemporaryDirectory(prefix="meetingpack-bench-") as tmp:
        workdir = Path(tmp)
        bench = Bench(args, workdir)
        print("parsing and embedding the corpus …", file=sys.stderr, flush=True)
        base = bench.load_corpus(parse)
        print(f"  {base['files']} files, {base['pages']} pages, {base['chunks']} chunks: parse {base['parse_s']:.1f} s, "
              f"embed {base['embed_s']:.1f} s, index {base['index_s']:.1f} s", file=sys.stderr, flush=True)
        report: dict = {"when": time.strftime("%Y-%m-%d %H:%M"), "machine": f"{os.cpu_count()} cores",
                        "queries": len(bench.rows), "base": base, "sizes": [], "workarounds": bench.workarounds}
        base_build = {"documents": len(bench.docs), "cumulative_index_s": base["index_s"],
                      "stage_chunks_per_s": base["chunks"] / base["index_s"] if base["index_s"] else 0.0,
                      "stage_s": base["index_s"], "added_chunks": base["chunks"]}
        report["sizes"].append({"label": "base", "chunks": bench.count, "build": base_build,
                                "measure": bench.measure(), "disk_bytes": disk_bytes(bench.store_dir)})
        if not args.no_baseline:
            print("naive LangChain baseline …", file=sys.stderr, flush=True)
            report["naive"] = naive_baseline(bench.embedder, bench.rows, workdir)
        for size in sizes:
            if size < bench.count:
                print(f"skip size {size}: the base corpus already has {bench.count} chunks", file=sys.stderr)
                continue
            print(f"growing to {size:,} chunks …", file=sys.stderr, flush=True)
            build = bench.grow(size)
            time.sleep(3)  # let Chroma's background work after the adds settle before timing queries
            t = time.perf_counter()
            entry = {"label": f"{size // 1000}k" if size % 1000 == 0 else str(size), "chunks": bench.count,
                     "build": build, "disk_bytes": disk_bytes(bench.store_dir)}
            print(f"  measuring queries at {bench.count:,} chunks …", file=sys.stderr, flush=True)
            entry["measure"] = bench.measure()
            entry["measure_s"] = time.perf_counter() - t
            if not args.no_server:
                print("  server RSS …", file=sys.stderr, flush=True)
                entry["server"] = bench.server()
            report["sizes"].append(entry)
        report["index_progress"] = bench.progress
        report["bench_rss"] = proc_status()
        report["targets"] = judge(report)
        report["total_s"] = time.perf_counter() - t_start
        bench.store.close()

    args.out.mkdir(parents=True, exist_ok=True)
    table = tables(report)
    parts = breakdown(report)
    print()
    print(table)
    print()
    print("Mean time per store call and query embedding, per search or ask (ms):")
    print(parts)
    for w in report["workarounds"]:
        print(f"\nnote: {w}")
    for r in report["sizes"]:
        sv = r.get("server") or {}
        if sv.get("server_failure"):
            print(f"note: at {r['label']} the server could not be measured ({sv['server_failure'][:300]}); "
                  "RSS is of a fresh process running the same Answerer.")
    loads = [(r["label"], r["measure"]["loadavg_1m"]) for r in report["sizes"]]
    busy = [f"{lab} {max(l):.1f}" for lab, l in loads if max(l) > (os.cpu_count() or 1)]
    if busy:
        print(f"note: the machine was shared while measuring (1-min load average > {os.cpu_count()} cores: "
              f"{', '.join(busy)}); latencies include CPU contention from other processes.")
    print(f"\ntotal bench time {report['total_s']:.0f} s")
    (args.out / "bench_query.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    md = [f"# Query benchmark, {report['when']}", "",
          f"{report['base']['files']} sample PDFs ({report['base']['pages']} pages, {report['base']['chunks']} chunks) "
          f"parsed and embedded once with MiniLM, then re-added as copies under {8} bodies and dates over 10 years. "
          f"{report['queries']} gold questions per measurement; filtered runs use one body + a 3-year date range "
          "(share of the archive each admits in the JSON, `filter_share`). Latencies in ms; index time is "
          "`store.add` only (vectors precomputed). Server RSS from /proc/<pid>/status after the asks.", "",
          table, "", "Mean time per store call and query embedding, per search or ask (ms):", "", parts, ""]
    md += [f"Note: {w}" for w in report["workarounds"]]
    md += [f"Note: at {r['label']} the server could not be measured ({r['server']['server_failure'][:200]}); RSS is of "
           "a fresh process running the same Answerer." for r in report["sizes"] if (r.get("server") or {}).get("server_failure")]
    md += ["Note: 1-min load average while measuring: "
           + ", ".join(f"{r['label']} {r['measure']['loadavg_1m'][0]:.1f}→{r['measure']['loadavg_1m'][1]:.1f}"
                       for r in report["sizes"]) + f" on {os.cpu_count()} cores (other processes share the box)."]
    md += ["", f"Chart: `scaling.png`. Total bench time {report['total_s']:.0f} s.", ""]
    (args.out / "bench_query.md").write_text("\n".join(md))
    chart(report, args.out / "scaling.png")
    print(f"wrote {args.out / 'bench_query.json'}, bench_query.md, scaling.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
