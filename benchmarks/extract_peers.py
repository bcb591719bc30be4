"""The extractors the benchmark runs: Gloss, trafilatura (in this process) and
rs-trafilatura (a worker process in its own Python 3.12 venv). Each returns a
:class:`~extract_scoring.Result` and times only the extraction call itself."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract_corpus import Page
from extract_scoring import Result

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RS_PYTHON = ROOT / "bench-data" / "peers" / "rs-trafilatura" / "bin" / "python"


def _names(raw: str) -> list[str]:
    return [a.strip() for a in re.split(r";|,|\band\b|\|", raw or "") if a.strip()]


def run_gloss(page: Page, rules: Sequence[Any] | None = None) -> Result:
    """Gloss's extractor; ``rules`` replaces the shipped site rules (leave-one-site-out)."""
    from reader.extract import extract

    start = time.perf_counter()
    content = extract(page.html, page.url) if rules is None else extract(page.html, page.url, rules=rules)
    ms = (time.perf_counter() - start) * 1000
    blocks = [b.text for b in content.body]
    return Result(
        "\n".join(blocks),
        blocks,
        [f.caption for f in content.figures if f.caption],
        list(content.bylines),
        content.published,
        ms,
    )


def have_trafilatura() -> bool:
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        return False
    return True


def run_trafilatura(page: Page) -> Result:
    import trafilatura

    start = time.perf_counter()
    doc = trafilatura.bare_extraction(page.html, url=page.url, include_comments=False, with_metadata=True)
    ms = (time.perf_counter() - start) * 1000
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    author = (getattr(doc, "author", None) or "") if doc is not None else ""
    date = (getattr(doc, "date", None) or None) if doc is not None else None
    return Result(text, [line for line in text.splitlines() if line.strip()], None, _names(author), date, ms)


class RsTrafilatura:
    """A running rs-trafilatura worker (``benchmarks/tools/rs_trafilatura_worker.py``)."""

    def __init__(self, python: Path) -> None:
        self.proc = subprocess.Popen(
            [str(python), str(HERE / "tools" / "rs_trafilatura_worker.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    @classmethod
    def start(cls) -> RsTrafilatura | None:
        """The worker, or None (with a message) when its venv is missing."""
        python = Path(os.environ.get("GLOSS_RS_TRAFILATURA_PYTHON", RS_PYTHON))
        if not python.exists():
            print(f"rs-trafilatura not found at {python} (benchmarks/tools/setup_peers.sh): skipped", file=sys.stderr)
            return None
        return cls(python)

    def __call__(self, page: Page) -> Result:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {"html": base64.b64encode(page.html).decode("ascii"), "url": page.url}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        text = answer["text"]
        return Result(
            text, [line for line in text.splitlines() if line.strip()], None, _names(answer["author"]), answer["date"],
            answer["ms"],
        )  # fmt: skip

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
