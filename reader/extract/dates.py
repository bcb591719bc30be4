"""The publication date: from what the page states in its metadata, else from the date it
prints near the headline, else from its address.

In the spirit of htmldate (which trafilatura uses), smaller: structured sources first
(JSON-LD ``datePublished``, publication ``<meta>`` tags, ``itemprop="datePublished"``,
``<time pubdate>``), then dates printed in date-named elements and ``<time>`` elements
around the top of the article ("Last updated: Dec 12, 2025", "16. Mai 2024"), then a
``/2024/05/16/`` in the URL, then a date-modified as the last resort. Dates are checked for
plausibility (no year before 1995, none in the future). Every function returns an ISO 8601
string or None and never raises.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from reader.extract.names import vocabulary, words
from reader.extract.text import norm, strip_controls, text_content
from reader.markup import drop_elements

_EARLIEST = 1995

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero janeiro gennaio januari januar janar stycznia leden tammikuu",
        "february feb februar février fevrier febrero fevereiro febbraio februari luty únor helmikuu",
        "march mar märz maerz mars marzo março marco maart marts mars marca březen maaliskuu",
        "april apr avril abril aprile kwietnia duben huhtikuu",
        "may mai mayo maio maggio mei maj maja květen toukokuu",
        "june jun juni juin junio junho giugno czerwca červen kesäkuu",
        "july jul juli juillet julio julho luglio lipca červenec heinäkuu",
        "august aug août aout agosto augustus sierpnia srpen elokuu",
        "september sep sept septembre septiembre setembro settembre wrzesnia września září syyskuu",
        "october oct oktober octobre octubre outubro ottobre okt października říjen lokakuu",
        "november nov novembre noviembre novembro listopada listopad marraskuu",
        "december dec dezember décembre decembre diciembre dezembro dicembre desember grudnia prosinec joulukuu dez",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_TEXT_DATES = [
    re.compile(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),  # 2024-05-16
    re.compile(rf"(?i)\b(?P<mon>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}\b"),  # May 16, 2024
    # 16 May 2024, 16. Mai 2024, 16 de mayo de 2024
    re.compile(rf"(?i)\b{_DAY}\.?\s+(?:de\s+)?(?P<mon>{_MONTH})\.?,?\s+(?:de\s+)?{_YEAR}\b"),
    re.compile(rf"\b(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.\s?{_YEAR}\b"),  # 16.05.2024
    re.compile(rf"\b{_YEAR}/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)\b"),  # 2024/05/16
    re.compile(rf"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/{_YEAR}\b"),  # 05/16/2024 or 16/05/2024
    re.compile(rf"{_YEAR}\s?年\s?(?P<m>[01]?\d)\s?月\s?(?P<d>[0-3]?\d)\s?日"),  # 2024年5月16日
]
_URL_DATE = re.compile(rf"/{_YEAR}[/-]?(?P<m>[01]\d)[/-]?(?P<d>[0-3]\d)(?:/|[-_.]|$)")

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "article.published",
    "og:published_time", "datepublished", "date_published", "published_date", "publication_date",
    "publish-date", "publishdate", "pubdate", "og:pubdate", "dc.date.issued", "dcterms.issued", "dc.date.created",
    "dcterms.created", "dc.date", "dcterms.date", "date", "citation_publication_date", "citation_date",
    "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "originalpublicationdate",
    "rnews:datepublished", "article.created", "datecreated", "date_created", "created", "release_date", "timestamp",
)  # fmt: skip
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified", "date_modified",
    "last-modified", "dc.date.modified", "dcterms.modified", "lastmod",
)  # fmt: skip
_DATE_WORDS = vocabulary(
    "date", "dateline", "time", "publish", "published", "posted", "post date", "entry date", "pubdate", "timestamp",
    "byline", "meta", "updated", "datum", "fecha", "data", "created",
)  # fmt: skip
_NOT_DATE_WORDS = vocabulary("comment", "related", "footer", "sidebar", "widget", "event", "expir", "deadline")
# How far into the page's text (after the headline) a printed date still belongs to the article.
_NEAR_TOP = 3000


def _plausible(d: date, today: date) -> bool:
    return d.year >= _EARLIEST and d <= today + timedelta(days=1)


def _today() -> date:
    return datetime.now().date()


def iso_date(value: str | None) -> str | None:
    """An ISO 8601 rendering of a date string as pages write it in metadata, or None."""
    if not value:
        return None
    value = norm(value)[:64]
    if not value:
        return None
    candidate = value.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", value) else value
    candidate = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", candidate).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        found = text_date(value)
        return found.isoformat() if found else None
    return parsed.isoformat() if _plausible(parsed.date(), _today()) else None


def text_date(text: str, *, month_first: bool = True) -> date | None:
    """The first plausible date written in ``text`` ("Dec 12, 2025", "16. Mai 2024",
    "2024-05-16", "16.05.2024"); a numeric a/b/yyyy is read month first when ``month_first``
    (a US page) unless that cannot be a date."""
    today = _today()
    best: tuple[int, date] | None = None
    for pattern in _TEXT_DATES:
        for m in pattern.finditer(text[:20_000]):
            d = _from_match(m, month_first)
            if d is not None and _plausible(d, today):
                if best is None or m.start() < best[0]:
                    best = (m.start(), d)
                break
    return best[1] if best else None


def _from_match(m: re.Match[str], month_first: bool) -> date | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        month = _MONTHS.get(groups["mon"].lower().rstrip("."))
        day = int(groups["d"])
    elif groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        month, day = (a, b) if (month_first and a <= 12) or b > 12 else (b, a)
    else:
        month, day = int(groups["m"]), int(groups["d"])
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def structured_date(
    objs: Iterable[dict[str, Any]], article: dict[str, Any] | None, metas: dict[str, str]
) -> str | None:
    """The publication date the page states for machines: the article's JSON-LD, then any
    JSON-LD object's, then the publication <meta> tags."""
    for obj in ([article] if article is not None else []) + list(objs):
        for key in ("datePublished", "dateCreated", "uploadDate"):
            found = iso_date(_first_str(obj.get(key)))
            if found:
                return found
    for key in _PUBLISHED_META:
        found = iso_date(metas.get(key))
        if found:
            return found
    return None


def modified_date(objs: Iterable[dict[str, Any]], metas: dict[str, str]) -> str | None:
    """A last-modified date the page states (a last resort for a page that gives no other)."""
    for obj in objs:
        found = iso_date(_first_str(obj.get("dateModified")))
        if found:
            return found
    for key in _MODIFIED_META:
        found = iso_date(metas.get(key))
        if found:
            return found
    return None


def _first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        return _first_str(value[0])
    return None


def marked_date(root: Any) -> str | None:
    """A date marked up as the publication date: itemprop="datePublished", <time pubdate>."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        prop = (el.get("itemprop") or "").lower()
        if prop in ("datepublished", "datecreated") or (el.tag == "time" and el.get("pubdate") is not None):
            found = iso_date(el.get("content") or el.get("datetime")) or _text_iso(text_content(el))
            if found:
                return found
    return None


def _text_iso(text: str, month_first: bool = True) -> str | None:
    found = text_date(norm(text)[:200], month_first=month_first)
    return found.isoformat() if found else None


def printed_date(candidates: Iterator[Any], *, month_first: bool) -> str | None:
    """The first date printed by a <time> or a date-named element among ``candidates``
    (elements in document order, around the top of the article)."""
    for el in candidates:
        if not isinstance(el.tag, str):
            continue
        names = words(el)
        dated = el.tag == "time" or (names and _DATE_WORDS.search(names) and not _NOT_DATE_WORDS.search(names))
        if not dated:
            continue
        text = norm(text_content(el))
        if el.tag == "time":
            found = iso_date(el.get("datetime")) or _text_iso(text, month_first)
        elif len(text) <= 120:
            found = _text_iso(text, month_first)
        else:
            found = None
        if found:
            return found
    return None


def top_text_date(text: str, *, month_first: bool) -> str | None:
    """A date written in the first characters of the article's text."""
    return _text_iso(text[:_NEAR_TOP], month_first) if text else None


def url_date(url: str | None) -> str | None:
    """A date in the page's address: /2024/05/16/, /2024-05-16-..., /20240516/."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        found = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return found.isoformat() if _plausible(found, _today()) else None


_LD_JSON = re.compile(r"ld\+json", re.I)
_SEARCHED_CHARS = 100_000
_Q = r"(?:\"|\\\"|&quot;|\')"  # a quote as JSON in a script or an attribute writes it
_JSON_PUBLISHED = re.compile(
    rf"{_Q}(?:datePublished|dateCreated|publishDate|publishedDate|published_at|publishedAt|"
    rf"first_publication_date|date_published|publish_date|pubDate|publicationDate){_Q}\s*:\s*{_Q}"
    rf"([0-9][0-9T:.+\-Z ]{{7,34}}){_Q}"
)


def script_date(page: str) -> str | None:
    """A publication date that the page's scripts or data attributes carry as JSON
    ("datePublished": "2024-05-16...", Next.js and CMS payloads), outside JSON-LD."""
    for m in _JSON_PUBLISHED.finditer(page[:3_000_000]):
        found = iso_date(m.group(1))
        if found:
            return found
    return None


def searched_date(page: str, url: str | None) -> str | None:
    """htmldate's search of the whole page (its metadata, its date-named elements, its
    text's date expressions, its URL), for a page that states no publication date of its
    own: the original date, by its extensive search, without its last resort (see
    :func:`_own_date_parser`). (Imported here, when needed: it costs 0.15 s to import.)"""
    if not page:
        return None
    # Its search costs about 0.2 ms a kilobyte: scripts and styles go, and only the first
    # 100 KB of the rest are searched (where a page prints its date).
    page = strip_controls(drop_elements(page, ("script", "style"), keep={"script": _LD_JSON})[:_SEARCHED_CHARS])
    try:
        import htmldate

        with _own_date_parser():
            found = htmldate.find_date(
                page, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d"
            )
    except Exception:  # another library's failure on a hostile page is no date, not a crash
        return None
    return iso_date(found) if isinstance(found, str) else None


_HTMLDATE_LOCK = threading.Lock()


@contextmanager
def _own_date_parser() -> Iterator[None]:
    """htmldate's last resort for a date string is dateparser over every locale it knows
    (0.5 s a call while its patterns compile: 40 % of extraction time on the pages that get
    there); :func:`text_date` reads the same 13 languages Gloss knows, as well on our
    corpus (37 of 56 either way) in microseconds. Put back afterwards: htmldate is
    trafilatura's too.

    Its filter before that parser (``has_date_cue``) goes as well: it reads the month names of
    every dateparser locale, which imports dateparser and keeps ~25,000 lists alive in the
    window's process, lists every full garbage collection walks while the GUI waits (40 ms
    pauses during a refresh). Gloss's parser is cheap enough to ask directly.

    And its last resort (``search_page``) goes: when nothing on the page reads as a date, it
    takes any digits in the markup that could be one (a copyright year, an image's file
    name, a counter), scanning the whole serialised page with a dozen patterns, two thirds
    of the search's time. Measured on 151 pages that got that far, it answered on 77 and was
    right on 1 of the 7 that had a known date: a date that is wrong six times in seven is
    worse than none (the reader then shows the feed's date)."""
    import htmldate.core as core
    import htmldate.extractors as extractors

    replacements = [
        (extractors, "_external_date", _as_datetime),
        (extractors, "has_date_cue", _any_cue),
        (core, "search_page", _no_guess),
    ]
    # A name a later htmldate no longer has is left alone (its search then runs as it is).
    present = [(module, name, new) for module, name, new in replacements if hasattr(module, name)]
    with _HTMLDATE_LOCK:
        originals = [(module, name, getattr(module, name)) for module, name, _ in present]
        for module, name, new in present:
            setattr(module, name, new)
        try:
            yield
        finally:
            for module, name, original in originals:
                setattr(module, name, original)


def _no_guess(htmlstring: str, options: Any) -> None:
    return None


def _any_cue(string: str, min_date: datetime, max_date: datetime) -> bool:
    return True  # text_date decides, and htmldate validates the range of what it finds


def _as_datetime(string: str) -> datetime | None:
    found = text_date(string)
    return datetime(found.year, found.month, found.day) if found else None


def month_first(lang: str | None) -> bool:
    """Whether numeric dates read month first: on US-English pages (and pages that say no
    language); elsewhere day first."""
    if not lang:
        return True
    lang = lang.lower()
    return lang in ("en", "en-us") or lang.startswith("en-us")
