"""Ofsted's report site, as its pages are built (reports.ofsted.gov.uk, files.ofsted.gov.uk):
what `ofsted fetch` reads off a search page, a provider page and a report file's response.
The one module that knows the site's markup, so that when Ofsted changes it, this is what
changes. Every selector is the one public scrapers have used (``../shared/notes/ofsted-site.md``,
§2), and a page that does not match says so (:class:`SiteChanged`, naming the URL), never
an empty result.

- search page: ``li.search-result`` items, each ``h3.search-result__title a`` (the provider
  link), ``ul.search-result__provider-info li`` 'Category: …', 'Rating: …', 'Latest report:
  …', 'URN: …'; the total in ``.js-results-count``; at most 100 rows a page (the site's cap
  since February 2025), pages by ``start``;
- provider page: ``a.publication-link`` report links, each with ``span.nonvisual`` '<type>,
  pdf - <date published>'; the name in ``h1.heading--title``;
- a report file: a PDF, or the site's "Report not found" page (HTML, served with status 200).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

SITE = "https://reports.ofsted.gov.uk"
FILES = "https://files.ofsted.gov.uk"
ROWS = 100  # the most results the site returns a page (since the week of 10 February 2025)


class SiteChanged(Exception):
    """A page that does not have the markup this version reads: ``site-changed``."""

    def __init__(self, url: str, what: str):
        super().__init__(f"{url}: {what} (the site's pages may have changed: see the README's 'When Ofsted "
                         "changes its site')")
        self.url = url


# --- a small DOM from the standard library's parser ------------------------------------------------
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)  # Node or str
    parent: "Node | None" = field(default=None, repr=False)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator["Node"]:
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list["Node"]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())]

    def find(self, tag: str | None = None, cls: str | None = None) -> "Node | None":
        return next((n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes())),
                    None)

    def text(self) -> str:
        out = []
        for c in self.children:
            out.append(c if isinstance(c, str) else c.text())
        return re.sub(r"\s+", " ", " ".join(out)).strip()


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.cur)
        self.cur.children.append(node)
        if tag not in _VOID:
            self.cur = node

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(html: str) -> Node:
    b = _Builder()
    b.feed(html)
    b.close()
    return b.root


# --- search pages ----------------------------------------------------------------------------------
@dataclass
class Result:
    name: str
    url: str           # the provider page, absolute
    urn: str | None
    category: str | None
    rating: str | None
    latest_report: str | None  # ISO date


@dataclass
class SearchPage:
    total: int
    results: list[Result]


def parse_search(html: str, url: str) -> SearchPage:
    doc = parse_html(html)
    count = doc.find(cls="js-results-count") or doc.find(cls="results-count")
    items = doc.find_all("li", "search-result")
    if count is None or not count.text().replace(",", "").isdigit():
        if "No results" in doc.text() or "0 results" in doc.text():
            return SearchPage(0, [])
        raise SiteChanged(url, "no result count (.js-results-count) on the search page")
    total = int(count.text().replace(",", ""))
    out = []
    for li in items:
        title = li.find("h3", "search-result__title") or li.find("h3")
        a = title.find("a") if title else None
        if a is None or "/provider/" not in a.attrs.get("href", ""):
            raise SiteChanged(url, "a search result without its provider link (h3.search-result__title a)")
        info = {}
        for ul in li.find_all("ul", "search-result__provider-info"):
            for item in ul.find_all("li"):
                k, _, v = item.text().partition(":")
                info[k.strip().lower()] = v.strip()
        href = urljoin(url, a.attrs["href"])
        out.append(Result(a.text(), href, info.get("urn") or href.rstrip("/").rsplit("/", 1)[-1],
                          info.get("category"), info.get("rating"), iso_date(info.get("latest report"))))
    if total and not out:
        raise SiteChanged(url, f"{total} results counted but no result item (li.search-result) read")
    return SearchPage(total, out)


def page_url(url: str, start: int) -> str:
    """The search URL for the page of results from ``start``, ``ROWS`` a page (whatever rows
    the URL asked for: the site returns no more than 100)."""
    parts = urlsplit(url)
    q = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("start", "rows")]
    q += [("start", str(start)), ("rows", str(ROWS))]
    return urlunsplit(parts._replace(query=urlencode(q)))


def search_url(base: str = SITE, **params) -> str:
    """A search URL from filters (``local_authority`` a DfE number, ``q`` free text, …)."""
    q: list[tuple[str, str]] = []
    for k, v in params.items():
        if v is None:
            continue
        if isinstance(v, (list, tuple)):
            q += [(f"{k}[]", str(x)) for x in v]
        else:
            q.append((k, str(v)))
    return page_url(f"{base.rstrip('/')}/search?{urlencode(q)}", 0)


# --- provider pages --------------------------------------------------------------------------------
@dataclass
class ReportLink:
    url: str
    file_id: str | None
    text: str                 # the link's words: '<type>, pdf - <date>'
    kind: str | None          # '<type>' as printed, lower case
    published: str | None     # ISO date


@dataclass
class ProviderPage:
    name: str | None
    urn: str | None
    reports: list[ReportLink]


FILE_ID = re.compile(r"/v1/file/(\d+)|/provider/files/(\d+)/")


def file_id(url: str) -> str | None:
    m = FILE_ID.search(url)
    return (m.group(1) or m.group(2)) if m else None


def parse_provider(html: str, url: str) -> ProviderPage:
    doc = parse_html(html)
    h1 = doc.find("h1", "heading--title") or doc.find("h1")
    links = doc.find_all("a", "publication-link")
    if h1 is None and not links:
        raise SiteChanged(url, "neither the provider's name (h1.heading--title) nor a report link (a.publication-link)")
    reports = []
    for a in links:
        span = a.find("span", "nonvisual")
        label = (span.text() if span else a.text()) or ""
        kind, _, when = label.rpartition(" - ")
        kind = re.sub(r",?\s*pdf\s*$", "", kind, flags=re.I).strip().lower() or None
        href = urljoin(url, a.attrs.get("href", ""))
        reports.append(ReportLink(href, file_id(href), label, kind, iso_date(when)))
    urn = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or None
    return ProviderPage(h1.text() if h1 else None, urn, reports)


def is_not_found_page(body: bytes) -> bool:
    """The site's "Report not found" page (served for a report file that is gone)."""
    head = body[:20000].decode("utf-8", "replace")
    return bool(re.search(r"<title>\s*Report not found", head, re.I) or
                re.search(r"<h1[^>]*>\s*Report not found\s*</h1>", head, re.I))


# --- what a URL is -----------------------------------------------------------------------------------
def kind_of(url: str) -> str:
    """'search', 'provider', 'file' or '' (not a page this version reads)."""
    path = urlsplit(url).path
    if file_id(url) or path.startswith("/v1/file/"):
        return "file"
    if re.match(r"^/provider/[^/]+/[^/]+/?$", path):
        return "provider"
    if path.rstrip("/").endswith("/search"):
        return "search"
    return ""


_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}


def iso_date(text: str | None) -> str | None:
    """'23 January 2023' -> '2023-01-23'; None for anything else."""
    m = re.search(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", text or "")
    if not m or m.group(2).lower() not in _MONTHS:
        return None
    import datetime as dt
    try:
        return dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
    except ValueError:
        return None
