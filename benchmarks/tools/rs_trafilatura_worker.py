"""Runs rs-trafilatura for the extraction benchmark, in rs-trafilatura's own venv.

rs-trafilatura ships a wheel for CPython 3.12 only, so the benchmark (3.11) runs it as a
worker: one JSON request per line on stdin (``{"html": base64, "url": ...}``), one JSON
answer per line on stdout (text, author, date, and the milliseconds the extraction itself
took, timed here so that the pipe costs nothing). Set the venv up with
``benchmarks/tools/setup_peers.sh``.
"""

from __future__ import annotations

import base64
import json
import sys
import time

import rs_trafilatura


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        html = base64.b64decode(request["html"])
        start = time.perf_counter()
        try:
            result = rs_trafilatura.extract_bytes(html, url=request.get("url"))
            answer = {
                "text": result.main_content or "",
                "author": result.author or "",
                "date": result.date or None,
            }
        except Exception as exc:  # a peer's failure on a page is a result, not a crash
            answer = {"text": "", "author": "", "date": None, "error": repr(exc)}
        answer["ms"] = (time.perf_counter() - start) * 1000
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
