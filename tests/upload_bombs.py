"""Hostile uploads built by hand, small on disk and cheap to build (no pixels are ever held).

Each builder returns bytes. The PNG is valid to the last byte, so a decoder that is asked to
load it really does allocate width x height x 3 bytes: the tests prove that never happens.
"""

from __future__ import annotations

import struct
import zlib


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _zlib_zeros(total: int) -> bytes:
    """A zlib stream of ``total`` zero bytes, written directly (one fixed-Huffman deflate block:
    a literal 0, then "copy 258 bytes from 1 back" repeated), so building it costs no pixels."""
    literal_zero, copy_258, end = "00110000", "11000101" + "00000", "0000000"
    copies, rest = divmod(total - 1, 258)
    bits = "1" + "10" + literal_zero + copy_258 * copies + literal_zero * rest + end
    bits += "0" * (-len(bits) % 8)
    body = int(bits[::-1], 2).to_bytes(len(bits) // 8, "little")
    adler = ((total % 65521) << 16) | 1
    return b"\x78\x01" + body + struct.pack(">I", adler)


def png_bomb(width: int = 7740, height: int = 7740) -> bytes:
    """A complete RGB PNG of one colour: width x height x 3 bytes of pixels in ~0.1% of that.

    7740 x 7740 is the probe's file: about 175 KB, 180 MB of pixels once decoded.
    """
    idat = _zlib_zeros(height * (1 + width * 3))  # each row: filter type 0, then black pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height, with a token of image data (never decodable)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def jpeg_header_only(width: int, height: int, *, scans: int = 1) -> bytes:
    """A baseline JPEG header declaring width x height (a frame, tables, ``scans`` empty scans)."""
    soi = b"\xff\xd8"
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    dht = (
        b"\xff\xc4"
        + struct.pack(">H", 3 + 16 + 1)
        + b"\x00"
        + bytes([1] + [0] * 15)
        + b"\x00"
        + b"\xff\xc4"
        + struct.pack(">H", 3 + 16 + 1)
        + b"\x10"
        + bytes([1] + [0] * 15)
        + b"\x00"
    )
    sos = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00" + b"\x00\x3f\x00" + b"\x00" * 16
    return soi + app0 + dqt + sof + dht + sos * scans + b"\xff\xd9"


# --- PDF ------------------------------------------------------------------------------------------


def _pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A classic PDF (cross-reference table) of ``objects``, numbered from 1."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def pdf_many_pages(pages: int) -> bytes:
    """A valid PDF of ``pages`` tiny blank pages (the probe's 45,000 pages made 4.5 MB)."""
    kids = b" ".join(b"%d 0 R" % (3 + index) for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * pages
    return _pdf(objects)


def pdf_lying_count(pages: int, declared: int = 1) -> bytes:
    """``pages`` pages under a page tree that declares only ``declared`` (a lying /Count)."""
    kids = b" ".join(b"%d 0 R" % (3 + index) for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (declared, kids),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * pages
    return _pdf(objects)


def pdf_huge_count(declared: int = 10_000_000) -> bytes:
    """One page under a page tree declaring ``declared`` pages."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count %d /Kids [3 0 R] >>" % declared,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>",
        ]
    )


def pdf_with(
    catalog_extra: bytes = b"", page_extra: bytes = b"", extra_objects: list[bytes] | None = None
) -> bytes:
    """A one-page PDF with extra entries in the catalog and the page; extra objects from 4."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + page_extra + b">>",
            *(extra_objects or []),
        ]
    )


def pdf_nested_arrays(depth: int = 50_000) -> bytes:
    """A page whose /Foo is ``depth`` nested arrays (a recursion bomb for a naive parser)."""
    return pdf_with(page_extra=b"/Foo " + b"[" * depth + b"]" * depth + b" ")


def pdf_flate_bomb(megabytes: int = 200) -> bytes:
    """An object stream whose Flate data inflates to ``megabytes`` MB of zeros (~0.1% on disk)."""
    compressor = zlib.compressobj(9)
    chunk = b"\x00" * (1024 * 1024)
    data = b"".join(compressor.compress(chunk) for _ in range(megabytes)) + compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return pdf_with(page_extra=b"/Contents 4 0 R ", extra_objects=[stream])


def pdf_object_stream(
    direct: list[bytes],
    compressed: list[bytes],
    *,
    packed: bytes | None = None,
    stream_in_itself: bool = False,
    xref_extra: bytes = b"",
) -> bytes:
    """A PDF 1.5 file with a cross-reference stream: ``direct`` objects numbered from 1, then the
    ``compressed`` ones inside one Flate object stream (``packed`` replaces its data), then the
    object stream itself and the cross-reference stream. The catalog must be object 1.

    ``stream_in_itself`` lists the object stream as stored inside itself (a loop).
    """
    first = len(direct) + 1
    stream_number = first + len(compressed)
    pairs, position = [], 0
    for index, body in enumerate(compressed):
        pairs.append(b"%d %d" % (first + index, position))
        position += len(body) + 1
    header = b" ".join(pairs) + b"\n"
    data = zlib.compress(header + b"".join(body + b"\n" for body in compressed)) if packed is None else packed
    object_stream = (
        b"<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
        % (len(compressed), len(header), len(data))
        + data
        + b"\nendstream"
    )
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    entries = [struct.pack(">BII", 0, 0, 0xFFFF)]
    for number, body in enumerate([*direct, object_stream], start=1):
        if number == first:
            number = stream_number
            entries += [struct.pack(">BII", 2, stream_number, index) for index in range(len(compressed))]
        offset = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        if number == stream_number and stream_in_itself:
            entries.append(struct.pack(">BII", 2, stream_number, 0))
        else:
            entries.append(struct.pack(">BII", 1, offset, 0))
    xref_offset = len(out)
    entries.append(struct.pack(">BII", 1, xref_offset, 0))
    table = b"".join(entries)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root 1 0 R /Length %d %s>>\nstream\n"
        % (stream_number + 1, stream_number + 2, len(table), xref_extra)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    )
    return bytes(out)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def pdf_text(text: str, catalog_extra: bytes = b"") -> bytes:
    """A one-page PDF that says ``text`` in Helvetica, with extra entries in the catalog."""
    stream = b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


# --- A stand-in virus scanner for EPPID_UPLOAD_SCANNER --------------------------------------------

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
scanned: list[str] = []


def eicar_scanner(content: bytes, *, kind: str) -> None:
    """Refuse the EICAR test string, as ClamAV would; records each kind it was shown."""
    from django.core.exceptions import ValidationError

    scanned.append(kind)
    if EICAR in content:
        raise ValidationError("infected", code="file_infected")
