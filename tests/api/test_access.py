"""Roles: API keys, the keyless loopback mode, admin-only writes, redaction, no server paths."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.access import AccessError, check_bind, parse_keys, scoped
from assistant.settings import get_settings
from assistant.store.filters import Filters
from tests.api.access_fixture import AUTHOR_EMAIL, AUTHOR_PHONE, write_pack
from tests.ids import written_id

KEYS = "public:pk,staff:sk,admin:ak"
PACK = written_id(write_pack)
EXEMPT_ITEMS = {"item-4", "item-5"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    from assistant.ingest_service import ingest_paths
    from assistant.store import Store

    root = tmp_path_factory.mktemp("access")
    write_pack(root / "papers")
    store = Store(get_settings("test", store=root / "store"))
    try:
        assert ingest_paths(store, [root / "papers"], progress=False)[0].status == "added"
    finally:
        store.close()
    return root


def _client(store_dir, client=("testclient", 50000), **settings):
    return TestClient(create_app(get_settings("test", store=store_dir / "store", **settings)), client=client)


@pytest.fixture(scope="module")
def client(store_dir):
    with _client(store_dir, api_keys=KEYS) as c:
        yield c


# --------------------------------------------------------------------- keys → roles

def test_parse_keys():
    assert parse_keys("public:K1, staff:K2,admin:K3,staff:K4") == {"K1": "public", "K2": "staff", "K3": "admin",
                                                                    "K4": "staff"}
    assert parse_keys("") == {} and parse_keys(None) == {}


@pytest.mark.parametrize("spec, says", [("root:K", "unknown role 'root'"), ("staff:", "has no key"),
                                        ("staff", "has no key"), ("staff:K,admin:K", "two roles")])
def test_bad_key_lists_say_what_is_wrong(spec, says):
    with pytest.raises(AccessError, match=says):
        parse_keys(spec)


def test_bad_key_list_stops_the_app(tmp_path):
    with pytest.raises(AccessError, match="unknown role"):
        create_app(get_settings("test", store=tmp_path / "s", api_keys="boss:K"))


@pytest.mark.parametrize("headers, items_seen", [
    ({}, "public"), ({"X-API-Key": "pk"}, "public"), ({"X-API-Key": "sk"}, "all"),
    ({"Authorization": "Bearer sk"}, "all"), ({"Authorization": "bearer ak"}, "all"),
])
def test_key_gives_role(client, headers, items_seen):
    items = {it["item_id"] for it in client.get(f"/api/documents/{PACK}", headers=headers).json()["items"]}
    assert bool(items & EXEMPT_ITEMS) is (items_seen == "all")


@pytest.mark.parametrize("headers", [{"X-API-Key": "nope"}, {"Authorization": "Bearer nope"}])
def test_unknown_key_is_401_not_public(client, headers):
    r = client.get("/api/documents", headers=headers)
    assert r.status_code == 401 and r.json()["detail"] == "unknown API key"


def test_keyless_mode_is_staff_on_loopback_only(store_dir):
    with _client(store_dir, client=("127.0.0.1", 40000)) as local:
        items = {it["item_id"] for it in local.get(f"/api/documents/{PACK}").json()["items"]}
        assert items & EXEMPT_ITEMS
    with _client(store_dir, client=("192.168.1.20", 40000)) as remote:  # an app served some other way
        items = {it["item_id"] for it in remote.get(f"/api/documents/{PACK}").json()["items"]}
        assert not items & EXEMPT_ITEMS


@pytest.mark.parametrize("host, ok", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                      ("0.0.0.0", False), ("192.168.1.20", False), ("example.org", False)])
def test_bind_check(host, ok):
    if ok:
        check_bind({}, host)
    else:
        with pytest.raises(AccessError, match="no API keys are configured"):
            check_bind({}, host)
    check_bind({"K": "public"}, host)  # with keys any address is fine


def test_serve_refuses_a_public_address_without_keys(tmp_path, capsys, monkeypatch):
    from api.cli import main

    monkeypatch.delenv("MEETINGPACK_API_KEYS", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--store", str(tmp_path / "s"), "--preset", "test"]) == 2
    err = capsys.readouterr().err
    assert "refusing to serve on 0.0.0.0" in err and "MEETINGPACK_API_KEYS" in err
    assert not (tmp_path / "s").exists()  # refused before anything was opened


def test_keys_from_the_environment(monkeypatch):
    monkeypatch.setenv("MEETINGPACK_API_KEYS", "public:a,admin:b")
    assert parse_keys(get_settings("test").api_keys) == {"a": "public", "b": "admin"}


def test_public_cannot_lift_its_limit():
    assert scoped("public", Filters(public_only=False)).public_only
    assert scoped("public", Filters(body="Cabinet")).body == "Cabinet"
    assert not scoped("staff", Filters()).public_only


# --------------------------------------------------------------------------- writes

def test_only_admin_removes(store_dir, tmp_path):
    import shutil

    shutil.copytree(store_dir / "store", tmp_path / "store")
    with TestClient(create_app(get_settings("test", store=tmp_path / "store", api_keys=KEYS))) as c:
        for headers, status in (({}, 403), ({"X-API-Key": "pk"}, 403), ({"X-API-Key": "sk"}, 403)):
            r = c.delete(f"/api/documents/{PACK}", headers=headers)
            assert r.status_code == status and "only the admin role" in r.json()["detail"]
        assert c.delete("/api/documents/nope", headers={"X-API-Key": "ak"}).status_code == 404
        r = c.delete(f"/api/documents/{PACK}", headers={"X-API-Key": "ak"})
        assert r.status_code == 200 and r.json() == {"document_id": PACK, "removed": True}
        assert c.get("/api/documents", headers={"X-API-Key": "ak"}).json() == []


# ---------------------------------------------------------------- replies to public

def test_no_server_paths_in_document_replies(client, store_dir):
    for headers in ({}, {"X-API-Key": "sk"}):
        for r in (client.get("/api/documents", headers=headers), client.get(f"/api/documents/{PACK}", headers=headers),
                  client.get("/", headers=headers), client.get(f"/documents/{PACK}", headers=headers)):
            assert r.status_code == 200 and str(store_dir) not in r.text and "source_path" not in r.text
    assert client.get("/api/documents").json()[0]["file"] == "2024-03-14 Police and Crime Panel - Agenda Pack.pdf"


def test_public_replies_are_redacted(client):
    query = {"q": "Questions about this report Jo Bloggs"}
    staff = client.get("/api/search", params=query, headers={"X-API-Key": "sk"}).text
    public = client.get("/api/search", params=query).text
    assert AUTHOR_EMAIL in staff and AUTHOR_PHONE in staff
    assert AUTHOR_EMAIL not in public and AUTHOR_PHONE not in public
    assert "[email removed]" in public and "[phone removed]" in public and "Jo Bloggs" in public
    page = client.get(f"/documents/{PACK}/pages/3").text  # HTML too
    assert AUTHOR_EMAIL not in page and "[email removed]" in page


def test_redaction_can_be_turned_off(store_dir):
    with _client(store_dir, api_keys=KEYS, access={"redact_public": False}) as c:
        assert AUTHOR_EMAIL in c.get(f"/api/documents/{PACK}/pages/3").text
