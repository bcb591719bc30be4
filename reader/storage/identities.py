"""The migration that gives a library written before lasting ids its derived feed and article ids.

Libraries made before :mod:`reader.identity` gave each feed a random id, so an article had a
different id in every library. On the first open by this version (not read-only), each feed is
moved to the id its address derives, with everything that stores its ids:

1. the alias table (old feed id -> new) is written first, in one durable write, so an old
   ``gloss://open/<old feed>-<entry>`` link opens the article at every step after it;
2. per feed: the new feed record, its articles re-keyed in the new shard, its content folders and
   feed HTML moved (:meth:`FileContentStore.move_feed`), its highlights re-keyed (and moved between
   user shards), then the old record and shard removed;
3. the search index (derived data) is removed, to be rebuilt under the new ids;
4. the library is marked as using derived ids.

Each step only copies before it removes, and the plan is a function of the stored feeds
(:func:`reader.storage.migrations.plan_identities`), so a migration killed at any point is finished
by the next open; nothing a user made is lost on the way.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import FeedNotFoundError
from .migrations import IDENTITY_SCHEME, plan_identities, renamed

if TYPE_CHECKING:
    from .tiny import TinyStorage


def migrate_identities(storage: TinyStorage) -> int:
    """Move a library to derived ids (see the module docstring); returns how many feeds moved."""
    meta = storage.meta
    if meta.identity_scheme() == IDENTITY_SCHEME:
        return 0
    feeds = meta.get_feeds()
    plan = plan_identities([(f.id, f.url) for f in feeds])
    if plan:
        meta.put_aliases({**meta.get_aliases(), **plan})
        by_id = {f.id: f for f in feeds}
        for old, new in plan.items():
            _move_feed(storage, by_id[old], new, plan)
        shutil.rmtree(storage.root / "search", ignore_errors=True)
        storage.add_notice(
            f"Gloss gave the library's {len(plan)} feed{'s' if len(plan) != 1 else ''} lasting ids, the same in "
            "every library; links and exports made before still open their articles."
        )
    meta.set_identity_scheme(IDENTITY_SCHEME)
    return len(plan)


def _move_feed(storage: TinyStorage, feed: object, new: str, plan: dict[str, str]) -> None:
    from ..types import Feed

    assert isinstance(feed, Feed)
    meta, old = storage.meta, feed.id
    try:
        meta.get_feed(new)  # moved before a crash, or a second address of the same feed
    except FeedNotFoundError:
        meta.put_feed(replace(feed, id=new))
    articles = [replace(a, id=renamed(a.id, plan), feed_id=new) for a in meta.iter_articles(old)]
    if articles:
        meta.put_articles(new, articles)
    storage.content.move_feed(old, new, lambda aid: renamed(aid, plan))
    storage.user.rename_articles(lambda aid: renamed(aid, plan))
    meta.delete_feed(old)
