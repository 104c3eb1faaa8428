"""Tables, verdicts and the plot for ``eval/bench_scale.py``'s ``scaling.json``.

Kept apart from the bench so a report can be redrawn without rebuilding a store
(``python -m eval.scaling_report``). ``runs`` is ``{"embedded": report, "chroma-server": report}``.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from eval.bench_common import RESULTS, TARGET_CHUNKS, TARGETS

# each row: (label, getter on one size entry); the test checks every one is a number at every size
METRICS = {
    "write chunks/s": lambda e: e["write"]["chunks_per_s"],
    "write pages/s": lambda e: e["write"]["pages_per_s"],
    "disk MB": lambda e: e["disk_mb"],
    "server RSS MB": lambda e: e["http"]["rss_mb"],
    "ask p50 ms": lambda e: e["http"]["ask_ms"]["p50"],
    "ask p95 ms": lambda e: e["http"]["ask_ms"]["p95"],
    "ask+filter p95 ms": lambda e: e["http"]["ask_f_ms"]["p95"],
    "search p95 ms": lambda e: e["http"]["search_ms"]["p95"],
    "search+filter p95 ms": lambda e: e["http"]["search_f_ms"]["p95"],
    "keyword ms (mean)": lambda e: e["parts"]["search"]["keyword"]["mean"],
    "dense ms (mean)": lambda e: e["parts"]["search"]["dense"]["mean"],
    "fusion+rest ms (mean)": lambda e: e["parts"]["search"]["fusion"]["mean"],
    "matrix build s": lambda e: e["parts"]["matrix_build_s"],
    "matrix MB": lambda e: e["parts"]["matrix_mb"],
}
# the parts the issue says must not grow worse than linearly
LINEAR = ["keyword ms (mean)", "dense ms (mean)", "fusion+rest ms (mean)", "matrix build s", "matrix MB"]


def value(entry: dict, name: str) -> float | None:
    try:
        return float(METRICS[name](entry))
    except (KeyError, TypeError):
        return None


def _fmt(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.1f}" if abs(x) >= 1 else f"{x:.2f}"


def table(report: dict) -> str:
    sizes = report["sizes"]
    head = ["metric", *[f"{e['size']:,}" for e in sizes]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in METRICS:
        lines.append(f"| {name} | " + " | ".join(_fmt(value(e, name)) for e in sizes) + " |")
    if any("chroma_rss_mb" in e["http"] for e in sizes):
        lines.append("| Chroma server RSS MB | " + " | ".join(_fmt(e["http"].get("chroma_rss_mb")) for e in sizes) + " |")
    lines.append("| chunks stored (catalogue / Chroma) | " + " | ".join(
        f"{e['chunks_catalog']:,} / {e['chunks_vectors']:,}" for e in sizes) + " |")
    lines.append("| filter admits (share) | " + " | ".join(f"{e['filter_share']:.1%}" for e in sizes) + " |")
    lines.append("| HTTP errors | " + " | ".join(str(e["http"].get("errors", "n/a")) for e in sizes) + " |")
    lines.append("| load 1-min before/after | " + " | ".join(
        f"{e['load_before']['loadavg'][0]:.1f}/{e['load_after']['loadavg'][0]:.1f}" for e in sizes) + " |")
    return "\n".join(lines)


def growth(report: dict, name: str) -> float | None:
    """Log-log slope between the smallest and largest size: 1 is linear, above 1 worse."""
    pts = [(e["size"], value(e, name)) for e in report["sizes"]]
    pts = [(s, v) for s, v in pts if v and v > 0]
    if len(pts) < 2 or pts[0][0] == pts[-1][0]:
        return None
    (s0, v0), (s1, v1) = pts[0], pts[-1]
    return math.log(v1 / v0) / math.log(s1 / s0)


def judge(report: dict) -> list[dict]:
    """Verdicts at the largest size (the issue's targets are at 100k chunks)."""
    top = report["sizes"][-1]
    at = f"at {top['size']:,} chunks" + ("" if top["size"] >= TARGET_CHUNKS else " (below the 100k the target names)")
    rss = value(top, "server RSS MB") or 0.0
    rss_label = "server RSS MB"
    if "chroma_rss_mb" in top["http"]:
        rss, rss_label = rss + top["http"]["chroma_rss_mb"], "server + Chroma server RSS MB"
    checks = [("extractive ask p95 ms", value(top, "ask p95 ms"), TARGETS["ask_p95_ms"]),
              ("extractive ask+filter p95 ms", value(top, "ask+filter p95 ms"), TARGETS["ask_p95_ms"]),
              ("filtered search p95 ms (HTTP)", value(top, "search+filter p95 ms"), TARGETS["search_f_p95_ms"]),
              (rss_label, rss, TARGETS["rss_mb"])]
    out = [{"name": f"{n} {at}", "value": v, "limit": lim,
            "verdict": "n/a" if v is None else "PASS" if v <= lim else "MISS"} for n, v, lim in checks]
    for name in LINEAR:
        slope = growth(report, name)
        out.append({"name": f"{name}: growth exponent {report['sizes'][0]['size']:,}→{top['size']:,}",
                    "value": slope, "limit": 1.15,
                    "verdict": "n/a" if slope is None else "PASS" if slope <= 1.15 else "MISS"})
    return out


def markdown(runs: dict) -> str:
    md = ["# Scaling benchmark", ""]
    for mode, report in runs.items():
        src = report["source"]
        md += [f"## {mode} Chroma, {report['when']} ({report['machine']})", "",
               f"`{report['command']}` — {src['documents']} documents ({src['pages']} pages, {src['chunks']} chunks) "
               f"from `{src['source']}` replicated under new ids, {len(report['bodies'])} bodies and dates over 10 years; "
               f"{report['questions']} questions from archive-dev"
               + (f", asked {report['repeat']} times over after a pass to warm" if report.get("repeat", 1) > 1 else "")
               + ". Latencies over HTTP against `meetingpack serve` "
               "(search: `GET /api/search?k=8`, facets over 60); parts (keyword, dense, fusion, matrix) in the "
               f"bench process. Load at start: `{report['load_start']['uptime']}`; total {report['total_s']:.0f} s.",
               "", table(report), "", "| target | measured | verdict |", "|---|---|---|"]
        for v in judge(report):
            shown = (f"{v['value']:.2f} (≤ {v['limit']:.2f})" if "exponent" in v["name"] and v["value"] is not None
                     else f"{_fmt(v['value'])} (≤ {_fmt(v['limit'])})")
            md.append(f"| {v['name']} | {shown} | {v['verdict']} |")
        md.append("")
    return "\n".join(md)


def chart(runs: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [("write chunks/s", ["write chunks/s"], None), ("disk MB", ["disk MB"], None),
              ("server RSS MB", ["server RSS MB"], TARGETS["rss_mb"]),
              ("ask ms (HTTP)", ["ask p50 ms", "ask p95 ms", "ask+filter p95 ms"], TARGETS["ask_p95_ms"]),
              ("search p95 ms (HTTP)", ["search p95 ms", "search+filter p95 ms"], TARGETS["search_f_p95_ms"]),
              ("keyword / dense / fusion ms", ["keyword ms (mean)", "dense ms (mean)", "fusion+rest ms (mean)"], None),
              ("matrix cache build s", ["matrix build s"], None), ("matrix cache MB", ["matrix MB"], None)]
    fig, axes = plt.subplots(2, 4, figsize=(20, 9))
    styles = {"embedded": "-", "chroma-server": "--"}
    for ax, (title, names, target) in zip(axes.flat, panels):
        for mode, report in runs.items():
            xs = [e["size"] for e in report["sizes"]]
            for name in names:
                ys = [value(e, name) for e in report["sizes"]]
                ax.plot(xs, [y if y is not None else float("nan") for y in ys], "o" + styles.get(mode, ":"),
                        label=f"{name} ({mode})")
        if target:
            ax.axhline(target, color="grey", ls=":", label="target at 100k")
        ax.set_title(title)
        ax.set_xlabel("chunks in store")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    first = next(iter(runs.values()))
    fig.suptitle(f"meetingpack scaling benchmark ({first['machine']}; python -m eval.bench_scale)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None) -> int:
    out = Path(argv[0]) if argv else RESULTS
    runs = json.loads((out / "scaling.json").read_text())
    (out / "scaling.md").write_text(markdown(runs))
    chart(runs, out / "scaling.png")
    print(markdown(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
