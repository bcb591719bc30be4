"""Every corpus page's extraction as a fingerprint, to show that a refactor of the extractor
changed nothing (or to list exactly the pages a change touched).

    .venv/bin/python benchmarks/tools/extract_fingerprints.py OUT.json            # write
    .venv/bin/python benchmarks/tools/extract_fingerprints.py OUT.json --compare BEFORE.json

A page's fingerprint is the SHA-256 of its ArticleContent (its stored record, as
reader.storage.records maps it, published and warnings included). Reads
``../shared/eval-corpus`` like benchmarks/extract_bench.py.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent))

from extract_corpus import DEFAULT_CORPUS, load  # noqa: E402

from reader.extract import extract  # noqa: E402
from reader.storage.records import content_to_record  # noqa: E402


def fingerprints(corpus: Path) -> dict[str, str]:
    out = {}
    for page in load(corpus):
        content = extract(page.html, page.url)
        data = content_to_record(content) | {"warnings": list(content.warnings)}
        out[f"{page.set}/{page.id}"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    found = fingerprints(DEFAULT_CORPUS)
    Path(argv[1]).write_text(json.dumps(found, indent=0, sort_keys=True))
    if "--compare" in argv:
        before = json.loads(Path(argv[argv.index("--compare") + 1]).read_text())
        changed = sorted(k for k in found if before.get(k) != found[k])
        print(f"{len(found)} pages, {len(changed)} changed" + (": " + ", ".join(changed[:30]) if changed else ""))
        return 1 if changed else 0
    print(f"{len(found)} pages fingerprinted into {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
