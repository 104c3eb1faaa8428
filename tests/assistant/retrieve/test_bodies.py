"""The bodies a question can name are read from the store as it is now, per role."""

from __future__ import annotations

import pytest

from assistant.retrieve.hybrid import Retriever
from assistant.scoped import ScopedStore
from assistant.settings import get_settings
from assistant.store import Store
from tests.assistant.store.test_store import make_doc


@pytest.fixture
def store(tmp_path):
    s = Store(get_settings("test", store=tmp_path / "store"))
    yield s
    s.close()


def test_a_body_added_after_the_first_question_is_recognised(store):
    """A running server reads the bodies once per catalogue generation, not once per
    process: a paper of a new body uploaded after the first question is recognised."""
    store.add(make_doc("panel.pdf", ["The panel noted the report."]))
    retriever = Retriever(store, store.embedder, store.settings.retrieval)
    assert retriever.parse("What did the Harbour Board decide?").body is None
    store.add(make_doc("harbour.pdf", ["The board approved the dredging contract."], body="Harbour Board"))
    assert "Harbour Board" in retriever.bodies()
    assert retriever.parse("What did the Harbour Board decide?").body == "Harbour Board"


def test_a_body_known_only_from_exempt_items_is_not_recognised_for_the_public(store):
    store.add(make_doc("open.pdf", ["The panel noted the report."]))
    store.add(make_doc("closed.pdf", ["Terms of the settlement."], body="Staffing Appeals Board", public=[False]))
    assert "Staffing Appeals Board" in store.bodies()
    public = Retriever(ScopedStore(store, "public"), store.embedder, store.settings.retrieval)
    assert "Staffing Appeals Board" not in public.bodies()
    assert "Police and Crime Panel" in public.bodies()
    assert public.parse("What did the Staffing Appeals Board decide?").body is None
