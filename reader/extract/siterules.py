"""Site rules as data: ``resources/siterules/*.json``, in the spirit of ftr-site-config.

A rule file is a JSON object::

    {"name": "...", "hosts": ["voanews.com", ...],      # matches the host and its subdomains
     "fingerprint": [XPATH, ...],                       # any match: same CMS served elsewhere
     "body": [XPATH, ...], "title": [...], "byline": [...], "published": [...],
     "dateline": [...], "lead_figure": [...], "caption": [...], "remove": [...]}

Every key but ``name`` is optional; each holds XPath 1.0 expressions tried in order (the
first that matches wins, except ``remove`` where all apply). ``dateline`` and ``caption``
are evaluated relative to the body and to each figure. Rules are read once, from the
package, and a broken file or expression is skipped (it must not take extraction down).

Write ``//B[ancestor::A]``, not ``//A//B``: libxml2 merges the descendants of every match of
``A`` and drops the duplicates, quadratic when matches nest (324 nested ``A`` in a mangled
page cost 0.8 s; the ancestor form, 0.5 ms). A fingerprint is tried on every page of
every other site, so it is written for speed: ``/descendant::div`` (libxml2 builds the
node set of ``//`` first) and a plain ``contains()`` before the costlier whole-token test
(0.44 -> 0.32 ms a page).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree

from ..bundled import site_rules

_KEYS = ("fingerprint", "body", "title", "byline", "published", "dateline", "lead_figure", "caption", "remove")


@dataclass(frozen=True)
class SiteRule:
    """One site's (or one CMS's) extraction rule, expressions compiled."""

    name: str
    hosts: tuple[str, ...]
    fingerprint: tuple[Any, ...] = ()
    body: tuple[Any, ...] = ()
    title: tuple[Any, ...] = ()
    byline: tuple[Any, ...] = ()
    published: tuple[Any, ...] = ()
    dateline: tuple[Any, ...] = ()
    lead_figure: tuple[Any, ...] = ()
    caption: tuple[Any, ...] = ()
    remove: tuple[Any, ...] = ()

    def matches_host(self, host: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def matches_markup(self, root: Any) -> bool:
        return any(_run(x, root) for x in self.fingerprint)


def _run(xpath: Any, node: Any) -> list[Any]:
    try:
        result = xpath(node)
    except etree.XPathError:
        return []
    return result if isinstance(result, list) else []


# The commonest expression of all: elements by a piece of their class ("//*[contains(@class,
# 'share')]"). libxml2 walks the whole tree for each (13 of them were 3-4 ms of a VOA page);
# a rule's are all matched in one walk instead (apply_removals).
_CLASS_CONTAINS = re.compile(r"^//(\*|[a-z][a-z0-9]*)\[contains\(@class, ?'([^']+)'\)\]$")


def class_contains(xpath: Any) -> tuple[str, str] | None:
    """``(tag, piece)`` for an expression of the form ``//tag[contains(@class, 'piece')]``
    (tag ``*`` for any), else None."""
    m = _CLASS_CONTAINS.match(getattr(xpath, "path", ""))
    return (m.group(1), m.group(2)) if m else None


def apply_removals(paths: tuple[Any, ...], root: Any, drop: Callable[[Any], None]) -> None:
    """Drop what each of a rule's ``remove`` expressions selects, in order, each evaluated
    after the drops of those before it (a later one may ask about what is left). The
    class-piece expressions are all matched in one walk first: they ask only about the
    element itself, which no drop changes, and drops only take elements out, so what one
    selects from the first tree is what it would select later plus elements no longer in
    the tree (dropping those again, out of the tree, does nothing)."""
    simple = [(i, found) for i, path in enumerate(paths) if (found := class_contains(path)) is not None]
    matched: dict[int, list[Any]] = {}
    if simple:  # (no walk for a rule without them)
        matched = dict(zip((i for i, _ in simple), _match_classes(root, [f for _, f in simple]), strict=True))
    for i, path in enumerate(paths):
        chosen = matched[i] if i in matched else [el for el in _run(path, root) if hasattr(el, "getparent")]
        for el in chosen:
            drop(el)


# Class strings up to this long have their answers kept for the walk: a page repeats a few
# hundred of them over thousands of elements (a hostile page's unique megabyte classes are
# not kept).
_KEPT_CLASS_CHARS = 200


def _match_classes(root: Any, run: list[tuple[str, str]]) -> list[list[Any]]:
    found: list[list[Any]] = [[] for _ in run]
    pieces_in: dict[str, tuple[int, ...]] = {}  # class string -> which of run's pieces it holds
    any_piece = re.compile("|".join(re.escape(piece) for _tag, piece in run))  # most hold none
    for el in root.iter():
        cls = el.get("class")
        if not cls:
            continue
        which = pieces_in.get(cls)
        if which is None:
            which = tuple(i for i, (_tag, piece) in enumerate(run) if piece in cls) if any_piece.search(cls) else ()
            if len(cls) <= _KEPT_CLASS_CHARS:
                pieces_in[cls] = which
        for i in which:
            tag = run[i][0]
            if tag == "*" or el.tag == tag:
                found[i].append(el)
    return found


def first(paths: tuple[Any, ...], node: Any) -> list[Any]:
    """The result of the first expression that matches anything (empty when none does)."""
    for path in paths:
        found = _run(path, node)
        if found:
            return found
    return []


def _compile(raw: Any) -> tuple[Any, ...]:
    out = []
    for expr in raw if isinstance(raw, list) else []:
        if isinstance(expr, str):
            try:
                out.append(etree.XPath(expr))
            except etree.XPathSyntaxError:
                continue
    return tuple(out)


def _rule(data: Any) -> SiteRule | None:
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        return None
    hosts = tuple(h.lower() for h in data.get("hosts") or () if isinstance(h, str))
    compiled = {key: _compile(data.get(key)) for key in _KEYS}
    return SiteRule(name=data["name"], hosts=hosts, **compiled)


@cache
def load_rules() -> tuple[SiteRule, ...]:
    """Every site rule shipped in ``resources/siterules`` (read once per process)."""
    rules = []
    try:
        folder = site_rules()
        entries = sorted(folder.iterdir(), key=lambda e: e.name)
    except (OSError, ModuleNotFoundError):
        return ()
    for entry in entries:
        if not entry.name.endswith(".json"):
            continue
        try:
            rule = _rule(json.loads(entry.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


def find_rule(root: Any, host: str, rules: Sequence[SiteRule] | None = None) -> SiteRule | None:
    """The rule for this page (among ``rules``, default the shipped ones): by host first,
    then by markup fingerprint."""
    if rules is None:
        rules = load_rules()
    for rule in rules:
        if host and rule.matches_host(host):
            return rule
    for rule in rules:
        if rule.matches_markup(root):
            return rule
    return None
