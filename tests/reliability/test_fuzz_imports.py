"""Fuzz, short run, of the parsers that read other programs' files and answers (issue 21): the
Hypothesis JSON and Readwise CSV notes import, the Google Reader API answers of a sync server,
the lenient OPML import. A few hundred inputs of tests/reliability/fuzzing_imports.py raise
nothing but a ReaderError; nothing is timed (the 1 s bound is stress/stress_fuzz.py's
``--imports``). Then the crashes the long run found, each as the input that showed it."""

from __future__ import annotations

import json
import os

import pytest

from reader.errors import ReaderError
from reader.sync import greader
from tests.reliability.fuzzing_imports import IMPORT_KINDS, make_import_input, run_import, seeds

IMPORT_INPUTS = int(os.environ.get("GLOSS_FUZZ_IMPORT_INPUTS", "400"))
SEEDS = seeds()


def test_the_seeds_are_read() -> None:
    for kind, inputs in SEEDS.items():
        for data in inputs:
            run_import(kind, data)  # raises nothing, not even a ReaderError


def test_mutated_imports_and_server_answers_raise_only_reader_errors() -> None:
    crashes, kinds = [], set()
    for index in range(IMPORT_INPUTS):
        kind, data, names = make_import_input(index, SEEDS)
        kinds.add(kind)
        try:
            run_import(kind, data)
        except ReaderError:
            pass
        except Exception as exc:
            crashes.append(f"i#{index} {kind} {'+'.join(names)}: {type(exc).__name__}: {str(exc)[:200]}")
    assert kinds == set(IMPORT_KINDS)
    assert not crashes, crashes


# Found by the import fuzzer (i#230, i#3378, i#4878, i#1358): valid JSON of the wrong shape, a
# number or true where the Google Reader API has a list, raised TypeError, which failed the
# whole sync "unexpectedly" instead of reading the rest of the answer.
@pytest.mark.parametrize("odd", [3.5, 7, True, "feed/1"])
def test_a_subscription_whose_categories_are_not_a_list_is_read_without_folders(odd: object) -> None:
    body = {"subscriptions": [{"id": "feed/1", "url": "https://a.example/rss", "categories": odd}]}
    [feed] = greader.parse_subscriptions(json.dumps(body).encode())
    assert feed.url == "https://a.example/rss" and feed.folders == ()


@pytest.mark.parametrize("odd", [3.5, 7, True, {"href": "https://a.example/a.mp3"}])
def test_an_item_whose_enclosure_is_not_a_list_is_read_without_files(odd: object) -> None:
    item = {"id": "31", "title": "One", "enclosure": odd, "canonical": [{"href": "https://a.example/1"}]}
    [parsed] = greader.parse_items(json.dumps({"items": [item]}).encode())
    assert parsed.id == "31" and parsed.url == "https://a.example/1" and parsed.enclosures == ()


# Found by the import fuzzer: Python's json reads Infinity (an extension), and int() of it overflows.
def test_an_item_crawled_at_infinity_is_read() -> None:
    body = b'{"items": [{"id": "31", "title": "One", "timestampUsec": Infinity, "crawlTimeMsec": "5"}]}'
    [parsed] = greader.parse_items(body)
    assert parsed.crawled_usec == 5000
