"""The power-cut child: the real :class:`Library` refreshing feeds from a local server,
saving highlights and editing notes in a loop, until it is killed.

It prints a line only AFTER the call returned (and flushes), so the parent knows what
was durable before the SIGKILL::

    READY                      the library is open
    H <highlight id> <note>    a highlight was saved (with that note)
    E <highlight id> <note>    a note edit is about to be saved (it may or may not land)
    N <highlight id> <note>    that note edit returned
    F <n>                      a refresh returned (n results)

Usage: python -m tests.reliability.powercut_child DATA_DIR SEED
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from reader.errors import ReaderError
from reader.feeds.http import HttpClient
from reader.library import Library


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(root: Path, seed: int) -> None:
    rng = random.Random(seed)
    lib = Library.open(root, first_run=False)
    lib.set_http(HttpClient(connect_timeout=2.0, read_timeout=2.0, total_timeout=5.0))
    say("READY")
    n = 0
    while True:
        n += 1
        roll = rng.random()
        if roll < 0.25:
            feeds = lib.feeds()
            chosen = [rng.choice(feeds).id] if feeds and rng.random() < 0.7 else None
            results = lib.refresh(chosen)
            say(f"F {len(results)}")
            continue
        with_text = [a for a in lib.articles() if a.content_version]
        if roll < 0.65 or not lib.highlights():
            if not with_text:
                continue
            article = rng.choice(with_text)
            content = lib.content(article.id)
            if content is None or not content.content.body:
                continue
            text = rng.choice(content.content.body).text
            words = text.split()
            if len(words) < 3:
                continue
            start = rng.randrange(len(words) - 2)
            quote = " ".join(words[start : start + rng.randint(2, 3)])
            try:
                h = lib.highlight_quote(article.id, quote, note=f"first-{seed}.{n}")
            except ReaderError:
                continue
            say(f"H {h.id} {h.note}")
        else:
            h = rng.choice(lib.highlights())
            note = f"note-{seed}-{n}-" + "x" * rng.randint(0, 400)
            say(f"E {h.id} {note}")
            lib.update_highlight(h.id, note=note)
            say(f"N {h.id} {note}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
