"""One normal form for the web addresses Gloss compares: feed identities and import matching.

Two addresses that name the same page or feed for a reader get the same :func:`normalize_url`:

- the scheme and host are lower-cased, ``http`` and ``https`` are one (publishers move to
  https, and an annotation made on the http page is about the same article), a leading
  ``www.`` and a default port are dropped, an IDN host is kept in its Unicode form;
- the fragment is dropped (``#comments`` is the same page; a text fragment too);
- tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``...) are dropped and the
  remaining query parameters are sorted, their values kept as written;
- a trailing ``/`` of a path other than ``/`` is dropped, and percent-escapes of characters that
  need none are decoded (``%7E`` is ``~``).

It is a key for comparison, never an address to fetch: the address itself is always kept as the
user or the feed wrote it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "_hs")
_TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "igshid", "yclid", "ref_src", "cmpid", "ocid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING or lowered.startswith(_TRACKING_PREFIXES)


def normalize_url(url: str) -> str:
    """The comparison key of ``url`` (see the module docstring). An address that is not a web
    address (``gloss-sample:``, ``urn:``, garbage) is returned stripped, otherwise unchanged."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return text
    host = parts.hostname.lower().rstrip(".")
    host = host.removeprefix("www.")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k))
    return f"https://{host}{path}" + (f"?{urlencode(query)}" if query else "")
