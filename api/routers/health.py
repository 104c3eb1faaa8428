"""GET /healthz: liveness plus what the store holds."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from api.deps import get_store
from assistant.store import Store

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(store: Store = Depends(get_store)) -> dict:
    return {"status": "ok", "documents": len(store.documents()), "chunks": store.count()}
