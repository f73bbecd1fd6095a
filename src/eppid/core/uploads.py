"""Uploaded files, checked the same way for every domain: one function, one result, one error type.

Usage::

    from eppid.core.uploads import upload_inspect

    checked = upload_inspect(uploaded_file)                     # an identity scan: PDF, JPEG, PNG
    checked = upload_inspect(data, kinds=("pdf",), active_content="strip")   # a published document
    checked.kind           # "pdf", "jpeg" or "png": what the bytes are, never what the name says
    checked.content        # the bytes to store: a PDF as sent (or cleaned, see below), an image
                           # decoded and re-encoded as pixels only (no EXIF, GPS, XMP, ICC, text)
    checked.content_type, checked.extension, checked.size, checked.sha256 (hex of content)
    checked.pages          # PDF page count; checked.width / checked.height for images
    checked.removed        # strip mode: the kinds of active content taken out (empty: untouched)
    active_content_labels(checked.removed)   # their translated names, to tell the uploader

    with pdf_limits_apply(checked.content):  # read it further (text extraction) under the same
        text = PdfReader(io.BytesIO(checked.content)).pages[0].extract_text()   # pypdf limits

``upload_inspect(upload, *, kinds=KINDS, max_bytes=None, max_pages=None, max_pixels=None,
max_objects=None, active_content="refuse")`` takes an uploaded file (anything with ``read``) or
bytes, and returns an ``InspectedUpload`` or raises ``django.core.exceptions.ValidationError``
with one translated message and a stable ``code``:

- ``file_missing``, ``file_empty``, ``file_too_big`` (more than ``max_bytes``; at most
  ``max_bytes + 1`` bytes are ever read), ``file_type`` (the bytes are none of ``kinds``);
- ``image_too_large``: the pixel count *declared in the header* is above ``max_pixels``; refused
  before Pillow decodes anything, so decoding needs at most about ``max_pixels`` x 8 bytes;
  ``image_unreadable``: damaged, or a JPEG of implausibly many scans;
- ``pdf_too_many_pages``: the declared page count, then the real one (a walk that stops past
  the limit), above ``max_pages``; ``pdf_too_complex``: more than ``max_objects`` objects (the
  bound on parsing time), or more values, nesting or decoded bytes than a document needs (see
  ``eppid.core.upload_pdf``); ``pdf_encrypted``, ``pdf_unreadable``;
- ``pdf_active_content`` (refuse mode): JavaScript, launch actions, form submission, links that
  open other files, embedded files, media, XFA forms, automatic actions. ``active_content=
  "strip"`` removes them instead, re-inspects the rebuilt file, and lists them in ``removed``.
- whatever the configured scanner raises (below).

Defaults come from settings (README): ``EPPID_UPLOAD_MAX_BYTES``, ``EPPID_UPLOAD_MAX_PIXELS``,
``EPPID_UPLOAD_MAX_PAGES``, ``EPPID_UPLOAD_MAX_PDF_OBJECTS``. Which mode each domain uses, and
why: docs/decisions/1220-upload-inspection.md.

Virus scanning hook: ``EPPID_UPLOAD_SCANNER`` may name a callable ``scanner(content: bytes, *,
kind: str) -> None`` (dotted path). It runs on every upload after the size and type checks and
before any parser, and refuses a file by raising ``ValidationError`` (code ``file_infected``, or
``file_not_scanned`` when the scanner cannot answer: fail closed). Empty (default): no scanner;
``EPPID_CLAMD_SOCKET`` or ``EPPID_CLAMD_ADDRESS`` make it ClamAV (``eppid.core.clamav``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import apply_configuration

from eppid.core.upload_pdf import PdfRefused, pdf_inspect, pdf_limits

KINDS = ("pdf", "jpeg", "png")
_TYPES = {
    "pdf": ("application/pdf", "pdf", "PDF"),
    "jpeg": ("image/jpeg", "jpg", "JPEG"),
    "png": ("image/png", "png", "PNG"),
}
_MAGIC = (("pdf", b"%PDF-"), ("jpeg", b"\xff\xd8\xff"), ("png", b"\x89PNG\r\n\x1a\n"))
ACTIVE_MODES = ("refuse", "strip")
MAX_JPEG_SCANS = 64  # a progressive JPEG has about 10; each scan is one more pass over every pixel

ACTIVE_CONTENT_LABELS = {
    "javascript": gettext_lazy("JavaScript"),
    "launch": gettext_lazy("an action that starts a program"),
    "form_submission": gettext_lazy("a form that sends data elsewhere"),
    "external_file": gettext_lazy("a link that opens another file"),
    "embedded_file": gettext_lazy("attached files"),
    "multimedia": gettext_lazy("embedded media"),
    "xfa": gettext_lazy("an XFA form, which can run scripts"),
    "automatic_action": gettext_lazy("actions that run by themselves when the file or a page is opened"),
}


@dataclass(frozen=True)
class InspectedUpload:
    kind: str
    content: bytes
    sha256: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None
    removed: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return _TYPES[self.kind][0]

    @property
    def extension(self) -> str:
        return _TYPES[self.kind][1]

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def cleaned(self) -> bool:
        return bool(self.removed)


def upload_sniff(content: bytes) -> str | None:
    """The kind of file the first bytes say (``pdf``, ``jpeg``, ``png``), or None."""
    return next((kind for kind, magic in _MAGIC if content.startswith(magic)), None)


def _read_limited(upload, max_bytes: int) -> bytes:
    if isinstance(upload, bytes | bytearray | memoryview):
        return bytes(upload[: max_bytes + 1])
    if hasattr(upload, "seek"):
        with contextlib.suppress(OSError, ValueError):
            upload.seek(0)
    return bytes(upload.read(max_bytes + 1) or b"")


def _megabytes(limit: int) -> str:
    megabytes = limit / (1024 * 1024)
    return f"{megabytes:g}" if megabytes >= 1 else f"{megabytes:.2g}"


def _type_error(kinds) -> ValidationError:
    names = [_TYPES[kind][2] for kind in kinds]
    listed = (
        names[0]
        if len(names) == 1
        else _("%(items)s or %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}
    )
    return ValidationError(
        _("The file must be a %(kinds)s. Other types of file are not accepted.") % {"kinds": listed},
        code="file_type",
    )


def _image_unreadable() -> ValidationError:
    return ValidationError(
        _("The image is damaged or incomplete and cannot be read. Send it again."), code="image_unreadable"
    )


# --- Images ---------------------------------------------------------------------------------------

_SOF_MARKERS = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def _png_size(content: bytes) -> tuple[int, int] | None:
    """Width and height from the IHDR chunk, which must come first."""
    if len(content) < 33 or content[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", content[16:24])


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    """The largest frame size of the segments before the first scan (what a decoder allocates)."""
    position, sizes = 2, []
    while position + 4 <= len(content):
        if content[position] != 0xFF:
            return None
        marker = content[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: the header is over
            break
        (length,) = struct.unpack(">H", content[position + 2 : position + 4])
        if length < 2:
            return None
        if marker in _SOF_MARKERS and position + 9 <= len(content):
            height, width = struct.unpack(">HH", content[position + 5 : position + 9])
            sizes.append((width, height))
        position += 2 + length
    if not sizes:
        return None
    return max(width for width, _ in sizes), max(height for _, height in sizes)


def _too_large(width: int, height: int, max_pixels: int) -> ValidationError:
    return ValidationError(
        _(
            "The image is too large (%(width)s × %(height)s pixels). Send an image of at most "
            "%(limit)s megapixels, for example a photo taken at a lower resolution."
        )
        % {"width": width, "height": height, "limit": f"{max_pixels / 1_000_000:g}"},
        code="image_too_large",
    )


def _declared_size(content: bytes, kind: str, max_pixels: int) -> tuple[int, int]:
    """The header's size, refused above ``max_pixels`` before any decoder sees the file."""
    size = _png_size(content) if kind == "png" else _jpeg_size(content)
    if size is None or 0 in size:
        raise _image_unreadable()
    if size[0] * size[1] > max_pixels:
        raise _too_large(*size, max_pixels)
    if kind == "jpeg" and content.count(b"\xff\xda") > MAX_JPEG_SCANS:
        raise _image_unreadable()
    return size


def _reencode(image: Image.Image, kind: str) -> tuple[bytes, tuple[int, int]]:
    """Pixels only, in a fresh image: no EXIF, GPS, XMP, ICC profile or text chunk survives.

    At most two copies of the pixels exist at any time: each step closes the image it came from.
    Returns the new file and its size (turned as the EXIF orientation said)."""
    ImageOps.exif_transpose(image, in_place=True)  # turn the pixels as EXIF says, then drop EXIF
    mode = image.mode
    keep = {"jpeg": {"L", "RGB"}, "png": {"1", "L", "LA", "P", "RGB", "RGBA"}}[kind]
    if mode not in keep:
        mode = "RGB" if kind == "jpeg" else "RGBA"
        converted = image.convert(mode)
        image.close()
        image = converted
    clean = Image.new(mode, image.size)
    if mode == "P":
        clean.putpalette(image.getpalette() or [])
    clean.paste(image)
    image.close()
    output = io.BytesIO()
    if kind == "jpeg":
        clean.save(output, format="JPEG", quality=90, optimize=True)
    else:
        # Default zlib effort, no optimize pass: optimize=True tried every filter at level 9
        # and cost ~8 ms even for a tiny scan, for a few per cent of size.
        clean.save(output, format="PNG", optimize=False)
    size = clean.size
    clean.close()
    return output.getvalue(), size


def _image_inspect(content: bytes, kind: str, max_pixels: int) -> InspectedUpload:
    width, height = _declared_size(content, kind, max_pixels)
    pil_format = "JPEG" if kind == "jpeg" else "PNG"
    try:
        # Image.open reads the header only; Pillow's own bomb check (MAX_IMAGE_PIXELS) is a
        # second line behind ours, which is lower and has already run.
        with Image.open(io.BytesIO(content), formats=[pil_format]) as probe:
            if probe.size != (width, height):  # Pillow must read the size we checked
                raise _image_unreadable()
            probe.verify()
        with Image.open(io.BytesIO(content), formats=[pil_format]) as image:
            image.load()
            output, (width, height) = _reencode(image, kind)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _too_large(width, height, max_pixels) from None
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        struct.error,
        TypeError,
        LookupError,
        ArithmeticError,
        EOFError,
    ):  # Pillow on a damaged file (UnidentifiedImageError is an OSError; named for the reader)
        raise _image_unreadable() from None
    return InspectedUpload(
        kind=kind, content=output, sha256=hashlib.sha256(output).hexdigest(), width=width, height=height
    )


# --- PDF ------------------------------------------------------------------------------------------


def _pdf_error(refused: PdfRefused, max_pages: int) -> ValidationError:
    code = refused.code
    if code == "pdf_too_many_pages":
        message = _(
            "The PDF has %(pages)s pages; at most %(limit)s are accepted. "
            "Send only the pages that are needed."
        ) % {"pages": refused.params["pages"], "limit": max_pages}
    elif code == "pdf_active_content":
        found = ", ".join(str(ACTIVE_CONTENT_LABELS[kind]) for kind in refused.params["found"])
        message = _(
            "The PDF contains active content (%(found)s), which is not accepted. Print it to a new "
            "PDF or scan the paper again, and send that file."
        ) % {"found": found}
    elif code == "pdf_too_complex":
        message = _(
            "The PDF is too complex to check. Print it to a new PDF or scan the paper again, "
            "and send that file."
        )
    elif code == "pdf_encrypted":
        message = _("The PDF file is protected with a password. Send it without a password.")
    else:
        code = "pdf_unreadable"
        message = _("The PDF file is damaged or incomplete and cannot be read. Send it again.")
    return ValidationError(message, code=code)


def _pdf(content: bytes, max_pages: int, max_objects: int, active_content: str) -> InspectedUpload:
    try:
        output, pages, removed = pdf_inspect(
            content, max_pages=max_pages, max_objects=max_objects, active_content=active_content
        )
    except PdfRefused as refused:
        raise _pdf_error(refused, max_pages) from None
    return InspectedUpload(
        kind="pdf", content=output, sha256=hashlib.sha256(output).hexdigest(), pages=pages, removed=removed
    )


# --- The API ----------------------------------------------------------------------------------------


def upload_scan(content: bytes, kind: str) -> None:
    """Hand the bytes to the configured scanner (EPPID_UPLOAD_SCANNER), if any."""
    path = getattr(settings, "EPPID_UPLOAD_SCANNER", "")
    if path:
        import_string(path)(content, kind=kind)


def upload_inspect(
    upload,
    *,
    kinds: tuple[str, ...] = KINDS,
    max_bytes: int | None = None,
    max_pages: int | None = None,
    max_pixels: int | None = None,
    max_objects: int | None = None,
    active_content: str = "refuse",
) -> InspectedUpload:
    """Check an upload by its bytes (never its name or declared type); see the module docstring."""
    if active_content not in ACTIVE_MODES or not kinds or any(kind not in _TYPES for kind in kinds):
        raise ValueError(f"upload_inspect: kinds {kinds!r}, active_content {active_content!r}")
    max_bytes = settings.EPPID_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if upload is None:
        raise ValidationError(_("Choose a file to upload."), code="file_missing")
    content = _read_limited(upload, max_bytes)
    if len(content) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)s MB. Send a smaller file.")
            % {"limit": _megabytes(max_bytes)},
            code="file_too_big",
        )
    if not content:
        raise ValidationError(_("The file is empty. Choose another file."), code="file_empty")
    kind = upload_sniff(content)
    if kind not in kinds:
        raise _type_error(kinds)
    upload_scan(content, kind)
    if kind == "pdf":
        return _pdf(
            content,
            max_pages or settings.EPPID_UPLOAD_MAX_PAGES,
            max_objects or settings.EPPID_UPLOAD_MAX_PDF_OBJECTS,
            active_content,
        )
    return _image_inspect(content, kind, max_pixels or settings.EPPID_UPLOAD_MAX_PIXELS)


@contextlib.contextmanager
def pdf_limits_apply(content: bytes, *, max_pages: int | None = None) -> Iterator[None]:
    """Read an inspected PDF further (extract its text, render it) under the limits it was
    inspected with: ``with pdf_limits_apply(checked.content): PdfReader(...).pages[0]...``."""
    with apply_configuration(pdf_limits(content, max_pages or settings.EPPID_UPLOAD_MAX_PAGES)):
        yield


def active_content_labels(codes) -> list[str]:
    """The translated names of ``InspectedUpload.removed`` (to tell staff what was taken out)."""
    return [str(ACTIVE_CONTENT_LABELS[code]) for code in codes]


__all__ = [
    "ACTIVE_CONTENT_LABELS",
    "KINDS",
    "InspectedUpload",
    "active_content_labels",
    "pdf_limits_apply",
    "upload_inspect",
    "upload_scan",
    "upload_sniff",
]
