"""`ofsted summary`, looked at in a real browser: headless Chromium renders the page (at 1280
and 390 pixels wide); the tests read the DOM it rendered (its rows, its links, the script's
own record of errors) and check that a screenshot is not blank. A browser that cannot be
started is a clear skip on a developer's machine and a failure in CI (.ci/run sets CI=1 and
installs Debian's chromium)."""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from conftest import SAMPLE, SHARED
from ofsted_cli.authorities import lookup
from ofsted_cli.site import parse_html

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def browser() -> str:
    found = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium: CI must install Debian's chromium (.ci/run does)")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    return found


def chromium(tmp_path, *args, timeout=120) -> subprocess.CompletedProcess:
    """One headless Chromium run. Runs are one at a time across test workers (several
    browsers at once under a loaded test run crashed Chromium with SIGTRAP), and a run the
    browser itself crashed (killed by a signal) is tried once more."""
    import fcntl
    import tempfile
    with open(Path(tempfile.gettempdir()) / "ofsted-cli-tests-chromium.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for attempt in (1, 2):
            profile = tmp_path / f"profile-{time.monotonic_ns()}"
            p = subprocess.run([browser(), *FLAGS, f"--user-data-dir={profile}", *map(str, args)],
                               capture_output=True, text=True, timeout=timeout)
            if p.returncode >= 0:
                break
        return p


def rendered(tmp_path, page: Path, width: int = 1280) -> "object":
    p = chromium(tmp_path, f"--window-size={width},1600", "--dump-dom", page.as_uri())
    assert p.returncode == 0 and "<body" in p.stdout, p.stderr[-500:]
    return parse_html(p.stdout), p.stdout


def summary(tmp_path, *inputs, name="summary.html"):
    out = tmp_path / name
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "summary", *map(str, inputs), "-o", str(out), "-q",
                        "--no-warn-exit"], capture_output=True, text=True, timeout=600)
    assert p.returncode in (0, 3), p.stderr[-500:]
    return out


def png_colours(path: Path) -> int:
    """How many distinct colours a PNG shows (a blank page shows one): the PNG decoded here."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, prev, seen = zlib.decompress(idat), w * bpp, bytearray(w * bpp), set()
    for y in range(0, h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p_ = a + b - c
                pa, pb, pc = abs(p_ - a), abs(p_ - b), abs(p_ - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 7 == 0:
            seen.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp * 5))
        prev = line
    return len(seen)


def test_the_page_is_self_contained_and_says_what_it_holds(tmp_path):
    page = summary(tmp_path, SAMPLE)
    text = page.read_text()
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert not re.search(r"<(?:script|img|link|iframe|source)[^>]+(?:src|href)=[\"']?(?:https?:)?//", text)
    assert "url(" not in text and "@import" not in text
    assert "<table" in text and "<caption>" in text and 'scope="col"' in text and "@page{size:A4" in text
    assert "Hammersmith and Fulham" in text


@pytest.mark.skipif(not (SHARED / "corpus" / "la").exists(), reason="../shared corpus not present")
def test_every_authority_with_its_latest_grades_as_in_the_answer_key_rendered_in_chromium(tmp_path, saved_records):
    page = summary(tmp_path, saved_records("la"), saved_records("la-visits"), saved_records("la-send"))
    labels = [json.loads(x) for x in (SHARED / "corpus" / "la" / "labels.jsonl").read_text().splitlines()]
    full = {"la-slac-2009", "la-lac-2012", "la-sif", "la-sif-reinspection", "la-ilacs-2018", "la-ilacs-2023",
            "la-ilacs-2026"}
    latest: dict[str, dict] = {}
    for lab in labels:
        if lab.get("family") in full and lab.get("judgements"):
            ons = lookup(lab["file"].split("_")[1]).ons_code  # the file name's Ofsted code, through the register
            if ons not in latest or lab["inspection_start"] > latest[ons]["inspection_start"]:
                latest[ons] = lab
    for width in (1280, 390):
        doc, raw = rendered(tmp_path, page, width)
        body = doc.find("body")
        assert body.attrs.get("data-ready") == "1", "the page's script did not run to its end"
        assert "data-errors" not in body.attrs, body.attrs.get("data-errors")  # no script error, no blocked load
        table = next(t for t in doc.find_all("table") if t.find("caption") and
                     t.find("caption").text().startswith("Local authorities"))
        heads = [th.text().replace("\u2195", "").strip() for th in table.find("thead").find_all("th")]
        assert table.find("thead").find("button") is not None  # sortable: the script made its buttons
        rows = table.find("tbody").find_all("tr")
        assert len(rows) == len(latest) == 96
        from ofsted_cli.views import _key_words
        for tr in rows:
            cells = [c.text() for c in tr.iter() if c.tag in ("th", "td") and c.parent is tr]
            ons = cells[heads.index("ONS code")]
            lab = latest[ons]
            assert cells[heads.index("inspected")] == lab["inspection_start"], (ons, cells)
            for key, grade in lab["judgements"].items():
                assert cells[heads.index(_key_words(key))].lower() == grade.replace("_", " "), (ons, key, cells)
        links = [a.attrs["href"] for a in doc.find_all("a") if a.attrs.get("href", "").endswith(".pdf")]
        assert links and all(not h.startswith(("http:", "https:")) for h in links)  # the report files, relative
        assert all((page.parent / h).resolve().exists() for h in links[:20])


def test_screenshots_at_two_widths_are_not_blank(tmp_path):
    page = summary(tmp_path, SAMPLE, *sorted((Path(__file__).parent / "fixtures" / "la-ilacs-2023").glob("*.txt")))
    for width in (1280, 390):
        shot = tmp_path / f"shot-{width}.png"
        p = chromium(tmp_path, f"--window-size={width},1200", f"--screenshot={shot}", page.as_uri())
        assert p.returncode == 0 and shot.exists(), p.stderr[-300:]
        assert png_colours(shot) > 12, f"the screenshot at {width} px looks blank"


def test_five_thousand_records_make_a_page_of_a_few_mb_that_opens_at_once(tmp_path):
    rec = json.loads(subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", str(SAMPLE), "-f", "jsonl", "-q"],
                                    capture_output=True, text=True).stdout)
    with open(tmp_path / "many.jsonl", "w") as fh:
        for i in range(5000):
            rec["source"]["path"] = f"r/{i}.txt"
            rec["report"]["provider_key"] = f"urn:{100000 + i // 2}"  # 2,500 providers, two reports each
            rec["report"]["authority"] = None
            rec["report"]["inspection_start"] = f"20{10 + i % 2}-06-06"
            fh.write(json.dumps(rec) + "\n")
    page = summary(tmp_path, tmp_path / "many.jsonl")
    assert page.stat().st_size < 5_000_000, page.stat().st_size
    t0 = time.monotonic()
    doc, _ = rendered(tmp_path, page)
    assert time.monotonic() - t0 < 15 and doc.find("body").attrs.get("data-ready") == "1"
