from assistant.settings import get_settings
from assistant.services import build_services
from eval.metrics import load_gold, holds_evidence
from pathlib import Path
import sys
s = build_services(get_settings(store=sys.argv[1]))
rows=[r for r in load_gold([Path("eval/gold/original.jsonl")]) if r["kind"] not in ("abstain", "unanswerable")]
for fusion, w, rk in [("rrf",0.5,60),("rrf",0.35,60),("rrf",0.25,60),("rrf",0.35,20),("rrf",0.25,10),("weighted",0.3,60),("weighted",0.4,60),("weighted",0.2,60)]:
    s.retriever.settings.fusion=fusion; s.retriever.settings.dense_weight=w; s.retriever.settings.rrf_k=rk
    ranks=[]
    for row in rows:
        hits = s.retriever.search(row["q"], None, k=10)
        ranks.append(next((i for i,h in enumerate(hits) if holds_evidence(h.chunk.text,row["evidence"])), 99))
    print(fusion, w, rk, "@1 %.3f @3 %.3f @5 %.3f @6 %.3f @10 %.3f" % tuple(sum(r<k for r in ranks)/len(ranks) for k in (1,3,5,6,10)))
