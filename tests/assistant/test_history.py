"""The meeting history's records: a meeting's decisions."""

from assistant import history
from ingest.models import Decision

BODY = "Township of Nipissing Council"


class _Register:
    """A store whose register holds a day's decisions from two sittings' minutes."""

    def decisions(self, filters, q=None):
        rows = [Decision(ref="R2025-148", text="Closed session.", document_id="special", file="s.pdf", page=1),
                Decision(ref="R2025-151", text="Minutes adopted.", document_id="regular", file="r.pdf", page=1)]
        return [Decision(**{**d.__dict__, "body": BODY, "date": "2025-09-02"}) for d in rows]


def _meeting(meeting_id: str) -> dict:
    return {"meeting_id": meeting_id, "body": BODY, "date": "2025-09-02",
            "sources": [{"document_id": "special", "status": "minuted"}]}


def test_a_sittings_page_lists_the_decisions_its_own_papers_record():
    """The special meeting's page listed the regular meeting's resolutions as its own."""
    sitting = history.meeting_decisions(_Register(), _meeting("township-of-nipissing-council-2025-09-02-1730"))
    assert [r["ref"] for r in sitting] == ["R2025-148"]
    day = history.meeting_decisions(_Register(), _meeting("township-of-nipissing-council-2025-09-02"))
    assert [r["ref"] for r in day] == ["R2025-151", "R2025-148"]
