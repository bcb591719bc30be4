"""Inputs the fuzzer found that take far too long (quadratic work). Tests never time
anything: each input runs in a child process under a CPU limit (RLIMIT_CPU), which it
exceeds only if the work is pathological; a linear parser needs milliseconds."""

from __future__ import annotations

import subprocess
import sys

import pytest

CPU_LIMIT = 3  # seconds of CPU; the inputs below need ~0.05 s when the work is linear

RUNNER = r"""
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, ({limit}, {limit} + 1))
from reader.errors import ReaderError
{setup}
try:
    {call}
except ReaderError:
    pass
print("DONE")
"""


def run_limited(setup: str, call: str) -> subprocess.CompletedProcess[str]:
    code = RUNNER.format(limit=CPU_LIMIT, setup=setup, call=call)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
# feedparser's style sanitiser is quadratic ('url(url(...': 32 KB cost 4.6 s); fixed in d5b2549.
def test_a_huge_style_attribute_in_a_feed_entry_is_cheap() -> None:
    setup = (
        "from reader.feeds.parse import parse_feed\n"
        "style = 'url(' * 25_000\n"
        'body = (\'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title>\'\n'
        "        '<description>&lt;p style=\"' + style + '\"&gt;hi&lt;/p&gt;</description>'\n"
        "        '</item></channel></rss>').encode()"
    )
    result = run_limited(setup, "parse_feed(body, url='https://news.example.org/feed.xml')")
    assert "DONE" in result.stdout, f"killed by the CPU limit (signal {-result.returncode})"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
# libxml2's HTML parser is quadratic in the attributes of one tag (30,000 cost 3.5 s of CPU);
# reader/extract/parse.py drops them since c700c0a.
def test_a_tag_with_a_hundred_thousand_attributes_is_cheap() -> None:
    setup = (
        "from reader.extract import extract\n"
        "attrs = ' '.join(f'a{i}=\"{i}\"' for i in range(100_000))\n"
        "page = ('<html><body><article><div ' + attrs + '>x</div>'\n"
        "        + '<p>A paragraph long enough to count as the text of an article, really.</p>' * 5\n"
        "        + '</article></body></html>').encode()"
    )
    result = run_limited(setup, "extract(page, 'https://news.example.org/a')")
    assert "DONE" in result.stdout, f"killed by the CPU limit (signal {-result.returncode})"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
# feedparser spends ~50 us of CPU per element: 100,000 nested elements cost 5 s. parse_feed
# refuses a feed nesting past MAX_NESTING before feedparser sees it.
def test_a_feed_nesting_a_hundred_thousand_elements_is_cheap() -> None:
    from reader.errors import ParseError
    from reader.feeds.parse import parse_feed

    deep = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title>'
    with pytest.raises(ParseError, match="nests its elements"):
        parse_feed(deep + b"<x>" * 5000 + b"</x>" * 5000 + b"</item></channel></rss>", url="https://n.example/f")
    setup = (
        "from reader.feeds.parse import parse_feed\n"
        'body = (b\'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title>\'\n'
        "        + b'<x>' * 100_000 + b'deep' + b'</x>' * 100_000 + b'</item></channel></rss>')"
    )
    result = run_limited(setup, "parse_feed(body, url='https://news.example.org/feed.xml')")
    assert "DONE" in result.stdout, f"killed by the CPU limit (signal {-result.returncode})"
