"""Ingest speed: the bundled corpus into a fresh temp store with the real MiniLM embedder.

    .venv/bin/python eval/bench_ingest.py [--corpus eval/corpus] [--precision bf16|fp32|st] [--json]
                                          [--scan PDF] [--ocr-pages 3]

Prints pages, seconds, pages/s end to end (model load excluded and shown on its own),
parse+chunk pages/s, the time split (parse, chunk, embed, index), the share of time
outside the embedder, embedding word pieces/s and peak RSS. Target (issue 2): ≥15 pages/s
end to end, parse+chunk ≥60 pages/s, on a 2-core machine.

Then OCR pages/s (issue 13): the first ``--ocr-pages`` pages of a scanned pack read as
ingest reads a page without a text layer (PDFium render + Tesseract), after the corpus run
so neither disturbs the other; and any pages of the corpus itself that were OCRed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCAN = ROOT / "tests" / "fixtures" / "real-pdfs" / "nipissing-agenda-package-2024-03-05-SCANNED.pdf"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as the CLI does; see assistant.embeddings


class _Timer:
    """Wraps a module function and adds its wall time to a bucket."""

    def __init__(self, module, name: str, totals: dict, bucket: str):
        self.module, self.name, self.totals, self.bucket = module, name, totals, bucket
        self.original = getattr(module, name, None)

    def __enter__(self):
        if self.original is None:
            return self
        original, totals, bucket = self.original, self.totals, self.bucket

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[bucket] = totals.get(bucket, 0.0) + time.perf_counter() - t

        setattr(self.module, self.name, timed)
        return self

    def __exit__(self, *exc):
        if self.original is not None:
            setattr(self.module, self.name, self.original)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT / "eval" / "corpus"))
    ap.add_argument("--precision", default=None, help="embedding precision: bf16 (default) | fp32 | st")
    ap.add_argument("--backend", default=None, help="embedding backend: minilm (default) | minilm-int8 | minilm-onnx")
    ap.add_argument("--model-cache", default="/tmp/meetingpack-models",
                    help="where exported ONNX models are kept between runs (the export is not timed)")
    ap.add_argument("--preset", default="default")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--scan", default=str(SCAN), help="a scanned PDF (no text layer) for the OCR rate")
    ap.add_argument("--ocr-pages", type=int, default=3, help="pages of --scan to OCR (0: skip)")
    args = ap.parse_args(argv)

    import ingest.parse as parse_mod
    from assistant.embeddings import make_embedder
    from assistant.ingest_files import discover
    from assistant.ingest_service import ingest_paths
    from assistant.settings import get_settings
    from assistant.store import Store

    with tempfile.TemporaryDirectory(prefix="meetingpack-bench-") as tmp:
        overrides: dict = {"store": tmp}
        emb: dict = {"cache_dir": args.model_cache}
        if args.precision:
            emb["precision"] = args.precision
        if args.backend:
            emb["backend"] = args.backend
        overrides["embedding"] = emb
        settings = get_settings(args.preset, **overrides)
        embedder = make_embedder(settings.embedding, settings.model_cache())

        t = time.perf_counter()
        embedder.embed_documents(["warm up the model"])
        load_s = time.perf_counter() - t
        store = Store(settings, embedder)

        files = list(discover([args.corpus]))
        inner: dict[str, float] = {}
        results = []
        load_before = os.getloadavg()[0]
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        with _Timer(parse_mod, "load_pages", inner, "load"), _Timer(parse_mod, "_chunks", inner, "chunk"):
            results = ingest_paths(store, files, progress=False)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0

        chunks = [c for d in store.documents() for c in store.chunks(store.chunk_ids(d["document_id"]))]
        wordpieces = _wordpieces(embedder, [c.text for c in chunks])
        store.close()

    failed = [r for r in results if r.failed]
    pages = sum(r.pages for r in results)
    parse_total = sum(r.timings.get("parse", 0.0) for r in results)
    embed = sum(r.timings.get("embed", 0.0) for r in results)
    index = sum(r.timings.get("index", 0.0) for r in results)
    chunk = inner.get("chunk", 0.0)
    parse = parse_total - chunk  # load pages + layout + item splitting
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "files": len(results),
        "failed": [f"{r.file}: {r.reason}" for r in failed],
        "pages": pages,
        "chunks": sum(r.chunks for r in results),
        "seconds": round(wall, 2),
        "pages_per_s": round(pages / wall, 1) if wall else None,
        "parse_chunk_pages_per_s": round(pages / parse_total, 1) if parse_total else None,
        "split_s": {
            "parse": round(parse, 2),
            "parse.load_pages": round(inner.get("load", 0.0), 2),
            "chunk": round(chunk, 2),
            "embed": round(embed, 2),
            "index": round(index, 2),
            "other": round(wall - parse_total - embed - index, 2),  # negative = parse overlapped
        },
        "outside_embedder_share": round(1 - embed / wall, 3) if wall else None,
        "embed_wordpieces": wordpieces,
        "embed_wordpieces_per_s": round(wordpieces / embed) if wordpieces and embed else None,
        "model_load_s": round(load_s, 2),
        "embedder": f"{embedder.name} precision={getattr(settings.embedding, 'precision', '?')}"
        + (f" bf16={getattr(embedder, '_bf16', False)}" if embedder.name == "minilm" else ""),
        "peak_rss_mb": round(rss_mb),
        "cpu_s": round(cpu, 2),
        "loadavg_1m_before": round(load_before, 2),
        "threads": _threads(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "ocr": ocr_rate(Path(args.scan), args.ocr_pages, settings.parse, results),
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for r in results:
            print(r.line())
        s = report["split_s"]
        print()
        print(f"pages            {pages} in {report['files']} files ({report['chunks']} chunks)")
        print(f"seconds          {report['seconds']} (model load {report['model_load_s']} s, not included)")
        print(f"pages/s          {report['pages_per_s']}   (target >= 15)")
        print(f"parse+chunk      {report['parse_chunk_pages_per_s']} pages/s   (target >= 60)")
        print(
            f"time split       parse {s['parse']} s (pypdf load {s['parse.load_pages']} s)  chunk {s['chunk']} s"
            f"  embed {s['embed']} s  index {s['index']} s  other {s['other']} s"
        )
        print(f"outside embedder {report['outside_embedder_share']:.1%}   (target <= 20%)")
        if wordpieces:
            print(f"embedding        {wordpieces} word pieces, {report['embed_wordpieces_per_s']} word pieces/s")
        print(f"embedder         {report['embedder']}, torch threads {report['threads']}, OMP_WAIT_POLICY={report['omp_wait_policy']}")
        print(f"peak RSS         {report['peak_rss_mb']} MB")
        print(f"OCR              {ocr_line(report['ocr'])}")
        print(f"cpu seconds      {report['cpu_s']} (load average before the run {report['loadavg_1m_before']};"
              f" other processes on a 2-core machine slow every figure above)")
        for f in report["failed"]:
            print(f"FAILED {f}")
    return 1 if failed else 0


def ocr_rate(scan: Path, pages: int, options, results) -> dict:
    """OCR pages/s: ``pages`` pages of ``scan`` read as ingest reads them, plus the corpus's own OCR."""
    from ingest import ocr

    out: dict = {"corpus_pages": sum(r.report.ocr_pages for r in results if r.report),
                 "corpus_seconds": round(sum(r.report.ocr_seconds for r in results if r.report), 2)}
    if pages <= 0:
        return {**out, "skipped": "--ocr-pages 0"}
    if not ocr.available():
        return {**out, "skipped": f"tesseract missing: {ocr.INSTALL_HINT}"}
    if not scan.is_file():
        return {**out, "skipped": f"no scan at {scan}"}
    result = ocr.ocr_pages(scan.read_bytes(), list(range(1, pages + 1)), dpi=options.ocr_dpi,
                           lang=options.ocr_lang, name=scan.name, progress=False)
    rate = pages / result.seconds if result.seconds else None
    return {**out, "file": scan.name, "pages": pages, "seconds": round(result.seconds, 2),
            "pages_per_s": round(rate, 3) if rate else None, "dpi": options.ocr_dpi,
            "chars": sum(len(t) for t in result.texts.values())}


def ocr_line(o: dict) -> str:
    """The OCR line of the table: the scan's rate, or why it was not measured, and the corpus's OCR."""
    if "skipped" in o:
        head = f"not measured ({o['skipped']})"
    else:
        head = f"{o['pages_per_s']} pages/s ({o['pages']} pages of {o['file']} in {o['seconds']} s at {o['dpi']} dpi)"
    return head + (f"; corpus: {o['corpus_pages']} pages OCRed in {o['corpus_seconds']} s" if o["corpus_pages"] else "")


def _wordpieces(embedder, texts: list[str]) -> int | None:
    """Word pieces the embedder read (either backend's tokenizer), for a per-token speed."""
    if not hasattr(embedder, "_load"):
        return None
    model = embedder._load()
    tok = getattr(model, "tokenizer", None)
    if tok is not None:  # sentence-transformers
        enc = tok(texts, truncation=True, max_length=getattr(embedder, "max_length", 256))
        return sum(len(x) for x in enc["input_ids"])
    return sum(len(e.ids) for e in embedder._tokenizer.encode_batch(texts))  # ONNX: tokenizers


def _threads() -> int | None:
    try:
        import torch

        return torch.get_num_threads()
    except Exception:  # noqa: BLE001
        return None


if __name__ == "__main__":
    sys.exit(main())
