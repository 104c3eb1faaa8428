"""The query benchmark's report: its tables, the per-part breakdown, the targets judged
and the scaling chart (``eval/bench_query.py`` measures; this only renders).

Why apart: the measuring and the rendering change for different reasons; ``--replot``
redraws the chart from a saved report with this alone.
"""

from __future__ import annotations

from pathlib import Path

from eval.bench_common import TARGETS, mb

STORE_CALLS = ["dense", "keyword", "by_refs", "chunks", "vectors", "doc_freq", "count"]


def _pp(s: dict) -> str:
    return f"{s['p50']:.0f} / {s['p95']:.0f}" if s["p50"] >= 10 else f"{s['p50']:.1f} / {s['p95']:.1f}"


def tables(report: dict) -> str:
    lines = []
    head = ["size", "chunks", "docs", "index s (cum)", "chunks/s", "retrieval ms p50/p95",
            "retrieval+filter ms", "same excl. query embed", "ask ms p50/p95", "ask+filter ms", "disk MB", "server RSS / peak MB",
            "HTTP ask ms"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for r in report["sizes"]:
        m, b = r["measure"], r["build"]
        sv = r.get("server") or {}
        rss = (f"{mb(sv['rss']):.0f} / {mb(sv['hwm']):.0f}" + ("" if sv.get("mode") == "server" else " (in-proc)")
               if sv.get("rss") else "n/a")
        http = _pp(sv["ask_ms"]) if sv.get("ask_ms") and sv.get("mode") == "server" else "n/a"
        lines.append("| " + " | ".join([
            str(r["label"]), f"{r['chunks']:,}", str(b["documents"]), f"{b['cumulative_index_s']:.1f}",
            f"{b['stage_chunks_per_s']:.0f}", _pp(m["search"]), _pp(m["search_f"]), _pp(m["search_f_noembed"]), _pp(m["ask"]), _pp(m["ask_f"]),
            f"{mb(r['disk_bytes']):.0f}", rss, http]) + " |")
    lines.append("")
    lines.append("| system (base corpus) | chunks | ingest s | query ms p50/p95 |")
    lines.append("|---|---|---|---|")
    base = report["base"]
    bm = report["sizes"][0]["measure"] if report["sizes"] and report["sizes"][0]["label"] == "base" else None
    if bm:
        lines.append(f"| meetingpack ask (parse+embed+index) | {base['chunks']} | {base['total_s']:.1f} "
                     f"| {_pp(bm['ask'])} |")
        lines.append(f"| meetingpack retrieval only | {base['chunks']} | | {_pp(bm['search'])} |")
    nv = report.get("naive")
    if nv:
        lines.append(f"| naive-langchain (pypdf+split+embed+Chroma) | {nv['chunks']} | {nv['ingest_s']:.1f} "
                     f"| {_pp(nv['query_ms'])} |")
    lines.append("")
    lines.append("| target | measured | verdict |")
    lines.append("|---|---|---|")
    for t in report["targets"]:
        lines.append(f"| {t['name']} | {t['measured']} | {t['verdict']} |")
    return "\n".join(lines)


def breakdown(report: dict) -> str:
    names = ["embed_query", *STORE_CALLS]
    lines = ["| size | search | " + " | ".join(f"{n} ms" for n in names) + " |", "|" + "---|" * (len(names) + 2)]
    labels = {"search": "search", "search_f": "search, filtered", "ask": "ask", "ask_f": "ask, filtered"}
    lines[0] = lines[0].replace("| search |", "| call |")
    for r in report["sizes"]:
        for key, label in labels.items():
            p = r["measure"]["parts_mean_ms"].get(key)
            if p:
                lines.append(f"| {r['label']} | {label} | " + " | ".join(f"{p.get(n, 0):.1f}" for n in names) + " |")
    return "\n".join(lines)


def judge(report: dict) -> list[dict]:
    sized = [r for r in report["sizes"] if r["label"] != "base"]
    if not sized:
        return []
    top = max(sized, key=lambda r: r["chunks"])
    m = top["measure"]
    at = f"at {top['chunks']:,} chunks"
    out = []

    def add(name, value, limit, unit, fmt="{:.0f}"):
        out.append({"name": f"{name} {at}" if "RSS" not in name else name, "value": value, "limit": limit,
                    "measured": f"{fmt.format(value)} {unit} (≤{fmt.format(limit)})",
                    "verdict": "PASS" if value <= limit else "FAIL"})

    add("retrieval p95 with filters", m["search_f"]["p95"], TARGETS["search_f_p95_ms"], "ms", "{:.1f}")
    add("extractive ask p95 (no filter)", m["ask"]["p95"], TARGETS["ask_p95_ms"], "ms")
    add("extractive ask p95 (filtered)", m["ask_f"]["p95"], TARGETS["ask_p95_ms"], "ms")
    peaks = [(r["server"].get("hwm", 0), r) for r in sized if r.get("server") and r["server"].get("hwm")]
    if peaks:
        hwm, r = max(peaks, key=lambda x: x[0])
        mode = "server" if r["server"].get("mode") == "server" else "in-process answerer"
        add(f"{mode} peak RSS (VmHWM) at {r['chunks']:,} chunks", mb(hwm), TARGETS["rss_mb"], "MB")
    return out


def _latency_panel(ax, xs, sized, key, target, title, target_label) -> None:
    """p50/p95 without and with filters (``key`` and ``key + '_f'``) on a log axis."""
    for k, label, style in ((key, "no filter", "-"), (key + "_f", "body + dates", "--")):
        ax.plot(xs, [r["measure"][k]["p50"] for r in sized], "o" + style, color="tab:blue", label=f"p50 {label}")
        ax.plot(xs, [r["measure"][k]["p95"] for r in sized], "s" + style, color="tab:red", label=f"p95 {label}")
    ax.axhline(target, color="grey", ls=":", label=target_label)
    ax.set_title(title)
    ax.set_ylabel("ms (log)")
    ax.set_yscale("log")


def chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sized = [r for r in report["sizes"] if r["label"] != "base"] or report["sizes"]
    xs = [r["chunks"] for r in sized]
    fig, axes = plt.subplots(1, 3, figsize=(16, 5))
    _latency_panel(axes[0], xs, sized, "search", TARGETS["search_f_p95_ms"],
                   "Retrieval latency (hybrid search, k=8)", "target p95 (filtered)")
    _latency_panel(axes[1], xs, sized, "ask", TARGETS["ask_p95_ms"],
                   "Extractive ask latency (Answerer.ask)", "target p95")
    ax = axes[2]
    prog = report.get("index_progress") or []
    if prog:
        ax.plot([p[0] for p in prog], [max(p[1], 1e-3) for p in prog], "-", color="tab:green",
                label="cumulative index time")
    ax.plot(xs, [max(r["build"]["cumulative_index_s"], 1e-3) for r in sized], "o", color="tab:green")
    for r in sized:
        secs = r["build"]["cumulative_index_s"]
        ax.annotate(f"{secs:.0f} s" if secs >= 10 else f"{secs:.1f} s", (r["chunks"], r["build"]["cumulative_index_s"]),
                    textcoords="offset points", xytext=(-10, 8), fontsize=9)
    ax.set_yscale("log")
    ax.set_title("Index time, cumulative (store.add)")
    ax.set_ylabel("seconds")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xlabel("archive size (chunks)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"meetingpack query benchmark, {report['when']} ({report['machine']})")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --- main -------------------------------------------------------------------------------
