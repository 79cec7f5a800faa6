"""A tiny PDF writer for tests: real PDFs built at test time (text pages, image-only pages,
many blank pages), so that no report PDF is committed."""
from __future__ import annotations

import zlib


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def serialise(objs: list[bytes], root: int) -> bytes:
    """A PDF file from object bodies (object i+1 is ``objs[i]``) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, xref)
    return bytes(out)


def make_pdf(pages: list[list[str]] | None = None, *, blank_pages: int = 0, image_only: bool = False) -> bytes:
    """PDF bytes: one page per list of text lines (Helvetica 11pt), or ``blank_pages`` empty
    pages, or (``image_only``) one page holding only a small grey image."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids: list[int] = []
    pages_id_placeholder = len(objs) + 1
    add(b"")  # /Pages, filled in below
    contents: list[tuple[bytes, bytes]] = []
    if image_only:
        img = zlib.compress(bytes([128]) * (64 * 64))
        img_id = add(b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
                     b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(img) + img + b"\nendstream")
        contents.append((b"q 400 0 0 400 100 300 cm /Im0 Do Q", b"/XObject << /Im0 %d 0 R >>" % img_id))
    for lines in pages or []:
        ops = ["BT /F1 11 Tf 14 TL 72 770 Td"]
        for ln in lines:
            ops.append(f"({_esc(ln)}) Tj T*")
        ops.append("ET")
        contents.append(("\n".join(ops).encode("cp1252", "replace"), b"/Font << /F1 %d 0 R >>" % font))
    for _ in range(blank_pages):
        contents.append((b"", b""))
    for stream, res in contents:
        cid = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        pid = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents %d 0 R >>"
                  % (pages_id_placeholder, res, cid))
        page_ids.append(pid)
    objs[pages_id_placeholder - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(page_ids)
                                      + b" ".join(b"%d 0 R" % p for p in page_ids) + b"] >>")
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id_placeholder)
    return serialise(objs, catalog)


ILACS_PAGE = [
    "Inspection of Exampleton local authority children's services",
    "Inspection dates: 4 to 15 March 2024",
    "Lead inspector: Jo Bloggs, His Majesty's Inspector",
    "Judgement Grade",
    "The impact of leaders on social work practice with children and families Good",
    "The experiences and progress of children who need help and protection Good",
    "The experiences and progress of children in care Good",
    "The experiences and progress of care leavers Requires improvement to be good",
    "Overall effectiveness Good",
    "Services for children in Exampleton are good and have improved since the last inspection in 2019.",
    "What needs to improve?",
    "- The quality of pathway plans for care leavers.",
]


# --- PDFs with typography: bold and regular runs, bullet glyphs, superscripts -------------
FONTS = {"R": b"Helvetica", "B": b"Helvetica-Bold", "S": b"Symbol", "Z": b"ZapfDingbats"}


def styled_pdf(pages: list[list[tuple]], *, leading: float = 14.5) -> bytes:
    """PDF bytes from lines of runs. A line is ``(x, [(text, font, size, rise), ...])`` with
    font one of R (Helvetica), B (Helvetica-Bold), S (Symbol), Z (ZapfDingbats), or
    ``(x, runs, gap)`` to leave ``gap`` extra points above it; lines run down from the top."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    fonts = {k: add(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s%s >>"
                    % (name, b"" if k in "SZ" else b" /Encoding /WinAnsiEncoding")) for k, name in FONTS.items()}
    res = b"/Font << " + b" ".join(b"/F%s %d 0 R" % (k.encode(), v) for k, v in fonts.items()) + b" >>"
    pages_id = len(objs) + 1
    add(b"")
    page_ids = []
    for lines in pages:
        ops, y = [], 770.0
        for spec in lines:
            x, runs = spec[0], spec[1]
            y -= spec[2] if len(spec) > 2 else 0
            ops.append("BT %.1f %.1f Td" % (x, y))
            for text, font, size, rise in runs:
                enc = text.encode("cp1252", "replace") if font in "RB" else text.encode("latin-1")
                ops.append("/F%s %.1f Tf %.1f Ts (%s) Tj" % (font, size, rise, _esc(enc.decode("latin-1"))))
            ops.append("ET")
            y -= leading
        stream = "\n".join(ops).encode("latin-1")
        cid = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << %s >> "
                            b"/Contents %d 0 R >>" % (pages_id, res, cid)))
    objs[pages_id - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(page_ids)
                          + b" ".join(b"%d 0 R" % p for p in page_ids) + b"] >>")
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return serialise(objs, catalog)


def R(text, size=12.0):
    return (text, "R", size, 0.0)


def B(text, size=12.0):
    return (text, "B", size, 0.0)


def SUP(text, size=7.0):
    return (text, "R", size, 4.0)


def BULLET(char="n", font="Z"):
    """A bullet glyph from a symbol font: ZapfDingbats 'n' is a black square, Symbol '\\xb7' a dot."""
    return (char + " ", font, 12.0, 0.0)


# --- hostile PDFs: small files that ask a reader for unbounded memory or time -------------
def _one_page(content: bytes, *, stream_dict: bytes = b"", resources: bytes | None = None,
              extra: list[bytes] = ()) -> bytes:
    """One page whose content stream is ``content`` (already encoded, ``stream_dict`` naming its
    filters); objects 1-4 are font, pages, page, contents; ``extra`` objects follow from 5."""
    res = resources if resources is not None else b"<< /Font << /F1 1 0 R >> >>"
    objs = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 4 0 R >>" % res,
            b"<< /Length %d %s >>\nstream\n" % (len(content), stream_dict) + content + b"\nendstream",
            *extra]
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    return serialise(objs, len(objs))


def _spaces_deflated(mib: int) -> bytes:
    """zlib data for ``mib`` MiB of spaces, built in well under a second: after a full flush
    every further MiB compresses to the same bytes, so one block is repeated; then an empty
    final block and the Adler-32 of the whole."""
    chunk = b" " * (1 << 20)
    comp = zlib.compressobj(9)
    first = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    adler = zlib.adler32(chunk)
    for _ in range(mib - 1):
        adler = zlib.adler32(chunk, adler)
    return first + block * (mib - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def deflate_bomb_pdf(inflated: int, layers: int = 2) -> bytes:
    """A page whose content stream inflates to ``inflated`` bytes of spaces through ``layers``
    chained Flate filters: a few KB on disk (4 GB inflated is about 8 KB with two layers)."""
    data = _spaces_deflated(inflated >> 20)
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
    return _one_page(data, stream_dict=b"/Filter [" + b"/FlateDecode " * layers + b"]")


def repeated_text_pdf(repeats: int) -> bytes:
    """A page of ``repeats`` text-showing operators (one char each): a content stream of
    ``6 * repeats`` bytes that asks for one text object per operator."""
    return _one_page(b"BT /F1 1 Tf " + b"(x) Tj " * repeats + b"ET")


def tounicode_bomb_pdf() -> bytes:
    """A Type0 font whose ToUnicode map declares a 4-byte range: a reader that expands the
    range into a table needs ~2^32 entries."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
            b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    return _one_page(b"BT /F2 12 Tf 72 700 Td <0000000100000002> Tj ET",
                     resources=b"<< /Font << /F1 1 0 R /F2 5 0 R >> >>",
                     extra=[b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H "
                            b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
                            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X "
                            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
                            b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"])


def reference_cycle_pdf() -> bytes:
    """A page whose resources are an indirect reference to an object that refers back."""
    return _one_page(b"BT /F1 12 Tf 72 700 Td (Ofsted) Tj ET", resources=b"5 0 R",
                     extra=[b"6 0 R", b"5 0 R"])
