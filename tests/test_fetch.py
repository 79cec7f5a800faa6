"""`ofsted fetch` against a server on 127.0.0.1 that plays Ofsted's site back: the real
recorded pages of ../shared/site (a search-results page, the "Report not found" page) and,
where no recording exists, pages of our own built from the documented selectors (named
'synthetic' here: a provider page, a search of more results than a page holds). No test
touches the internet."""
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import SHARED
from ofsted_cli.errors import Exit
from pdfgen import make_pdf

SITE = SHARED / "site"
SEARCH = SITE / "search-results_2023-11_folkestone-primary-kent_rows1000.html"
NOT_FOUND = SITE / "report-not-found_2025-02-04_blob7572cfa.html"
PDF = make_pdf([["Ofsted", "Inspection of Cheshire East local authority children's services",
                 "Inspection dates: 4 to 15 March 2024"]])


def synthetic_provider_page(name: str, reports: list[tuple[str, str, str]]) -> str:
    """A provider page built from the selectors public scrapers use (no recorded one exists):
    h1.heading--title, a.publication-link with span.nonvisual '<type>, pdf - <date>'."""
    links = "".join(f'<li class="timeline__day"><a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/'
                    f'{fid}" target="_blank"><span class="nonvisual">{kind}, pdf - {date}</span></a></li>'
                    for fid, kind, date in reports)
    return (f'<html><head><title>{name} - Ofsted</title></head><body><h1 class="heading--title title-block__heading">'
            f'{name}</h1><ol class="timeline">{links}</ol></body></html>')


def synthetic_search_page(total: int, start: int, rows: int, first_urn: int = 90000) -> str:
    """A search page of ``total`` LA results, 100 at most a page (the site's cap), in the
    recorded page's item markup."""
    items = "".join(
        f'<li class="search-result"><h3 class="search-result__title heading--main"><a href="/provider/44/'
        f'{first_urn + i}">Authority {i}</a></h3><ul class="search-result__provider-info"><li>Category: <strong>Local '
        f'authority children\'s services</strong></li></ul><ul class="search-result__provider-info"><li>Latest report: '
        f'<strong><time>1 March 2024</time></strong></li><li>URN: <strong>{first_urn + i}</strong></li></ul></li>'
        for i in range(start, min(total, start + min(rows, 100))))
    return (f'<html><body><div class="search-results__heading"><h2><strong class="results-count js-results-count">'
            f'{total}</strong><strong> results</strong></h2></div><ul class="results-list list-unstyled">{items}</ul>'
            f'</body></html>')


class Site:
    """The routes of the played-back site, and what was asked of it."""

    def __init__(self):
        self.hits: dict[str, int] = {}
        self.flaky = {"500": 1, "429": 1}  # answer so many times with an error, then the report
        self.files = {"50000001": PDF, "50000002": PDF.replace(b"March 2024", b"April 2024"),
                      "50000500": PDF, "50000429": PDF}

    def answer(self, path: str, query: dict) -> tuple[int, dict, bytes]:
        self.hits[path] = self.hits.get(path, 0) + 1
        if path == "/search":
            if query.get("level_1_types") == ["3"] or query.get("q") == ["80447"]:
                one = query.get("q") or query.get("local_authority[]")
                start, rows = int(query.get("start", ["0"])[0]), int(query.get("rows", ["100"])[0])
                first = 80447 if query.get("q") else 80477 if query.get("local_authority[]") == ["810"] else 90000
                return 200, {}, synthetic_search_page(1 if one else 150, start, rows, first).encode()
            return 200, {}, SEARCH.read_bytes()
        m = re.match(r"^/provider/44/(\d+)$", path)
        if m:
            if m.group(1) == "90099":
                return 200, {}, b"<html><body><p>A page of another shape</p></body></html>"
            return 200, {}, synthetic_provider_page("Cheshire East", [
                ("50000001", "Children's services inspection", "13 May 2024"),
                ("50000002", "Focused visit", "2 November 2022"),
                ("50000404", "Children's services inspection", "13 July 2012"),
                ("50000410", "Children's services inspection", "17 August 2012")]).encode()
        m = re.match(r"^/v1/file/(\d+)$", path)
        if m:
            fid = m.group(1)
            if fid == "50000404":
                return 404, {}, b"<html><body>Not Found</body></html>"
            if fid == "50000410":  # the site's own "Report not found" page, served with 200
                return 200, {"Content-Type": "text/html"}, NOT_FOUND.read_bytes()
            if fid == "50000200":
                return 200, {"Content-Type": "text/html"}, b"<html><body>Service unavailable</body></html>"
            code = fid[-3:]
            if code in self.flaky and self.flaky[code] > 0:
                self.flaky[code] -= 1
                return int(code), {"Retry-After": "1"} if code == "429" else {}, b"busy"
            if fid in self.files:
                return 200, {"Content-Type": "application/pdf"}, self.files[fid]
        return 404, {}, b"<html><body>Not Found</body></html>"


@pytest.fixture
def site():
    played = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            u = urlsplit(self.path)
            status, headers, body = played.answer(u.path, parse_qs(u.query))
            self.send_response(status)
            for k, v in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    played.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield played
    server.shutdown()


def fetch(site, *args, cwd=None):
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "fetch", *map(str, args), "--base-url", site.base,
                        "--rate", "100", "-f", "jsonl"], capture_output=True, text=True, timeout=120, cwd=cwd)
    return p, [json.loads(x) for x in p.stdout.splitlines()]


pytestmark = pytest.mark.skipif(not SITE.exists(), reason="../shared/site (recorded pages) not present")


def test_a_report_is_saved_once_byte_for_byte_and_not_fetched_again(site, tmp_path):
    out = tmp_path / "reports"
    p, recs = fetch(site, "https://reports.ofsted.gov.uk/provider/44/80447", "-o", out)
    assert p.returncode == Exit.SOME_FAILED  # two links of the page are gone
    saved = [r for r in recs if r.get("status") == "saved"]
    assert len(saved) == 2 and len(recs) == 4
    for r in saved:
        data = (out / r["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == r["sha256"] and data == site.files[r["file_id"]]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d_80447_cheshire-east_[a-z-]+\.pdf", r["file"]), r["file"]
    manifest = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    assert {m["file_id"] for m in manifest} == {"50000001", "50000002"}
    assert {"url", "file_id", "urn", "provider", "link_text", "published", "file", "sha256", "bytes",
            "fetched_at"} <= set(manifest[0])
    assert not [f for f in os.listdir(out) if f.endswith(".part")]
    p, again = fetch(site, "https://reports.ofsted.gov.uk/provider/44/80447", "-o", out)
    assert [r.get("status") for r in again if "error" not in r] == ["unchanged", "unchanged"]
    assert site.hits["/v1/file/50000001"] == 1 and site.hits["/v1/file/50000002"] == 1  # not downloaded again


def test_report_not_found_and_404_are_error_records_and_nothing_is_saved(site, tmp_path):
    out = tmp_path / "r"
    p, recs = fetch(site, "https://files.ofsted.gov.uk/v1/file/50000410", "https://files.ofsted.gov.uk/v1/file/50000404",
                    "https://files.ofsted.gov.uk/v1/file/50000200", "-o", out)
    assert p.returncode == Exit.SOME_FAILED
    assert [r["error"]["code"] for r in recs] == ["not-found", "not-found", "not-a-pdf"]
    assert not out.exists() or not [f for f in os.listdir(out) if f.endswith(".pdf") or f.endswith(".part")]
    assert len([line for line in p.stderr.splitlines() if line.startswith("error:")]) == 3


def test_server_errors_and_429_are_retried(site, tmp_path):
    p, recs = fetch(site, "https://files.ofsted.gov.uk/v1/file/50000500", "https://files.ofsted.gov.uk/v1/file/50000429",
                    "-o", tmp_path)
    assert p.returncode == 0, p.stderr
    assert [r["status"] for r in recs] == ["saved", "saved"]
    assert site.hits["/v1/file/50000500"] == 2 and site.hits["/v1/file/50000429"] == 2


def test_list_on_the_recorded_search_page_lists_every_provider_with_its_urn(site, tmp_path):
    url = ("https://reports.ofsted.gov.uk/search?q=&location=Folkestone%2C+UK&lat=51.081397&lon=1.169456&radius=10"
           "&level_1_types=1&level_2_types%5B0%5D=1&local_authority%5B0%5D=886&status%5B0%5D=1&start=0&rows=1000")
    p, rows = fetch(site, url, "--list", "-o", tmp_path / "none")
    assert p.returncode == 0, p.stderr
    html = SEARCH.read_text()
    want = set(re.findall(r"URN: <strong>([^<]+)</strong>", html))
    assert len(rows) == len(want) == 61  # every provider the page links to (61 results, 61 URNs)
    assert {r["urn"] for r in rows} == want
    assert all(r["url"].startswith("https://reports.ofsted.gov.uk/provider/") for r in rows)
    first = next(r for r in rows if r["urn"] == "139309")
    assert (first["provider"], first["type"], first["rating"], first["latest_report"]) == \
        ("Christ Church Cep Academy, Folkestone", "Primary", "Good", "2023-01-23")
    assert not (tmp_path / "none").exists()  # nothing downloaded
    assert site.hits.get("/search") == 1 and not any(k.startswith("/v1/") for k in site.hits)


def test_every_page_of_a_search_is_walked_whatever_the_row_cap(site, tmp_path):
    p, rows = fetch(site, "https://reports.ofsted.gov.uk/search?level_1_types=3&level_2_types%5B%5D=12&rows=1000",
                    "--list")
    assert p.returncode == 0 and len(rows) == 150 and len({r["urn"] for r in rows}) == 150
    assert site.hits["/search"] == 2  # start=0 and start=100, 100 rows each at most


def test_shortcuts_type_and_since(site, tmp_path):
    p, recs = fetch(site, "--authority", "Kingston upon Hull City Council", "--type", "focused-visit", "-o", tmp_path)
    assert p.returncode == 0, p.stderr
    assert [r["type"] for r in recs] == ["focused visit"] and recs[0]["status"] == "saved"
    p, rows = fetch(site, "--urn", "80447", "--list")  # the provider the URN's search finds
    assert [(r["urn"], r["url"]) for r in rows] == [("80447", "https://reports.ofsted.gov.uk/provider/44/80447")]
    p, recs = fetch(site, "--urn", "80447", "--since", "2023-01-01", "-o", tmp_path / "since")
    assert [(r["type"], r["published"]) for r in recs if "error" not in r] == [
        ("children's services inspection", "2024-05-13")]
    p, _ = fetch(site, "--authority", "Exampleshire")
    assert p.returncode == Exit.USAGE and "register" in p.stderr


def test_a_page_of_another_shape_says_site_changed_with_its_url(site, tmp_path):
    p, recs = fetch(site, "https://reports.ofsted.gov.uk/provider/44/90099", "-o", tmp_path)
    assert p.returncode == Exit.SOME_FAILED
    assert recs[0]["error"]["code"] == "site-changed" and "/provider/44/90099" in recs[0]["error"]["message"]


def test_a_dead_address_is_an_http_error_after_retries_not_a_traceback(tmp_path):
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "fetch", "https://files.ofsted.gov.uk/v1/file/1",
                        "--base-url", "http://127.0.0.1:9", "--rate", "100", "-o", tmp_path, "-f", "jsonl",
                        "--timeout", "2", "--retries", "1"], capture_output=True, text=True, timeout=120)
    assert p.returncode == Exit.SOME_FAILED and "Traceback" not in p.stderr
    assert json.loads(p.stdout)["error"]["code"] == "http-error"


def test_extract_keys_a_fetched_school_without_a_printed_urn_by_the_manifest(site, tmp_path):
    """A report that prints no URN is keyed by the URN its provider page gave (manifest)."""
    from conftest import fixture_text
    out = tmp_path / "r"
    out.mkdir()
    text = fixture_text("school-s8-letter", "good-school-may-improve").encode()
    (out / "letter.txt").write_bytes(text)
    (out / "manifest.jsonl").write_text(json.dumps({"url": "x", "file_id": "1", "urn": "139309",
                                                    "provider": "Example Junior School", "file": "letter.txt",
                                                    "sha256": hashlib.sha256(text).hexdigest(),
                                                    "bytes": len(text)}) + "\n")
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", str(out / "letter.txt"), "-f", "json", "-q"],
                       capture_output=True, text=True)
    rep = json.loads(p.stdout)[0]["report"]
    assert rep["provider_key"] == "urn:139309" and rep["urn"] is None
