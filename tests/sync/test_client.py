"""The client against the real FreshRSS: pages of ids, batches of contents and edits, long ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from reader.sync import greader
from reader.sync.client import GReaderClient

from .freshrss import Account
from .site import Site

pytestmark = pytest.mark.timeout(900)


def test_pages_and_batches(tmp_path: object, site: Site, account: Account) -> None:
    feed = site.feed(site.prefix(), "many", "Many", 7)
    with GReaderClient(account.api_url, account.user, account.password) as client:
        answer = client.quickadd(feed.url)
        assert answer.stream_id is not None and answer.url == feed.url
        everything = client.item_ids(greader.READING_LIST)
        assert len(everything) == 7
        made = client.requests
        paged = client.item_ids(greader.READING_LIST, page=3)  # continuation: 3 + 3 + 1
        assert paged == everything and client.requests - made == 3

        items = [i for batch in client.items(everything, batch=3) for i in batch]
        assert sorted(i.id for i in items) == sorted(everything)
        assert {i.stream_id for i in items} == {answer.stream_id}
        assert all(i.url and i.url.startswith(site.server.base) for i in items)

        assert client.edit_tag(everything[:5], add=greader.READ, batch=2) == 3
        unread = client.item_ids(greader.READING_LIST, exclude=greader.READ)
        assert sorted(unread) == sorted(everything[5:])
        newest = max(i.crawled_usec for i in items)
        client.mark_all_read(answer.stream_id, newest)
        assert client.item_ids(greader.READING_LIST, exclude=greader.READ) == []
        assert client.item_ids(greader.READING_LIST, since=2_000_000_000) == []  # ot= in the future


def test_the_freshrss_address_or_its_api_address_both_work(tmp_path: Path, account: Account) -> None:
    for n, typed in enumerate((account.url, account.api_url, account.url + "/")):
        lib = Library.open(tmp_path / f"library-{n}", first_run=False)
        try:
            found, _note = lib.add_sync_account(typed, account.user, account.password)
            assert found.api_url == account.api_url
        finally:
            lib.close()
