"""`ofsted fetch`: reports from Ofsted's site — incremental, polite, verified.

Given search pages, provider pages or report file links (or ``--urn`` / ``--authority``), it
walks every page of a search (100 results a page, whatever the URL asks: the site's cap),
each provider's page and its report links, and saves each report once under the folder as
``<published>_<urn>_<provider>_<type>.pdf``. What it saved is in ``manifest.jsonl`` there
(URL, file id, URN, provider, link text, type, published date, file, SHA-256, bytes, when):
a second run downloads only what is new; an interrupted run resumes (a download is written to
a temporary name and renamed when whole, then recorded).

Verified: a response that is not a PDF is an error record, never a file — the site's
"Report not found" page (served with status 200) and a 404 are ``not-found``, any other body
``not-a-pdf``, a refusal or a server error after retries ``http-error``, a page whose markup
this version does not know ``site-changed`` (:mod:`ofsted_cli.site`).

Polite: one request a second by default (``--rate``), retries with back-off on 429, 5xx,
timeouts and dropped connections (a ``Retry-After`` honoured, up to a minute), a User-Agent
naming the tool and its version, time limits on every request. ``--base-url`` sends every
request to another address (a mirror, or the tests' local server).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from . import __version__, defaults
from .site import (FILES, SITE, ReportLink, SiteChanged, file_id, is_not_found_page, kind_of, page_url,
                   parse_provider, parse_search, search_url)

USER_AGENT = f"ofsted-cli/{__version__} (report fetcher; https://pypi.org/project/ofsted-cli/)"
MAX_WAIT = 60.0
MANIFEST = "manifest.jsonl"
# --type: what a report link's words say, as the public scrapers tell the families apart
TYPES: dict[str, Callable[[str], bool]] = {
    "ilacs": lambda t: "children" in t and "services" in t and "inspection" in t and "visit" not in t,
    "focused-visit": lambda t: "focused visit" in t,
    "monitoring-visit": lambda t: "monitoring visit" in t,
    "jtai": lambda t: "joint" in t and "inspection" in t and "send" not in t,
    "send": lambda t: "send" in t.split() or "special educational needs" in t,
}


class FetchError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class Client:
    """HTTP with pacing, retries and time limits (httpx)."""

    def __init__(self, base_url: str | None = None, rate: float = defaults.RATE,
                 timeout: float = defaults.REQUEST_TIMEOUT, retries: int = defaults.RETRIES,
                 sleep: Callable[[float], None] = time.sleep):
        import httpx
        self.base = base_url.rstrip("/") if base_url else None
        self.retries = retries
        self.gap = 1.0 / rate if rate > 0 else 0.0
        self.next_at = 0.0
        self.sleep = sleep
        self.requests = 0
        self.http = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=True,
                                 headers={"User-Agent": USER_AGENT, "Accept-Language": "en-GB"})
        self.httpx = httpx

    def address(self, url: str) -> str:
        """The URL to request: the site's own, or under ``--base-url``."""
        if self.base:
            for host in (SITE, FILES, SITE.replace("https", "http"), FILES.replace("https", "http"),
                         "https://files.api.ofsted.gov.uk"):
                if url.startswith(host):
                    return self.base + url[len(host):]
        return url

    def _pace(self) -> None:
        now = time.monotonic()
        if now < self.next_at:
            self.sleep(self.next_at - now)
        self.next_at = max(now, self.next_at) + self.gap

    def get(self, url: str, stream_to: str | None = None, limit: int = defaults.MAX_BYTES) -> tuple[int, str, bytes]:
        """(status, content type, body): the body, or its first 64 KB where ``stream_to``
        took it whole into that file (within ``limit`` bytes)."""
        target = self.address(url)
        for attempt in range(self.retries + 1):
            self._pace()
            self.requests += 1
            wait = None
            try:
                with self.http.stream("GET", target) as r:
                    if r.status_code == 429 or r.status_code >= 500:
                        wait = _retry_after(r.headers.get("retry-after"))
                        if attempt == self.retries:
                            raise FetchError("http-error", f"HTTP {r.status_code} after {self.retries + 1} tries")
                    else:
                        return r.status_code, r.headers.get("content-type", ""), _body(r, stream_to, limit)
            except self.httpx.TransportError as exc:  # timeouts, resets, refused connections
                if attempt == self.retries:
                    raise FetchError("http-error", f"{type(exc).__name__}: {exc or 'no response'} after "
                                                   f"{self.retries + 1} tries") from None
            self.sleep(min(MAX_WAIT, wait if wait is not None else 2 ** attempt + random.uniform(0, 1)))
        raise FetchError("http-error", "no response")  # (not reached)

    def close(self) -> None:
        self.http.close()


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(MAX_WAIT, float(value.strip()))
    return None


def _body(r, stream_to: str | None, limit: int) -> bytes:
    if stream_to is None:
        data = r.read()
        if len(data) > limit:
            raise FetchError("too-large", f"more than {limit} bytes")
        return data
    head = b""
    n = 0
    with open(stream_to, "wb") as fh:
        for chunk in r.iter_bytes(1 << 16):
            n += len(chunk)
            if n > limit:
                raise FetchError("too-large", f"more than {limit} bytes (--max-bytes)")
            if len(head) < 65536:
                head += chunk[:65536 - len(head)]
            fh.write(chunk)
    return head


@dataclass
class Fetcher:
    """One fetch run into ``folder``: yields a record for every URL given or found."""
    client: Client
    folder: str
    types: list[str] = field(default_factory=list)
    since: str | None = None
    listing: bool = False
    max_bytes: int = defaults.MAX_BYTES
    only_urns: set[str] = field(default_factory=set)  # --urn: the results of its search that are that URN
    saved: int = 0
    unchanged: int = 0
    failed: int = 0
    listed: int = 0

    def __post_init__(self):
        self.manifest: dict[str, dict] = {}
        path = os.path.join(self.folder, MANIFEST)
        if not self.listing and os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        entry = json.loads(line)
                        self.manifest[entry.get("file_id") or entry["url"]] = entry
                    except (ValueError, KeyError, TypeError, AttributeError):
                        continue  # a torn line of a run killed while writing it: the file is fetched again

    # --- walking ---------------------------------------------------------------------------------
    def run(self, urls: list[str]) -> Iterator[dict[str, Any]]:
        for url in urls:
            kind = kind_of(url)
            try:
                if kind == "search":
                    yield from self._search(url)
                elif kind == "provider":
                    yield from self._provider(url, None)
                elif kind == "file":
                    yield self._download(ReportLink(url, file_id(url), "", None, None), {})
                else:
                    yield self._error(url, "not-found", "not a search page, a provider page or a report file link "
                                                        "of Ofsted's site")
            except (FetchError, SiteChanged) as exc:
                yield self._failure(url, exc)

    def _page(self, url: str) -> str:
        status, ctype, body = self.client.get(url)
        if status == 404:
            raise FetchError("not-found", "HTTP 404")
        if status >= 400:
            raise FetchError("http-error", f"HTTP {status}")
        return body.decode("utf-8", "replace")

    def _search(self, url: str) -> Iterator[dict[str, Any]]:
        start, seen = 0, 0
        while True:
            page = page_url(url, start)
            got = parse_search(self._page(page), page)
            for r in got.results:
                seen += 1
                if self.only_urns and (r.urn or "").upper() not in self.only_urns:
                    continue
                if self.listing:
                    self.listed += 1
                    yield {"provider": r.name, "urn": r.urn, "type": r.category, "rating": r.rating,
                           "latest_report": r.latest_report, "url": r.url}
                else:
                    try:
                        yield from self._provider(r.url, r)
                    except (FetchError, SiteChanged) as exc:
                        yield self._failure(r.url, exc)
            start += len(got.results)
            if not got.results or seen >= got.total:
                break
        if seen < got.total:
            raise SiteChanged(url, f"{got.total} results counted, {seen} read")

    def _provider(self, url: str, result) -> Iterator[dict[str, Any]]:
        page = parse_provider(self._page(url), url)
        who = {"provider": page.name or (result.name if result else None), "urn": page.urn}
        for link in page.reports:
            if self.types and not any(TYPES.get(t, lambda x, t=t: t.lower() in x)(link.kind or "") for t in self.types):
                continue
            if self.since and (link.published or "") < self.since:
                continue
            if self.listing:
                self.listed += 1
                yield {**who, "type": link.kind, "published": link.published, "url": link.url, "file_id": link.file_id}
                continue
            try:
                yield self._download(link, who)
            except FetchError as exc:  # this report, not the provider's others
                yield {**self._failure(link.url, exc), **who, "type": link.kind, "published": link.published}

    # --- one report ------------------------------------------------------------------------------
    def _download(self, link: ReportLink, who: dict) -> dict[str, Any]:
        key = link.file_id or link.url
        meta = {"url": link.url, "file_id": link.file_id, **who, "type": link.kind, "published": link.published,
                "link_text": link.text or None}
        if self.listing:
            self.listed += 1
            return meta
        known = self.manifest.get(key)
        if known and _whole(os.path.join(self.folder, known.get("file") or ""), known):
            self.unchanged += 1
            return {**known, "status": "unchanged"}
        os.makedirs(self.folder, exist_ok=True)
        tmp = os.path.join(self.folder, f".{link.file_id or hashlib.sha1(link.url.encode()).hexdigest()[:12]}.part")
        try:
            status, ctype, head = self.client.get(link.url, stream_to=tmp, limit=self.max_bytes)
            if status == 404 or is_not_found_page(head):
                raise FetchError("not-found", "the site says the report is not found" if status != 404 else "HTTP 404")
            if status >= 400:
                raise FetchError("http-error", f"HTTP {status}")
            if b"%PDF-" not in head[:1024]:
                what = "an HTML page" if b"<html" in head[:2048].lower() else f"{ctype or 'unknown'} content"
                raise FetchError("not-a-pdf", f"the response is {what}, not a PDF")
            sha, size = _digest(tmp)
            name = self._name(meta, sha)
            os.replace(tmp, os.path.join(self.folder, name))
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        entry = {**meta, "file": name, "sha256": sha, "bytes": size,
                 "fetched_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}
        with open(os.path.join(self.folder, MANIFEST), "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.manifest[key] = entry
        self.saved += 1
        return {**entry, "status": "saved"}

    def _name(self, meta: dict, sha: str) -> str:
        if not meta.get("provider") and not meta.get("urn"):  # a report link given alone
            return f"{meta.get('file_id') or sha[:12]}.pdf"
        parts = [meta.get("published") or "undated", meta.get("urn") or "nourn", _slug(meta.get("provider") or "report"),
                 _slug(meta.get("type") or "report")]
        name = "_".join(parts) + ".pdf"
        taken = {e.get("file"): e.get("sha256") for e in self.manifest.values()}
        if name in taken and taken[name] != sha or name not in taken and os.path.exists(os.path.join(self.folder, name)):
            name = name[:-4] + f"_{meta.get('file_id') or sha[:12]}.pdf"  # another report, same words
        return name

    def _failure(self, url: str, exc: Exception) -> dict[str, Any]:
        if isinstance(exc, SiteChanged):
            return self._error(url, "site-changed", str(exc))
        return self._error(url, exc.code, exc.message)

    def _error(self, url: str, code: str, message: str) -> dict[str, Any]:
        self.failed += 1
        return {"url": url, "error": {"code": code, "message": message}}


def _whole(path: str, entry: dict) -> bool:
    try:
        return os.path.getsize(path) == entry.get("bytes")
    except OSError:
        return False


def _digest(path: str) -> tuple[str, int]:
    h = hashlib.sha256()
    n = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            n += len(chunk)
    return h.hexdigest(), n


def _slug(s: str) -> str:
    s = s.lower().replace("&", "and").replace("\u2019", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:60] or "x"


def shortcut_urls(urns: list[str], authorities: list[str]) -> list[str]:
    """The search pages ``--urn`` and ``--authority`` stand for (on the site's own address;
    ``--base-url`` applies when they are asked for): a URN's search (its provider page is
    the result's link: its type code is never guessed), an authority's children's services
    through its DfE number (the register of authorities)."""
    from .authorities import lookup
    out = []
    site = SITE
    for u in urns:
        out.append(search_url(site, q=u.strip()))
    for name in authorities:
        a = lookup(name)
        if a is None or not a.la_number:
            raise FetchError("not-found", f"{name!r} is no authority of the register (ofsted_cli/data/authorities.csv)")
        out.append(search_url(site, level_1_types=3, level_2_types=[12], local_authority=[a.la_number]))
    return out


def manifest_hints(folder: str) -> dict[str, dict]:
    """A fetch folder's manifest by SHA-256 of the files it saved ({} where there is none)."""
    out: dict[str, dict] = {}
    try:
        with open(os.path.join(folder, MANIFEST), encoding="utf-8") as fh:
            for line in fh:
                try:
                    e = json.loads(line)
                    if isinstance(e, dict) and isinstance(e.get("sha256"), str):
                        out[e["sha256"]] = e
                except ValueError:
                    continue
    except OSError:
        pass
    return out



def command(run, urls: list[str], *, folder: str, urns: list[str], authorities: list[str], types: list[str],
            since: str | None, listing: bool, rate: float, timeout: float, retries: int, base_url: str | None) -> int:
    """`ofsted fetch`: the records on the output, an error line each on stderr, a summary; the
    exit status."""
    from .errors import Exit
    from .runner import Output, usage
    from .terminal import message, note
    out = Output(run)
    if since and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
        usage(f"--since {since!r} is not a date (YYYY-MM-DD)")
    try:
        todo = list(urls) + shortcut_urls(urns, authorities)
    except FetchError as exc:
        usage(exc.message)
    if not todo:
        usage("nothing to fetch: give URLs, --urn or --authority")
    client = Client(base_url, rate=rate, timeout=timeout, retries=retries)
    f = Fetcher(client, folder, types=types, since=since, listing=listing, max_bytes=run.max_bytes,
                only_urns={u.strip().upper() for u in urns})
    t0 = time.perf_counter()

    def records() -> Iterator[dict[str, Any]]:
        for rec in f.run(todo):
            if "error" in rec:
                message("error", rec["url"], rec["error"]["code"], rec["error"]["message"])
            yield rec
    cols = ["provider", "urn", "type", "rating", "latest_report", "url"] if listing else \
        ["status", "published", "urn", "provider", "type", "file", "bytes", "url", "error"]
    try:
        out.emit(records(), columns=cols, dynamic=True)
    finally:
        client.close()
    if not run.quiet:
        done = f"{f.listed} listed" if listing else f"{f.saved} saved, {f.unchanged} unchanged"
        note(f"{done}, {f.failed} failed, {client.requests} requests, {time.perf_counter() - t0:.1f} s"
             + ("" if listing else f" (into {folder})"))
    return Exit.SOME_FAILED if f.failed else Exit.OK
