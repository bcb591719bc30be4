"""Polite HTTP for feeds, article pages and images.

:class:`HttpClient` wraps one synchronous ``httpx.Client`` (thread-safe, so refresh workers
share its connection pool). It sends a real User-Agent, caps response sizes while
streaming, follows redirects itself (so it can tell a permanent move from a temporary
one and stop loops), does conditional GETs, and turns every failure into a
:class:`reader.errors.FetchError` whose message a person understands.

Besides ``http``/``https`` it reads the bundled offline sample through the
``gloss-sample:`` scheme (``gloss-sample:///feed.xml``), which can only ever read files
under ``resources/sample/``.
"""

from __future__ import annotations

import email.utils
import importlib.metadata
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FeedGoneError, FetchError
from . import cancelling
from .decoding import ACCEPT_ENCODING, BoundedDecoder, EncodingRefused, LayerTooLarge

MB = 1024 * 1024
FEED_MAX_BYTES = 10 * MB
PAGE_MAX_BYTES = 5 * MB
IMAGE_MAX_BYTES = 5 * MB
MAX_REDIRECTS = 10
# An unused error or redirect body up to this size is read anyway, to keep its connection.
_DRAIN_MAX_BYTES = 64 * 1024
SAMPLE_SCHEME = "gloss-sample"
_PERMANENT = (301, 308)
_REDIRECTS = (301, 302, 303, 307, 308)
# A Retry-After further away than this is treated as this (a typo must not silence a feed for a year).
MAX_RETRY_AFTER = 7 * 24 * 3600.0


def _version() -> str:
    try:
        return importlib.metadata.version("gloss-reader")
    except importlib.metadata.PackageNotFoundError:
        return "0.1"


USER_AGENT = f"Gloss/{_version()} (+desktop news reader)"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One successful fetch (``not_modified`` when the server said 304; ``body`` is then empty).

    ``permanent_url`` is set when the request was permanently redirected (301/308 from the
    first hop on): the address the caller should store instead of ``url``.
    """

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    not_modified: bool = False
    permanent_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def content_type(self) -> str:
        """The media type without parameters, lowercased (``""`` when absent)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def host_of(url: str) -> str:
    """The host part of a URL, for messages and per-host limits (``"sample"`` for the bundle)."""
    parts = urlsplit(url)
    if parts.scheme == SAMPLE_SCHEME:
        return "gloss-sample"
    return parts.hostname or url


def is_fetchable(url: str) -> bool:
    """Whether :meth:`HttpClient.fetch` accepts this URL's scheme."""
    return urlsplit(url.strip()).scheme.lower() in ("http", "https", SAMPLE_SCHEME)


def resolve_url(base: str | None, href: str) -> str:
    """``href`` resolved against ``base``; understands ``gloss-sample:`` bases too."""
    href = href.strip()
    if not base:
        return href
    if base.startswith(SAMPLE_SCHEME + ":"):
        # urljoin only resolves schemes it knows; borrow http's rules for the bundle.
        joined = urljoin("http://sample.invalid" + urlsplit(base).path, href)
        parts = urlsplit(joined)
        if parts.scheme == "http" and parts.netloc == "sample.invalid":
            rest = parts.path + (f"?{parts.query}" if parts.query else "")
            return f"{SAMPLE_SCHEME}://{rest}"
        return joined
    return urljoin(base, href)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


class HttpClient:
    """Fetches URLs politely; safe to share between threads.

    ``connect_timeout``/``read_timeout``/``total_timeout`` (one whole download) are in
    seconds. ``max_connections`` bounds the pool (refresh adds a per-host limit on top).
    """

    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 20.0,
        total_timeout: float = 60.0,
        user_agent: str = USER_AGENT,
        max_connections: int = 20,
    ) -> None:
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        # httpx's read timeout is per read: a server trickling one byte a second never
        # trips it, so a whole download also has a deadline.
        self.total_timeout = total_timeout
        self.user_agent = user_agent
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
        transport = httpx.HTTPTransport(limits=limits)
        cancelling.install(transport)  # a cancel ends requests that wait for the server
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout, pool=read_timeout + connect_timeout),
            follow_redirects=False,
            # Only what reader.feeds.decoding undoes with a bound (were brotli installed,
            # httpx would offer "br" too, and decode it whole).
            headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            limits=limits,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int = FEED_MAX_BYTES,
        accept: str | None = None,
        cancel: threading.Event | None = None,
    ) -> FetchResult:
        """GET ``url`` following up to 10 redirects.

        Raises :class:`FeedGoneError` on 410 and :class:`FetchError` (``kind`` one of
        ``unsupported_url, timeout, dns, tls, connection, redirect_loop, too_large,
        encoding, rate_limited, http, not_found, cancelled``) on every other failure.
        ``max_bytes`` bounds the body as sent and as decoded (each layer of its
        Content-Encoding). Setting ``cancel`` ends the request within a tenth of a second
        (kind ``cancelled``), also while it waits for the server; nothing of it is returned.
        """
        with cancelling.cancel_scope(cancel):
            scope = cancelling.current_cancel()
            try:
                return self._fetch(url, etag, last_modified, max_bytes, accept)
            except FetchError as exc:
                if scope is not None and scope.is_set() and exc.kind != "cancelled":
                    raise _cancelled(url) from exc
                raise
            except cancelling.RequestCancelled as exc:  # pragma: no cover - httpx wraps it
                raise _cancelled(url) from exc

    def _fetch(
        self, url: str, etag: str | None, last_modified: str | None, max_bytes: int, accept: str | None
    ) -> FetchResult:
        url = url.strip()
        scheme = urlsplit(url).scheme.lower()
        if scheme == SAMPLE_SCHEME:
            from .sample import read_sample  # imports this module: not at the top

            return read_sample(url, max_bytes)
        if scheme not in ("http", "https"):
            raise _unsupported(url)
        headers: dict[str, str] = {}
        if accept:
            headers["Accept"] = accept
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        current = url
        seen = {url}
        permanent_url: str | None = None
        still_permanent = True
        for _hop in range(MAX_REDIRECTS + 1):
            status, resp_headers, body = self._get_once(current, headers, max_bytes)
            if status in _REDIRECTS and "location" in resp_headers:
                target = resolve_url(current, resp_headers["location"])
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    raise FetchError(
                        f"{host_of(current)} redirected to an address Gloss does not follow: {target}",
                        url=url,
                        kind="unsupported_url",
                    )
                if target in seen:
                    raise FetchError(
                        f"The address {url} redirects in a loop (it comes back to {target}).",
                        url=url,
                        kind="redirect_loop",
                    )
                seen.add(target)
                if still_permanent and status in _PERMANENT:
                    permanent_url = target
                else:
                    still_permanent = False
                current = target
                continue
            return self._result(url, current, status, resp_headers, body, permanent_url, etag, last_modified)
        raise FetchError(
            f"The address {url} redirects more than {MAX_REDIRECTS} times; Gloss gave up.",
            url=url,
            kind="redirect_loop",
        )

    def _result(
        self,
        url: str,
        final_url: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        permanent_url: str | None,
        sent_etag: str | None,
        sent_last_modified: str | None,
    ) -> FetchResult:
        host = host_of(final_url)
        if status == 304:
            return FetchResult(
                url,
                final_url,
                status,
                headers,
                b"",
                not_modified=True,
                permanent_url=permanent_url,
                etag=headers.get("etag", sent_etag),
                last_modified=headers.get("last-modified", sent_last_modified),
            )
        if status == 410:
            raise FeedGoneError(
                f"{host} says this address is gone for good (HTTP 410); Gloss stopped polling it.", url=url
            )
        if status in (429, 503) and (status == 429 or "retry-after" in headers):
            wait = parse_retry_after(headers.get("retry-after"))
            when = f" and asked to wait {_human_seconds(wait)}" if wait is not None else ""
            raise FetchError(
                f"{host} is busy or limiting requests (HTTP {status}){when}.",
                url=url,
                status=status,
                kind="rate_limited",
                retry_after=wait,
            )
        if status >= 400 or status < 200:
            raise FetchError(_status_message(host, status), url=url, status=status, kind="http")
        if status in _REDIRECTS:
            raise FetchError(
                f"{host} answered with a redirect (HTTP {status}) that has no target address.",
                url=url,
                status=status,
                kind="http",
            )
        return FetchResult(
            url,
            final_url,
            status,
            headers,
            body,
            not_modified=False,
            permanent_url=permanent_url,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )

    def _get_once(self, url: str, headers: dict[str, str], max_bytes: int) -> tuple[int, dict[str, str], bytes]:
        # A kept-alive connection can turn out dead (closed by the server, or poisoned by the
        # previous reply's surplus bytes) before any answer comes: a GET is idempotent, so it
        # is tried once more on a fresh connection, as browsers and urllib3 do.
        try:
            return self._get_attempt(url, headers, max_bytes)
        except _StaleConnection:
            cancel = cancelling.current_cancel()
            if cancel is not None and cancel.is_set():
                raise _cancelled(url) from None
            return self._get_attempt(url, headers, max_bytes, retry=False)

    def _get_attempt(
        self, url: str, headers: dict[str, str], max_bytes: int, *, retry: bool = True
    ) -> tuple[int, dict[str, str], bytes]:
        host = host_of(url)
        answered = False
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                answered = True
                resp_headers = {k.lower(): v for k, v in response.headers.items()}
                status = response.status_code
                if status in _REDIRECTS or status == 304 or status >= 400:
                    # Error and redirect bodies are unused; don't download big ones. A 304
                    # (no body) or a small declared body is read to its end all the same:
                    # a response closed half-read closes its connection, and a refresh of
                    # 200 feeds answering 304 would then open 200 connections, not 8.
                    declared = resp_headers.get("content-length", "")
                    if status == 304 or (declared.isdigit() and int(declared) <= _DRAIN_MAX_BYTES):
                        for _raw in response.iter_raw():  # undecoded: a small body may be a bomb
                            pass
                    return status, resp_headers, b""
                declared = resp_headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise too_large(url, max_bytes)
                return status, resp_headers, self._read_body(response, url, max_bytes)
        except FetchError:
            raise
        except httpx.TimeoutException as exc:
            limit = self.connect_timeout if isinstance(exc, httpx.ConnectTimeout) else self.read_timeout
            raise FetchError(
                f"The server at {host} did not answer within {_human_seconds(limit)}.", url=url, kind="timeout"
            ) from exc
        except httpx.ConnectError as exc:
            raise _connect_error(url, host, exc) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise _unsupported(url) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            if retry and not answered:
                raise _StaleConnection from exc
            raise FetchError(
                f"The connection to {host} broke before the answer was complete.", url=url, kind="connection"
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"Fetching from {host} failed: {exc}", url=url, kind="connection") from exc
        except ValueError as exc:  # e.g. a URL httpx cannot even represent
            raise FetchError(f"{url} is not a valid address: {exc}", url=url, kind="unsupported_url") from exc

    def _read_body(self, response: httpx.Response, url: str, max_bytes: int) -> bytes:
        """The body, decoded with a bound per layer (see :mod:`reader.feeds.decoding`)."""
        host = host_of(url)
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding"), max_bytes)
        except EncodingRefused as exc:
            raise FetchError(f"The answer from {host} {exc}.", url=url, kind="encoding") from None
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.total_timeout
        try:
            for raw in response.iter_raw():
                if time.monotonic() > deadline:
                    raise FetchError(
                        f"The server at {host} is sending too slowly; Gloss gave up after "
                        f"{_human_seconds(self.total_timeout)}.",
                        url=url,
                        kind="timeout",
                    )
                size += len(raw)
                if size > max_bytes:
                    raise too_large(url, max_bytes)
                chunks.extend(decoder.decode(raw))
            chunks.extend(decoder.finish())
        except LayerTooLarge:
            raise too_large(url, max_bytes) from None
        except zlib.error as exc:
            raise FetchError(
                f"The answer from {host} is damaged (its compression is broken: {exc}).", url=url, kind="encoding"
            ) from None
        body = b"".join(chunks)
        if len(body) > max_bytes:
            raise too_large(url, max_bytes)
        return body


class _StaleConnection(Exception):
    """A reused connection failed before any answer: try once more on a new one."""


def _connect_error(url: str, host: str, exc: httpx.ConnectError) -> FetchError:
    text = str(exc)
    lowered = text.lower()
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            break
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, ssl.SSLError) or "ssl" in lowered or "certificate" in lowered:
        return FetchError(
            f"The secure connection to {host} failed (its certificate could not be verified): {text}",
            url=url,
            kind="tls",
        )
    dns_markers = (
        "name or service not known",
        "nodename nor servname",
        "getaddrinfo",
        "errno -2",
        "errno -3",
        "errno -5",
        "temporary failure in name resolution",
        "no address associated",
    )
    if any(marker in lowered for marker in dns_markers):
        return FetchError(f"The server name {host} could not be found (DNS lookup failed).", url=url, kind="dns")
    if "refused" in lowered:
        return FetchError(f"The server at {host} refused the connection.", url=url, kind="connection")
    return FetchError(f"Could not connect to the server at {host}: {text}", url=url, kind="connection")


def _status_message(host: str, status: int) -> str:
    if status == 404:
        return f"{host} says there is nothing at this address (HTTP 404 Not Found)."
    if status in (401, 403):
        return f"{host} refused access to this address (HTTP {status})."
    if status >= 500:
        return f"The server at {host} had an internal problem (HTTP {status}); it may work again later."
    return f"{host} answered with an error (HTTP {status})."


def too_large(url: str, max_bytes: int) -> FetchError:
    """The error for an answer over ``max_bytes``."""
    return FetchError(
        f"The answer from {host_of(url)} is larger than {max_bytes // MB} MB; Gloss stopped downloading it.",
        url=url,
        kind="too_large",
    )


def _cancelled(url: str) -> FetchError:
    return FetchError(f"Fetching from {host_of(url)} was cancelled.", url=url, kind="cancelled")


def _unsupported(url: str) -> FetchError:
    scheme = urlsplit(url).scheme or "(none)"
    return FetchError(
        f"Gloss only fetches http and https addresses, not {scheme!r}: {url[:200]}",
        url=url,
        kind="unsupported_url",
    )


def _human_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "a while"
    if seconds == int(seconds):
        n = int(seconds)
        return f"{n} second" if n == 1 else f"{n} seconds"
    return f"{seconds:g} seconds"
