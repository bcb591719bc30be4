"""A polite client for the Google Reader API (FreshRSS, Miniflux, Inoreader, The Old Reader).

:class:`GReaderClient` speaks the minimal surface a reader needs: ``accounts/ClientLogin``,
``token``, ``subscription/list|edit|quickadd``, ``tag/list``, ``stream/items/ids`` (all
pages, following ``continuation``), ``stream/items/contents`` and ``edit-tag`` in batches,
and ``mark-all-as-read``. Every answer is parsed by :mod:`reader.sync.greader`.

Polite: one connection, timeouts on connect and read, a size cap on answers, a
``Retry-After`` of up to :data:`MAX_WAIT` seconds waited out (then the request is tried
again), a longer one reported; a rejected action token is renewed once, an expired
sign-in redone once. Every failure is a :class:`reader.errors.SyncError` in words.
``requests`` counts the HTTP requests made (the benchmark prints it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from types import TracebackType
from urllib.parse import quote, urlencode, urljoin, urlsplit

import httpx

from ..errors import SyncAccountError, SyncAuthError, SyncServerError
from ..feeds.http import USER_AGENT, parse_retry_after
from . import greader
from .types import ItemRefsPage, QuickAddResult, ServerFeed, ServerItem, ServerTag

MAX_WAIT = 30.0  # the longest Retry-After waited out; longer ones end the sync, in words
MAX_ANSWER_BYTES = 64 * 1024 * 1024
IDS_PAGE = 10_000  # ids per items/ids page (servers that allow fewer send a continuation)
CONTENTS_BATCH = 250  # items per items/contents request
EDIT_BATCH = 250  # items per edit-tag request
_RETRIES = 3


class Cancelled(Exception):
    """The caller's cancel flag was set (the request in flight, if any, is given up on)."""


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url


def normalise_server_url(url: str) -> str:
    """What the user typed, with a scheme (https:// when none) and no trailing slash."""
    url = url.strip()
    if url and "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SyncAccountError(f"{url!r} is not the web address of a sync server (it must start with http(s)://).")
    return url.rstrip("/")


def api_candidates(server_url: str) -> list[str]:
    """Where the Google Reader API may live for an address the user typed: the address
    itself (Miniflux, Inoreader, or FreshRSS's full API address), then FreshRSS's
    ``/api/greader.php`` under it."""
    url = normalise_server_url(server_url)
    found = [url]
    if not url.endswith("greader.php"):
        found.append(url + "/api/greader.php")
    return found


class GReaderClient:
    """One account's API, over one ``httpx.Client``. Not thread-safe (a sync is one thread)."""

    def __init__(
        self,
        api_url: str,
        user: str,
        password: str,
        *,
        connect_timeout: float = 10.0,
        read_timeout: float = 60.0,
        max_wait: float = MAX_WAIT,
        cancel: threading.Event | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.user = user
        self._password = password
        self.read_timeout = read_timeout
        self.max_wait = max_wait
        self.cancel = cancel or threading.Event()
        self.requests = 0
        self._auth: str | None = None
        self._token: str | None = None
        self._lock = threading.Lock()
        self._in_flight = 0
        self._close_when_done = False
        self._client = httpx.Client(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,
            headers={"User-Agent": user_agent},
        )

    def close(self) -> None:
        with self._lock:
            if self._in_flight:  # a request given up on (Cancel): its thread closes the client when it ends
                self._close_when_done = True
                return
        self._client.close()

    def __enter__(self) -> GReaderClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- HTTP ------------------------------------------------------------------------------------

    def _send(
        self, method: str, path: str, *, params: Sequence[tuple[str, str]] = (), form: Sequence[tuple[str, str]] = ()
    ) -> httpx.Response:
        """One request, with Retry-After waited out; answers with status >= 400 are returned."""
        url = f"{self.api_url}/{path}"
        if params:
            url += "?" + urlencode(list(params), quote_via=quote, safe="/")
        headers = {"Authorization": f"GoogleLogin auth={self._auth}"} if self._auth else {}
        content = None
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            content = urlencode(list(form)).encode("ascii")
        for attempt in range(_RETRIES + 1):
            if self.cancel.is_set():
                raise Cancelled
            self.requests += 1
            response = self._exchange(method, url, headers, content)
            if response.status_code in (429, 503) and "retry-after" in response.headers:
                wait = parse_retry_after(response.headers.get("retry-after"))
                if wait is not None and wait <= self.max_wait and attempt < _RETRIES:
                    if self.cancel.wait(max(wait, 0.0)):
                        raise Cancelled
                    continue
                raise SyncServerError(
                    f"The sync server at {_host(url)} is busy (HTTP {response.status_code}) and asked to wait "
                    f"{_words(wait)}; Gloss will sync when you next ask.",
                    status=response.status_code,
                    retry_after=wait,
                )
            return response
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _exchange(self, method: str, url: str, headers: dict[str, str], content: bytes | None) -> httpx.Response:
        """The request runs on a thread of its own, so that Cancel is answered at once even
        while a server takes its time: the sync stops waiting, and the request's thread ends
        on its own (by the timeout at the latest) and closes the client if it was closed."""
        outcome: list[httpx.Response | BaseException] = []
        done = threading.Event()

        def run() -> None:
            try:
                outcome.append(self._exchange_once(method, url, headers, content))
            except BaseException as exc:  # handed to the waiting thread
                outcome.append(exc)
            finally:
                with self._lock:
                    self._in_flight -= 1
                    close = self._close_when_done and not self._in_flight
                done.set()
                if close:
                    self._client.close()

        with self._lock:
            self._in_flight += 1
        threading.Thread(target=run, name="gloss-sync-request", daemon=True).start()
        while not done.wait(0.05):
            if self.cancel.is_set():
                raise Cancelled
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _exchange_once(self, method: str, url: str, headers: dict[str, str], content: bytes | None) -> httpx.Response:
        host = _host(url)
        try:
            request = self._client.build_request(method, url, headers=headers, content=content)
            response = self._client.send(request, stream=True)
            try:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        raise SyncServerError(
                            f"The sync server at {host} sent an answer larger than "
                            f"{MAX_ANSWER_BYTES // (1024 * 1024)} MB; Gloss stopped reading it."
                        )
                    chunks.append(chunk)
            finally:
                response.close()
            return httpx.Response(response.status_code, headers=response.headers, content=b"".join(chunks))
        except httpx.TimeoutException as exc:
            raise SyncServerError(
                f"The sync server at {host} did not answer within {self.read_timeout:g} seconds."
            ) from exc
        except httpx.ConnectError as exc:
            text = str(exc).lower()
            if "name or service not known" in text or "getaddrinfo" in text or "nodename" in text:
                raise SyncServerError(f"The sync server's name {host} could not be found (DNS lookup failed).") from exc
            if "refused" in text:
                raise SyncServerError(
                    f"The sync server at {host} could not be reached: it refused the connection (is it running?)."
                ) from exc
            raise SyncServerError(f"The sync server at {host} could not be reached: {exc}") from exc
        except httpx.HTTPError as exc:
            raise SyncServerError(f"The connection to the sync server at {host} failed: {exc}") from exc

    def _check(self, response: httpx.Response, what: str) -> httpx.Response:
        status = response.status_code
        host = _host(self.api_url)
        if status < 300:
            return response
        if status in (401, 403):
            raise SyncAuthError(
                f"The sync server at {host} refused the user name or API password for {self.user!r} "
                f"(HTTP {status}) when asked for {what}."
            )
        if 300 <= status < 400:
            where = response.headers.get("location", "another address")
            raise SyncServerError(
                f"The sync server moved its API to {where} (HTTP {status}); add the account again with that address.",
                status=status,
            )
        if status == 404:
            raise SyncServerError(
                f"The sync server at {host} has no {what} at {self.api_url} (HTTP 404).",
                status=status,
            )
        if status >= 500:
            raise SyncServerError(
                f"The sync server at {host} had a problem answering {what} (HTTP {status}); try again later.",
                status=status,
            )
        raise SyncServerError(f"The sync server at {host} did not accept {what} (HTTP {status}).", status=status)

    def _call(
        self,
        method: str,
        path: str,
        what: str,
        *,
        params: Sequence[tuple[str, str]] = (),
        form: Sequence[tuple[str, str]] = (),
        needs_token: bool = False,
    ) -> bytes:
        """An authenticated API call; signs in again once, renews the token once."""
        if self._auth is None:
            self.login()
        for retry in (True, False):
            body = list(form)
            if needs_token:
                body.append(("T", self.token()))
            response = self._send(method, path, params=params, form=body)
            if response.status_code == 401 and retry:
                if needs_token and response.headers.get("google-bad-token", "").lower() == "true":
                    self._token = None
                else:
                    self._auth = self._token = None
                    self.login()
                continue
            return self._check(response, what).content
        raise AssertionError("unreachable")  # pragma: no cover

    # --- the API ----------------------------------------------------------------------------------

    def login(self) -> None:
        """``accounts/ClientLogin``: raises SyncAuthError for a wrong user or password.

        A redirect to the same host (``http`` to ``https``, say) is followed once, and the
        API root moved to where it points; a redirect elsewhere is reported, so the password
        never goes to another server."""
        self._auth = None
        form = [("Email", self.user), ("Passwd", self._password)]
        response = self._send("POST", "accounts/ClientLogin", form=form)
        moved = _same_host_move(self.api_url, response)
        if moved is not None:
            self.api_url = moved
            response = self._send("POST", "accounts/ClientLogin", form=form)
        host = _host(self.api_url)
        if response.status_code in (400, 401, 403):
            raise SyncAuthError(
                f"The sync server at {host} refused the user name {self.user!r} or its API password "
                f"(HTTP {response.status_code}). Check both; FreshRSS wants the API password set in its "
                "profile, not the password you sign in with."
            )
        text = self._check(response, "the sign-in").text
        try:
            self._auth = greader.parse_login(text)
        except SyncServerError as exc:
            raise SyncServerError(str(exc), status=response.status_code) from None

    def token(self) -> str:
        """The action token POSTs carry (fetched once per client)."""
        if self._token is None:
            body = self._call("GET", "reader/api/0/token", "an action token")
            self._token = greader.parse_token(body.decode("utf-8", "replace"))
        return self._token

    def subscriptions(self) -> list[ServerFeed]:
        body = self._call("GET", "reader/api/0/subscription/list", "the subscription list", params=[("output", "json")])
        return greader.parse_subscriptions(body)

    def tags(self) -> list[ServerTag]:
        body = self._call("GET", "reader/api/0/tag/list", "the list of folders", params=[("output", "json")])
        return greader.parse_tags(body)

    def item_ids(
        self, stream: str, *, exclude: str | None = None, since: int | None = None, page: int = IDS_PAGE
    ) -> list[str]:
        """Every item id of ``stream`` (newest first), following continuations. ``since``:
        only items the server first saw at or after that time (seconds, ``ot=``)."""
        ids: list[str] = []
        seen: set[str] = set()
        continuation: str | None = None
        while True:
            params = [("s", stream), ("n", str(page)), ("output", "json")]
            if exclude:
                params.append(("xt", exclude))
            if since is not None:
                params.append(("ot", str(max(int(since), 0))))
            if continuation:
                params.append(("c", continuation))
            result: ItemRefsPage = greader.parse_item_refs(
                self._call("GET", "reader/api/0/stream/items/ids", "a list of item ids", params=params)
            )
            fresh = [i for i in result.ids if i not in seen]
            ids.extend(fresh)
            seen.update(fresh)
            # A server repeating itself (no new id on a page) would loop forever.
            if not result.continuation or not fresh or result.continuation == continuation:
                return ids
            continuation = result.continuation

    def items(self, ids: Sequence[str], *, batch: int = CONTENTS_BATCH) -> Iterator[list[ServerItem]]:
        """The contents of ``ids``, ``batch`` items per request, one list per request."""
        for start in range(0, len(ids), batch):
            form = [("i", greader.long_item_id(i)) for i in ids[start : start + batch]]
            body = self._call("POST", "reader/api/0/stream/items/contents", "item contents", form=form)
            yield greader.parse_items(body)

    def edit_tag(
        self, ids: Sequence[str], *, add: str | None = None, remove: str | None = None, batch: int = EDIT_BATCH
    ) -> int:
        """Add or remove a state or label on items, in batches; returns the requests made."""
        made = 0
        for start in range(0, len(ids), batch):
            form = [("i", greader.long_item_id(i)) for i in ids[start : start + batch]]
            if add:
                form.append(("a", add))
            if remove:
                form.append(("r", remove))
            self._call("POST", "reader/api/0/edit-tag", "a change of read or starred", form=form, needs_token=True)
            made += 1
        return made

    def mark_all_read(self, stream: str, older_than_usec: int) -> None:
        """Mark every item of ``stream`` first seen at or before ``older_than_usec`` read."""
        form = [("s", stream), ("ts", str(max(older_than_usec, 0)))]
        self._call("POST", "reader/api/0/mark-all-as-read", "marking a feed read", form=form, needs_token=True)

    def quickadd(self, url: str) -> QuickAddResult:
        """Subscribe the account to ``url``; a refusal comes back as a value, with the reason."""
        body = self._call("POST", "reader/api/0/subscription/quickadd", "a new subscription", form=[("quickadd", url)])
        return greader.parse_quickadd(body)

    def edit_subscription(
        self,
        stream_id: str,
        action: str,
        *,
        title: str | None = None,
        add_label: str | None = None,
        remove_label: str | None = None,
    ) -> None:
        """``subscription/edit``: ``action`` is ``edit`` (rename, move) or ``unsubscribe``."""
        form = [("s", stream_id), ("ac", action)]
        if title:
            form.append(("t", title))
        if add_label:
            form.append(("a", greader.label_stream(add_label)))
        if remove_label:
            form.append(("r", greader.label_stream(remove_label)))
        self._call("POST", "reader/api/0/subscription/edit", "a change to a subscription", form=form, needs_token=True)


def discover_api(server_url: str, user: str, password: str, **client_options: float) -> str:
    """The API root for what the user typed, by signing in at each candidate (see
    :func:`api_candidates`). Raises SyncAuthError when an API answers but refuses the
    password, SyncServerError when the server cannot be reached, SyncAccountError when
    nothing there speaks the Google Reader API."""
    tried: list[str] = []
    for candidate in api_candidates(server_url):
        tried.append(candidate)
        with GReaderClient(candidate, user, password, **client_options) as client:  # type: ignore[arg-type]
            try:
                client.login()
                return candidate
            except SyncAuthError:
                raise
            except SyncServerError as exc:
                if exc.status is None or (exc.status >= 500 and exc.status != 503):
                    raise  # down, timing out, or broken: another address would not help
                continue
    raise SyncAccountError(
        f"No Google Reader API answered at {' or '.join(tried)}. For FreshRSS, allow API access in its "
        "settings (Authentication) and set an API password in your profile; for Miniflux, turn on its "
        "Google Reader API (Settings, Integrations)."
    )


def _same_host_move(api_url: str, response: httpx.Response) -> str | None:
    """The new API root when ``response`` redirects the sign-in to the same host."""
    if response.status_code not in (301, 302, 307, 308):
        return None
    target = urljoin(api_url + "/", str(response.headers.get("location", "")))
    suffix = "/accounts/ClientLogin"
    if not target.endswith(suffix):
        return None
    old, new = urlsplit(api_url), urlsplit(target)
    if new.hostname != old.hostname or new.scheme not in ("http", "https"):
        return None
    return target[: -len(suffix)]


def _words(seconds: float | None) -> str:
    if seconds is None:
        return "a while"
    if seconds < 120:
        return f"{seconds:.0f} seconds"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.0f} hours"
