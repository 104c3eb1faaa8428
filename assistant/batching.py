"""How an embedder's texts become batches, and how batches share the CPU.

Texts are sorted by length and cut into batches by a token budget (little padding, each
forward pass small enough to stay in cache); both MiniLM backends batch this way.

Batches then run on a small pool of Python threads, each calling torch with ONE intra-op
thread, pulling the next batch as it finishes. Why not torch's own two threads: they meet
at a barrier after every matrix product, so when another process holds a core (the parse
worker, another job) both wait for the slower; independent batches have no barrier, and
torch releases the GIL inside each operator. On the corpus's 945 chunks with both cores
shared this ran at x0.92 the wall of torch's 2 threads, with the same CPU. The pool is
shared by concurrent calls (an ingest embeds file k+1 while file k's last batch runs), so
no core waits at the end of a file. While any batch runs there, torch is kept at one
thread (``one_torch_thread``); a lone batch run elsewhere uses torch's own threads.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor


def length_batches(lengths: Sequence[int], max_rows: int, token_budget: int):
    """Row indices in batches, longest first, each at most ``token_budget`` padded tokens."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    max_rows, start = max(1, int(max_rows)), 0
    while start < len(order):
        longest = lengths[order[start]]
        rows = max(1, min(max_rows, token_budget // max(1, longest)))
        yield order[start : start + rows]
        start += rows


def padded(rows: list[list[int]], pad: int = 0):
    """(ids, attention mask) as long tensors, padded on the right to the longest row."""
    import torch

    batch = torch.full((len(rows), max(len(r) for r in rows)), pad, dtype=torch.long)
    mask = torch.zeros_like(batch)
    for r, row in enumerate(rows):
        batch[r, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[r, : len(row)] = 1
    return batch, mask


class _OneTorchThread:
    """``with one_torch_thread:`` torch runs single-threaded until the last holder leaves.

    ``torch.set_num_threads`` is global to the process: two callers that each saved and
    restored it could leave it at 1 for good, or at 2 while batches run on the pool. A
    count of holders restores the count the first one found when the last one leaves."""

    def __init__(self):
        self._lock = threading.Lock()
        self._holders = 0
        self._saved = 1

    def __enter__(self) -> None:
        import torch

        with self._lock:
            if self._holders == 0:
                self._saved = torch.get_num_threads()
                torch.set_num_threads(1)
            self._holders += 1

    def __exit__(self, *exc) -> None:
        import torch

        with self._lock:
            self._holders -= 1
            if self._holders == 0:
                torch.set_num_threads(self._saved)


one_torch_thread = _OneTorchThread()


class BatchPool:
    """``threads`` Python threads that run batches, shared by every call of one embedder."""

    def __init__(self, threads: int):
        self.threads = max(1, int(threads))
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="embed")
            return self._pool

    def run(self, batches: list, run: Callable[[list[int]], None]) -> None:
        """``run`` each batch; on the pool when there are several and more than one thread,
        else here (a lone batch then has torch's own threads, unless the pool is busy)."""
        if self.threads <= 1 or len(batches) <= 1:
            for idx in batches:
                run(idx)
            return
        with one_torch_thread:
            for future in [self._executor().submit(run, idx) for idx in batches]:
                future.result()


def set_omp_passive() -> None:
    """Idle OpenMP threads sleep instead of spinning (only before torch is first imported).

    With torch's default spin-wait, any other busy process on a 2-core machine makes the
    two intra-op threads wait on each other: measured 1.3k word pieces/s and 42 CPU-s for
    the corpus vs 4.3k and 14 CPU-s with PASSIVE under the same load. Set
    ``OMP_WAIT_POLICY`` yourself to override.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def limit_blas_threads() -> None:
    """numpy's BLAS (OpenBLAS) on one thread, in a process that answers questions.

    Why: its products here are a matrix times one vector (the dense lookup, a question
    against a few sentence vectors), too small to gain from a second core, while its idle
    worker thread spins after every call. In a search at 100k chunks that spinning took
    ~40 ms of CPU, the core the keyword lookup was running on beside it: wall 43 -> 38 ms
    and CPU 83 -> 49 ms a filtered search with one thread. Ingest saw no gain (its
    products run in torch, which has its own threads), so only serving calls this.
    Without threadpoolctl this does nothing; ``OPENBLAS_NUM_THREADS`` set by the user wins."""
    if os.environ.get("OPENBLAS_NUM_THREADS"):
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


def cpu_has_bf16() -> bool:
    """Native bfloat16 matmul (AVX512-BF16 / AMX); emulated bf16 would be slower than fp32."""
    try:
        import torch

        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:  # noqa: BLE001
        return False
