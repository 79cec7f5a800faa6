"""Hostile and broken input, built at test time: each case gets its exact error code, and the
good report in the same batch still gives its correct record."""
import io
import json
import os
import random
import subprocess
import sys

import pytest

from pdfgen import ILACS_PAGE, make_pdf
from ofsted_cli.batch import expand_inputs, records as run
from ofsted_cli.core import Options


def _encrypted(user_password: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf([ILACS_PAGE])))
    w.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    b = io.BytesIO()
    w.write(b)
    return b.getvalue()


@pytest.fixture
def bad_folder(tmp_path, sample_path):
    d = tmp_path / "reports"
    d.mkdir()
    good_pdf = make_pdf([ILACS_PAGE])
    cases = {
        "html.pdf": (b"<!DOCTYPE html><html><head><title>404</title></head><body>Not found</body></html>", "not-a-pdf"),
        "half.pdf": (good_pdf[: len(good_pdf) // 2], "truncated"),
        "zero.pdf": (b"", "empty"),
        "random.pdf": (bytes(random.Random(1).randrange(256) for _ in range(4000)), "not-a-pdf"),
        "locked.pdf": (_encrypted("secret"), "encrypted"),
        "scanned.pdf": (make_pdf(image_only=True), "no-text-layer"),
        "other.pdf": (make_pdf([["Minutes of the parish council meeting held on 3 May 2024.",
                                 "Present: the clerk and five councillors. Apologies were received."]]), "not-an-ofsted-report"),
        "latin1.txt": ("Inspection of caf\xe9 services, Ofsted".encode("latin-1"), "bad-encoding"),
        "badutf8.txt": (b"Inspection \xff\xfe of Ofsted \xc3\x28 services", "bad-encoding"),
        "huge.pdf": (make_pdf(blank_pages=2500), "too-large"),
    }
    for name, (data, _) in cases.items():
        (d / name).write_bytes(data)
    (d / "open.pdf").write_bytes(_encrypted(""))  # empty user password: readable
    (d / "good.pdf").write_bytes(good_pdf)
    (d / "sample.txt").write_bytes(sample_path.read_bytes())
    os.symlink(d, d / "loop")  # a directory symlink loop
    return d, {name: code for name, (_, code) in cases.items()}


def _by_name(records):
    return {os.path.basename(r["source"]["path"]): r for r in records}


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_bad_case_has_its_code_and_good_reports_survive(bad_folder, jobs):
    d, expected = bad_folder
    paths = expand_inputs([str(d)])
    assert len(paths) == len({os.path.realpath(p) for p in paths})  # the loop adds nothing twice
    recs = _by_name(run(paths, Options(), jobs=jobs))
    for name, code in expected.items():
        assert recs[name].get("error", {}).get("code") == code, (name, recs[name])
    assert recs["good.pdf"]["report"]["type"] == "la-ilacs-2023"
    assert {j["key"]: j["grade"] for j in recs["good.pdf"]["judgements"]}["care_leavers"] == "requires_improvement"
    assert recs["open.pdf"]["report"]["type"] == "la-ilacs-2023"
    assert len(recs["sample.txt"]["judgements"]) == 22


def test_file_that_disappears_mid_run(tmp_path, sample_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(sample_path.read_bytes())
    b.write_bytes(sample_path.read_bytes())
    paths = expand_inputs([str(tmp_path)])
    out = []
    for rec in run(paths, Options(), in_process=True):  # one by one, so the second is read after the first
        out.append(rec)
        if len(out) == 1:
            b.unlink()  # gone after the batch started
    assert "report" in out[0] and out[1]["error"]["code"] == "not-found"


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read files without permission bits")
    p = tmp_path / "x.pdf"
    p.write_bytes(make_pdf([ILACS_PAGE]))
    p.chmod(0)
    assert next(run([str(p)], Options())).get("error", {}).get("code") == "unreadable"


def test_directory_given_where_a_file_is_expected(tmp_path):
    assert expand_inputs([str(tmp_path)]) == []  # an empty folder expands to nothing
    rec = next(run([str(tmp_path)], Options()))  # e.g. from --files-from
    assert rec["error"]["code"] == "unreadable"


def test_cli_mixed_folder_exit_status_and_stderr(bad_folder):
    d, expected = bad_folder
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", str(d), "-f", "jsonl", "-q"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 3
    recs = _by_name(json.loads(line) for line in p.stdout.splitlines())
    assert {n for n in expected} <= set(recs)
    assert "Traceback" not in p.stderr
    assert sum(1 for line in p.stderr.splitlines() if line.startswith("error:")) == len(expected)


@pytest.mark.skipif(not (__import__("conftest").SHARED / "corpus" / "la").exists(), reason="../shared corpus not present")
def test_bad_cases_mixed_with_the_real_la_corpus(bad_folder, tmp_path, corpus_records):
    """Every bad case beside the real reports: one record per input, the right codes, the
    real reports read exactly as on their own, no traceback."""
    from conftest import SHARED
    d, expected = bad_folder
    la = SHARED / "corpus" / "la" / "files"
    for f in la.iterdir():
        (d / f.name).symlink_to(f)
    alone = {r["source"]["path"].rsplit("/", 1)[-1]: r for r in corpus_records("la")}  # each read on its own
    assert len(alone) == len(list(la.iterdir()))
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", str(d), "-f", "jsonl", "-q"],
                       capture_output=True, text=True, timeout=900)
    assert "Traceback" not in p.stderr
    recs = _by_name(json.loads(line) for line in p.stdout.splitlines())
    assert len(p.stdout.splitlines()) == len(expand_inputs([str(d)]))
    for name, code in expected.items():
        assert recs[name]["error"]["code"] == code
    for name, rec in alone.items():
        mixed = recs[name]
        assert mixed.get("error") == rec.get("error")
        assert mixed.get("judgements") == rec.get("judgements") and mixed.get("recommendations") == rec.get("recommendations")
