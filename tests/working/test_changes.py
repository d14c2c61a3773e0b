"""`nianbao changes`: a replica's change, fetched over HTTP and ingested, is exactly what the feed lists."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from nianbao.archive import Archive, Fetch
from nianbao.archive.changes import ATOM_NS, changes_since
from nianbao.extractor import extract
from nianbao.extractor.bundle import Bundle
from nianbao.replicas import ReplicaServer
from tests.archive.helpers import nianbao

A = f"{{{ATOM_NS}}}"
SCHEMA = Path(__file__).with_name("atom.rng")


@pytest.fixture(scope="module")
def server(replica_extractions: None) -> Iterator[ReplicaServer]:
    with ReplicaServer(port=0) as running:
        yield running


def crawl(archive: Archive, server: ReplicaServer, urls: list[str], when: datetime) -> list[int]:
    """Fetch each URL through the replicas' proxy, ingest it, extract what is new; the new version ids."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.proxy_url}))
    stored = []
    for url in urls:
        with opener.open(url, timeout=60) as response:
            body, headers = response.read(), dict(response.headers.items())
        result = archive.ingest(Fetch(url=url, status=200, headers=headers, body=body, fetched_at=when,
                                      portal=url.split("/")[2]))
        if result.stored:
            bundle = Bundle(body, headers.get("Content-Type"), url, {k.lower(): v for k, v in headers.items()})
            archive.save_extraction(result.version_id, extract(bundle).to_json())
            stored.append(result.version_id)
    return stored


def atom_problems(root: etree._Element) -> list[str]:
    """What RFC 4287 requires beyond the schema (section 4.1): authors, alternate links, unique ids."""
    problems = []
    entries = root.findall(f"{A}entry")
    if root.find(f"{A}author") is None and any(e.find(f"{A}author") is None for e in entries):
        problems.append("feed without author has an entry without author (4.1.1)")
    for entry in entries:
        if entry.find(f"{A}content") is None and not any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{A}link")
        ):
            problems.append("entry without content lacks an alternate link (4.1.2)")
    ids = [e.findtext(f"{A}id") for e in entries]
    if len(set(ids)) != len(ids):
        problems.append("entry ids repeat")
    return problems


def test_the_feed_lists_exactly_what_a_replica_change_introduced(
    archive: Archive, server: ReplicaServer, tmp_path: Path, capsysbinary: Any
) -> None:
    entries = [e for e in server.manifest() if e.form == "page" and not e.seed][:3]
    urls = [e.document_url for e in entries]
    now = datetime.now(UTC).replace(microsecond=0)
    assert len(crawl(archive, server, urls, now - timedelta(hours=2))) == 3
    mark = now - timedelta(hours=1)
    assert changes_since(archive, mark) == []

    changed = entries[1]
    server.change_report(changed.report_id)
    after = {e.report_id: e for e in server.manifest()}[changed.report_id]
    expected = {k: after.truth.get(k) for k in changed.truth.keys() | after.truth.keys()
                if changed.truth.get(k) != after.truth.get(k)}
    assert expected
    [new_version] = crawl(archive, server, urls, now)

    [change] = changes_since(archive, mark)
    assert (change.version_id, change.url, change.seq, change.new_document) == (new_version, changed.document_url,
                                                                                 2, False)
    assert {c.cell_key: c.new for c in change.cells} == expected
    assert all(c.old == changed.truth.get(c.cell_key) for c in change.cells)

    feed = tmp_path / "changes.atom"
    code, out, err = nianbao(capsysbinary, "changes", "--since", mark.isoformat(), "--atom", str(feed))
    assert (code, err) == (0, "")
    text = out.decode()
    assert "0 new documents, 1 new versions of known documents" in text and changed.document_url in text
    some_key = sorted(expected)[0]
    assert f"{some_key} " in text

    root = etree.parse(str(feed)).getroot()  # well-formed, or this raises
    schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    assert schema.validate(root), schema.error_log
    assert atom_problems(root) == []
    [entry] = root.findall(f"{A}entry")
    assert entry.find(f"{A}link").get("href") == changed.document_url
    assert entry.findtext(f"{A}updated") == now.strftime("%Y-%m-%dT%H:%M:%SZ")
    table = etree.fromstring(entry.findtext(f"{A}content"), etree.HTMLParser())
    listed = {tr.findtext("td[1]"): tr.findtext("td[4]") for tr in table.iter("tr") if tr.find("td") is not None}
    assert listed == {k: "—" if v is None else str(v) for k, v in expected.items()}

    # Everything since before the first crawl: three new documents and the new version.
    code, out, _ = nianbao(capsysbinary, "changes", "--since", (now - timedelta(hours=3)).isoformat(),
                           "--atom", str(feed))
    assert "3 new documents, 1 new versions of known documents" in out.decode()
    root = etree.parse(str(feed)).getroot()
    assert schema.validate(root), schema.error_log
    assert len(root.findall(f"{A}entry")) == 4 and atom_problems(root) == []


def test_an_unextracted_version_is_listed_without_cells(archive: Archive, capsysbinary: Any) -> None:
    when = datetime(2026, 3, 1, tzinfo=UTC)
    for i, body in enumerate((b"one", b"two")):
        archive.ingest(Fetch(url="http://www.example.gov.cn/x.pdf", status=200, headers={}, body=body,
                             fetched_at=when + timedelta(days=i), kind="attachment"))
    code, out, _ = nianbao(capsysbinary, "changes", "--since", "2026-03-02")
    assert code == 0
    assert "new version 2: http://www.example.gov.cn/x.pdf" in out.decode()
    assert "(not extracted yet)" in out.decode()
    code, _, err = nianbao(capsysbinary, "changes", "--since", "yesterday")
    assert code == 2 and "not a date" in err
