"""Child process for the crash tests: writes to a library in a loop until killed.

After each write returns it prints a line ("H <id>" for a highlight, "R <article id>"
for a read flag) and flushes, so the parent knows exactly what was durable before the
SIGKILL.
"""

from __future__ import annotations

import contextlib
import random
import sys
from pathlib import Path

from reader.storage import listdefer
from reader.storage.tiny import TinyStorage
from reader.types import Article, ArticleFilter, Feed, Highlight, TextPosition, TextQuote


def main(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    storage = TinyStorage(root)
    feed_ids = [f"feed{i}" for i in range(4)]
    for fid in feed_ids:
        storage.meta.put_feed(Feed(id=fid, url=f"https://example.org/{fid}.xml", title=fid))
    storage.meta.query_articles(ArticleFilter(limit=1))  # the list index, kept by every write after
    listdefer.FLUSH_EVERY = 0.02  # a batch's parts written often: a kill may come mid-batch or mid-write
    n = 0
    while True:
        # Half the writes come in batches (a refresh's), whose list index parts are written later.
        with storage.meta.batched_writes() if rng.random() < 0.5 else contextlib.nullcontext():
            for _ in range(rng.randint(1, 8)):
                n += 1
                write(storage, rng, seed, n, feed_ids)


def write(storage: TinyStorage, rng: random.Random, seed: int, n: int, feed_ids: list[str]) -> None:
    fid = rng.choice(feed_ids)
    kind = rng.random()
    if kind < 0.4:
        # A refresh's worth of articles, with long summaries so files grow and shrink.
        batch = [
            Article(
                id=f"{fid}-{rng.getrandbits(40):012x}",
                feed_id=fid,
                guid=str(rng.random()),
                title="t" * rng.randint(1, 300),
                summary="s" * rng.randint(0, 3000),
            )
            for _ in range(rng.randint(1, 20))
        ]
        storage.meta.put_articles(fid, batch)
        print("A", batch[0].id, flush=True)
    elif kind < 0.8:
        h = Highlight(
            id=f"h{seed}x{n}",
            article_id=f"{fid}-{n:012x}",
            part="block:0",
            quote=TextQuote("q" * rng.randint(1, 200)),
            position=TextPosition(0, 1),
            note="n" * rng.randint(0, 2000),
        )
        storage.user.put_highlight(h)
        print("H", h.id, flush=True)
    else:
        ids = [a.id for a in storage.meta.iter_articles(fid)]
        if ids:
            aid = rng.choice(ids)
            storage.meta.set_flags(aid, read=True)
            print("R", aid, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
