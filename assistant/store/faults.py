"""Named points in the write path where a crash test can kill this process.

``MEETINGPACK_CRASH_AT=<point>`` makes the process SIGKILL itself on reaching that point
(no cleanup, no ``finally``: what a power cut or ``kill -9`` does). Unset, a point costs
one dict lookup. The points, in write order:

- ``parse``   - a file was parsed, nothing written yet
- ``embed``   - its vectors were computed, nothing written yet
- ``vectors`` - between two batches of the new vectors going into Chroma
- ``commit``  - all new vectors in Chroma, the catalogue transaction not yet committed
- ``delete``  - catalogue switched, between two batches of old vectors being deleted
"""

from __future__ import annotations

import os
import signal

POINTS = ("parse", "embed", "vectors", "commit", "delete")
ENV = "MEETINGPACK_CRASH_AT"


def checkpoint(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
