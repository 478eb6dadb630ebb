"""Joining the chunk PDFs of a batch into one file, streaming: one chunk in memory at a time.

A batch is drawn in chunks (each its own small PDF, see sheets.py). Merging them with pdfium held
the whole result in memory until it was saved, so a batch's memory grew with its page count
(10,000 badges: +18 MB for each further 5,000). The chunks are reportlab's own output, a plain
shape this module relies on and checks: a classic xref table, no object streams, no encryption,
one flat page tree, a catalog and an info dictionary. Their objects are copied in order, with
object numbers shifted per chunk (references are rewritten in dictionaries only, never inside
stream data), under one new catalog and page tree. The file ID is the MD5 of what was written,
so equal chunks give equal bytes.

Anything else in a chunk raises NotJoinable; the caller then merges with pdfium as before.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path

_REF = re.compile(rb"(\d+) 0 R\b")
_XREF_ROW = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJ_HEAD = re.compile(rb"(\d+) 0 obj\s*")
_STREAM = re.compile(rb">>\s*stream(\r\n|\n)")

CATALOG, PAGES, INFO = 1, 2, 3          # object numbers in the joined file
FIRST_FREE = 4


class NotJoinable(Exception):
    """A chunk this joiner does not read; merge another way."""


class Chunk:
    """One chunk file: its objects (number -> bytes of the object body) and trailer refs."""

    def __init__(self, data: bytes):
        self.data = data
        at = data.rfind(b"startxref")
        if at < 0:
            raise NotJoinable("no startxref")
        xref_at = int(data[at + 9:].split()[0])
        if not data.startswith(b"xref", xref_at):
            raise NotJoinable("not a classic xref table")
        trailer_at = data.find(b"trailer", xref_at)
        head = data[xref_at:trailer_at].split(b"\n", 2)
        first, count = map(int, head[1].split())
        if first != 0:
            raise NotJoinable("xref table in sections")
        rows = _XREF_ROW.findall(data, xref_at, trailer_at)
        if len(rows) != count:
            raise NotJoinable("xref table rows")
        self.offsets = {i: int(off) for i, (off, gen, kind) in enumerate(rows) if kind == b"n" and i}
        if any(gen != b"00000" for off, gen, kind in rows[1:] if kind == b"n"):
            raise NotJoinable("object generations")
        trailer = data[trailer_at:at]
        if b"/Encrypt" in trailer or b"/Prev" in trailer:
            raise NotJoinable("encrypted or updated")
        self.root = self._ref(trailer, b"/Root")
        self.info = self._ref(trailer, b"/Info")
        ends = [*sorted(self.offsets.values()), xref_at]
        self._end = {start: end for start, end in itertools.pairwise(ends)}
        self.header = data[:min(self.offsets.values())]
        catalog = self.dictionary(self.root)
        self.catalog = catalog
        self.pages_root = self._ref(catalog, b"/Pages")
        pages = self.dictionary(self.pages_root)
        if not re.fullmatch(rb"<<\s*(/Count \d+|/Kids \[[\d R\s]*\]|/Type /Pages|\s)*>>\s*", pages):
            raise NotJoinable("page tree with more than a flat list of pages")
        self.pages = [int(n) for n in _REF.findall(pages[pages.index(b"/Kids"):])]

    @staticmethod
    def _ref(text: bytes, key: bytes) -> int:
        m = re.search(re.escape(key) + rb"\s+(\d+) 0 R", text)
        if m is None:
            raise NotJoinable(f"no {key.decode()}")
        return int(m.group(1))

    def body(self, number: int) -> bytes:
        """The object's bytes between "N 0 obj" and "endobj" (exclusive)."""
        start = self.offsets[number]
        raw = self.data[start:self._end[start]]
        head = _OBJ_HEAD.match(raw)
        end = raw.rfind(b"endobj")
        if head is None or int(head.group(1)) != number or end < 0:
            raise NotJoinable(f"object {number}")
        return raw[head.end():end]

    def dictionary(self, number: int) -> bytes:
        body = self.body(number)
        if _STREAM.search(body):
            raise NotJoinable(f"object {number} is a stream")
        return body


def _renumber(text: bytes, numbers: dict[int, int]) -> bytes:
    """References in a dictionary given their numbers in the joined file."""
    try:
        return _REF.sub(lambda m: b"%d 0 R" % numbers[int(m.group(1))], text)
    except KeyError as exc:
        raise NotJoinable(f"a reference to object {exc} that is not copied") from None


class _Writer:
    def __init__(self, fh):
        self.fh, self.at, self.md5, self.offsets = fh, 0, hashlib.md5(), {}

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.md5.update(data)
        self.at += len(data)

    def obj(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.at
        self.write(b"%d 0 obj\n" % number + body + b"endobj\n")


def join(paths: list[Path], fh) -> int:
    """Write the chunks at `paths`, in order, as one PDF to the binary file `fh`; the page count."""
    out = _Writer(fh)
    kids: list[int] = []
    following = FIRST_FREE
    catalog = info = b""
    for k, path in enumerate(paths):
        chunk = Chunk(Path(path).read_bytes())
        kept = [n for n in sorted(chunk.offsets) if n not in (chunk.root, chunk.pages_root, chunk.info)]
        numbers = {n: following + i for i, n in enumerate(kept)}
        following += len(kept)
        numbers[chunk.pages_root] = PAGES
        if k == 0:
            out.write(chunk.header)
            catalog = _renumber(chunk.catalog, numbers)
            info = _renumber(chunk.dictionary(chunk.info), numbers)
        del numbers[chunk.pages_root]
        pages = set(chunk.pages)
        for number in kept:
            body = chunk.body(number)
            stream = _STREAM.search(body)
            if stream:
                body = _renumber(body[:stream.start()], numbers) + body[stream.start():]
            elif number in pages:
                body, n = re.subn(rb"/Parent \d+ 0 R", b"/Parent @", body)      # the new page tree
                if n != 1:
                    raise NotJoinable("a page without one /Parent")
                body = _renumber(body, numbers).replace(b"/Parent @", b"/Parent %d 0 R" % PAGES)
            else:
                body = _renumber(body, numbers)
            out.obj(numbers[number], body)
        kids += [numbers[n] for n in chunk.pages]
    out.obj(CATALOG, catalog)
    refs = b" ".join(b"%d 0 R" % n for n in kids)
    out.obj(PAGES, b"<<\n/Count %d /Kids [ %s ] /Type /Pages\n>>\n" % (len(kids), refs))
    out.obj(INFO, info)
    xref_at = out.at
    rows = [b"xref\n0 %d\n0000000000 65535 f \n" % following]
    rows += [b"%010d 00000 n \n" % out.offsets[number] for number in range(1, following)]
    out.write(b"".join(rows))
    ident = out.md5.hexdigest().encode()
    out.write(b"trailer\n<<\n/ID [<%s><%s>]\n/Info %d 0 R\n/Root %d 0 R\n/Size %d\n>>\nstartxref\n%d\n%%%%EOF\n"
              % (ident, ident, INFO, CATALOG, following, xref_at))
    return len(kids)
