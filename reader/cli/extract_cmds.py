"""``gloss extract FILE... [--url URL] [--json]``: run the extractor over saved pages.

Without ``--json`` each page is rendered for reading: title, bylines, date, dateline,
then the body, with photo captions (and credits) marked apart from the text. With
``--json`` each page is one line of JSON (:func:`reader.cli.jsonout.content_json`), in input order.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from .. import ArticleContent, Figure, ReaderError
from .jsonout import content_json

# A page bigger than this is not an article page; reading it would only waste memory.
MAX_FILE_BYTES = 64 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the ``extract`` subcommand."""
    parser = subparsers.add_parser(
        "extract",
        help="extract the article from saved HTML pages",
        description="Print the article extracted from each saved HTML page.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="saved HTML page(s)")
    parser.add_argument("--url", metavar="URL", help="the address the page(s) came from (resolves relative links)")
    parser.add_argument("--json", action="store_true", help="JSON Lines, one object per page, in input order")
    parser.add_argument("--jsonl", action="store_true", dest="json", help=argparse.SUPPRESS)  # the old spelling
    parser.set_defaults(func=handle_extract)


def handle_extract(args: argparse.Namespace, ctx: Any) -> int:
    """Extract every file; a file that cannot be read is reported and the rest still printed."""
    # Here, not at the top: the extractor's import (0.1 s) would slow every other command.
    from reader.extract import extract

    out: TextIO = ctx.out
    err: TextIO = ctx.err
    status = 0
    for index, name in enumerate(args.files):
        try:
            data = _read(Path(name))
            content = extract(data, args.url)
        except ReaderError as exc:
            err.write(f"gloss extract: {name}: {exc}\n")
            status = 1
            continue
        if args.json:
            out.write(json.dumps(content_json(content), ensure_ascii=False) + "\n")
        else:
            if index:
                out.write("\n" + "=" * 72 + "\n\n")
            out.write(render(content, name if len(args.files) > 1 else None))
        for warning in content.warnings:
            err.write(f"gloss extract: {name}: warning: {warning}\n")
    return status


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ReaderError(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; not an article page")
        return path.read_bytes()
    except IsADirectoryError:
        raise ReaderError("is a directory, not a saved page") from None
    except FileNotFoundError:
        raise ReaderError("no such file") from None
    except PermissionError:
        raise ReaderError("permission denied") from None
    except OSError as exc:
        raise ReaderError(f"could not be read ({exc.strerror or exc})") from None


def _figure_line(fig: Figure) -> str:
    text = fig.caption or fig.alt or "(no caption)"
    credit = f"  [credit: {fig.credit}]" if fig.credit else ""
    return f"  [photo] {text}{credit}\n"


def render(content: ArticleContent, source: str | None = None) -> str:
    """A readable plain-text rendering: metadata first, captions marked as [photo]."""
    lines: list[str] = []
    if source:
        lines.append(f"# {source}\n")
    lines.append(f"{content.title or '(no title)'}\n")
    if content.bylines:
        lines.append(f"By: {', '.join(content.bylines)}\n")
    if content.published:
        lines.append(f"Date: {content.published}\n")
    if content.dateline:
        lines.append(f"Dateline: {content.dateline}\n")
    if content.site_name:
        lines.append(f"Site: {content.site_name}\n")
    if content.url:
        lines.append(f"URL: {content.url}\n")
    lines.append("\n")
    for fig in content.figures:
        if fig.position < 0:
            lines.append(_figure_line(fig))
    for n, block in enumerate(content.body):
        prefix = {"heading": "## ", "quote": "> ", "list_item": "- ", "preformatted": "    "}.get(block.type, "")
        lines.append(f"{prefix}{block.text}\n")
        for fig in content.figures_after(n):
            lines.append(_figure_line(fig))
    for fig in content.figures:
        if fig.position >= len(content.body):
            lines.append(_figure_line(fig))
    if not content.body:
        lines.append("(no article text found)\n")
    return "".join(lines)
