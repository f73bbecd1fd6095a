"""PDF inspection for ``eppid.core.uploads``: bounded parsing, page count, active content.

Use ``eppid.core.uploads.upload_inspect``; this module is its PDF half. Every step has a bound:

- pypdf runs under ``apply_configuration`` with limits derived from the file: no stream may
  declare more bytes than the file has, decoding (object and cross-reference streams) stops at
  ``DECODE_LIMIT``, the page tree walk stops after about twice the page limit, cross-reference
  streams may list at most twice ``max_objects`` entries.
- The declared page count (``/Pages /Count``) is refused before any page is read; the real page
  count is then taken by a walk that cannot go past the limit (a lying ``/Count`` changes nothing).
- Every object listed in the cross-reference (``max_objects`` at most: pypdf parses about 20,000
  objects a second, so this is the bound on time) is read once and looked at without following
  references; ``NODES_PER_OBJECT`` x ``max_objects`` values in all (dictionary entries and array
  items) bound the rest. Nothing here is recursive; pypdf's own recursion ends in ``RecursionError``,
  which is a refusal like any other parse error.
- Active content is found by what a viewer would run, not by where it sits: an action that runs
  JavaScript, launches a program, sends form data, opens another file or plays media; a ``/JS``
  entry anywhere; the ``/JavaScript`` and ``/EmbeddedFiles`` name trees; embedded file streams and
  file specifications with ``/EF``; file-attachment, rich-media, 3D, movie, sound and screen
  annotations; XFA forms; any ``/AA`` (additional actions run on events without a click); an
  ``/OpenAction`` that does anything but go to a page. Plain links (``/URI``, ``/GoTo``) stay.
- ``strip`` removes each of those where it is referenced, rebuilds the file from what is still
  reachable (pypdf's clone copies only that), and inspects the result again in ``refuse`` mode:
  what comes out is proven clean by the same check that refuses.
"""

from __future__ import annotations

import io
import struct
import zlib

from pypdf import Configuration, PdfReader, PdfWriter, apply_configuration, get_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

DECODE_LIMIT = 32 * 1024 * 1024  # bytes one object or cross-reference stream may decode to
NODES_PER_OBJECT = 40  # dictionary entries and array items read, on average, per object allowed

# What a finding is called: the code is stable (InspectedUpload.removed), the label is shown.
ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/SubmitForm": "form_submission",
    "/ImportData": "form_submission",
    "/GoToR": "external_file",
    "/GoToE": "embedded_file",
    "/Rendition": "multimedia",
    "/RichMediaExecute": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
}
ANNOTATIONS = {
    "/FileAttachment": "embedded_file",
    "/RichMedia": "multimedia",
    "/3D": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
    "/Screen": "multimedia",
}
# Keys whose mere presence is active content, and what it is.
KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",  # the document-level JavaScript name tree (in /Names)
    "/EmbeddedFiles": "embedded_file",  # the embedded files name tree (in /Names)
    "/EF": "embedded_file",  # a file specification carrying the file itself
    "/XFA": "xfa",
    "/AA": "automatic_action",
}


# What pypdf raises on a file it cannot read: its own errors, and (fuzzing showed) plain Python ones,
# down to a bare ``assert`` on a damaged object stream. Each means "damaged", never a server error.
PARSE_ERRORS = (
    PyPdfError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    AssertionError,
    ArithmeticError,
    NotImplementedError,
    RecursionError,
    EOFError,
    OSError,
    struct.error,
    zlib.error,
)


class PdfRefused(Exception):
    """Why a PDF is refused: ``code`` (a ValidationError code) and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _configuration(content: bytes, max_pages: int) -> dict:
    return {
        "maximum_declared_stream_length": len(content),
        "array_based_stream_maximum_output_length": DECODE_LIMIT,
        "zlib_maximum_output_length": DECODE_LIMIT,
        "lzw_maximum_output_length": DECODE_LIMIT,
        "run_length_maximum_output_length": DECODE_LIMIT,
        "brotli_maximum_output_length": DECODE_LIMIT,
        "jbig2_maximum_output_length": DECODE_LIMIT,
        "stream_decoding_work_maximum_length": 2 * DECODE_LIMIT,
        "image_maximum_buffer_size": DECODE_LIMIT,
        "page_tree_maximum_entries": 2 * max_pages + 100,
        "page_tree_maximum_page_entries": 100 * (max_pages + 1),
        "jbig2dec_binary": None,  # never start a program for a file someone uploaded
    }


def pdf_limits(content: bytes, max_pages: int) -> Configuration:
    """The pypdf configuration inspection reads ``content`` under (for ``apply_configuration``)."""
    return get_configuration().with_overwrites(**_configuration(content, max_pages))


def _value(obj):
    """A value with one indirect reference resolved (never more: no walk follows references)."""
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _dangerous(obj) -> str | None:
    """The finding a dictionary *is* (an action, annotation or file that must go), or None."""
    if not isinstance(obj, DictionaryObject):
        return None
    if "/JS" in obj:
        return "javascript"
    kind = ACTIONS.get(str(_value(obj.get("/S", "")))) if "/S" in obj else None
    kind = kind or (ANNOTATIONS.get(str(_value(obj.get("/Subtype", "")))) if "/Subtype" in obj else None)
    if kind:
        return kind
    if _value(obj.get("/Type")) == "/EmbeddedFile" or "/EF" in obj:
        return "embedded_file"
    return None


def _open_action(obj) -> bool:
    """An /OpenAction that does more than show a page (a destination array or a GoTo is fine)."""
    action = _value(obj.get("/OpenAction"))
    return isinstance(action, DictionaryObject) and _value(action.get("/S")) != "/GoTo"


def _findings_of(obj) -> set[str]:
    """Active content a dictionary holds in its own keys (its children are looked at separately)."""
    found = {KEYS[key] for key in KEYS if key in obj}
    if "/AA" in obj and not _value(obj["/AA"]):
        found.discard("automatic_action")  # an empty additional-actions dictionary does nothing
    if "/OpenAction" in obj and _open_action(obj):
        found.add("automatic_action")
    kind = _dangerous(obj)
    if kind:
        found.add(kind)
    return found


class _Budget:
    def __init__(self, nodes: int):
        self.nodes = nodes

    def spend(self, count: int) -> None:
        self.nodes -= count
        if self.nodes < 0:
            raise PdfRefused("pdf_too_complex")


def _scan(obj, budget: _Budget) -> set[str]:
    """Findings in one object and the direct objects inside it (references are not followed)."""
    found: set[str] = set()
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, DictionaryObject):
            budget.spend(len(item) + 1)
            found |= _findings_of(item)
            stack.extend(value for value in item.values() if not isinstance(value, IndirectObject))
        elif isinstance(item, ArrayObject):
            budget.spend(len(item) + 1)
            stack.extend(value for value in item if not isinstance(value, IndirectObject))
    return found


def _object_references(reader: PdfReader, max_objects: int) -> list[IndirectObject]:
    numbers = {(number, generation) for generation, table in reader.xref.items() for number in table}
    numbers |= {(number, 0) for number in reader.xref_objStm}
    if len(numbers) > max_objects:
        raise PdfRefused("pdf_too_complex")
    return [IndirectObject(number, generation, reader) for number, generation in sorted(numbers)]


def active_content_find(reader: PdfReader, *, max_objects: int = 1_000_000) -> set[str]:
    """Every kind of active content in the file: each listed object, read once, plus the trailer."""
    budget = _Budget(NODES_PER_OBJECT * max_objects)
    found = _scan(reader.trailer, budget)
    for reference in _object_references(reader, max_objects):
        found |= _scan(reference.get_object(), budget)
    return found


def _strip(reader: PdfReader, max_objects: int) -> set[str]:
    """Remove active content from the reachable objects, in place; returns what was removed."""
    removed: set[str] = set()
    budget = _Budget(NODES_PER_OBJECT * max_objects)
    seen: set[int] = set()
    stack = [reader.trailer]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, DictionaryObject):
            budget.spend(len(item) + 1)
            for key in [key for key in KEYS if key in item]:
                if key != "/AA" or _value(item[key]):  # an empty /AA goes too, unreported
                    removed.add(KEYS[key])
                del item[NameObject(key)]
            if "/OpenAction" in item and _open_action(item):
                removed.add("automatic_action")
                del item[NameObject("/OpenAction")]
            for key, value in list(item.items()):
                kind = _dangerous(_value(value))
                if kind:
                    removed.add(kind)
                    del item[key]
                else:
                    stack.append(_value(value))
        elif isinstance(item, ArrayObject):
            budget.spend(len(item) + 1)
            for index in range(len(item) - 1, -1, -1):
                kind = _dangerous(_value(item[index]))
                if kind:
                    removed.add(kind)
                    del item[index]
                else:
                    stack.append(_value(item[index]))
    return removed


def _declared_pages(reader: PdfReader) -> int:
    pages = _value(_value(reader.trailer["/Root"]).get("/Pages"))
    count = _value(pages.get("/Count")) if isinstance(pages, DictionaryObject) else None
    if not isinstance(count, int) or count < 1:
        raise PdfRefused("pdf_unreadable")
    return int(count)


def _counted_pages(reader: PdfReader, max_pages: int) -> int:
    """The real page count, by a walk that stops soon after the limit (pypdf's page tree limits:
    a tree that declares few pages but holds many, or nests too deep, is too complex)."""
    pages = len(reader.pages)
    if pages < 1:
        raise PdfRefused("pdf_unreadable")
    if pages > max_pages:
        raise PdfRefused("pdf_too_many_pages", pages=pages)
    for page in reader.pages:
        page.mediabox  # noqa: B018 - reading each page object proves the page tree parses
    return pages


def _read(content: bytes, max_pages: int, max_objects: int) -> tuple[PdfReader, int]:
    """Open, refuse encryption and too many pages; returns the reader and the page count."""
    reader = PdfReader(io.BytesIO(content), strict=True, xref_stream_maximum_entries=2 * max_objects + 16)
    if reader.is_encrypted:
        raise PdfRefused("pdf_encrypted")
    declared = _declared_pages(reader)
    if declared > max_pages:
        raise PdfRefused("pdf_too_many_pages", pages=declared)
    return reader, _counted_pages(reader, max_pages)


def pdf_inspect(
    content: bytes, *, max_pages: int, max_objects: int, active_content: str
) -> tuple[bytes, int, tuple[str, ...]]:
    """Check a PDF; returns (content, pages, removed) or raises PdfRefused.

    ``active_content="refuse"`` refuses a file with any; ``"strip"`` removes it and returns the
    rebuilt file (unchanged bytes when there was nothing to remove, so signatures stay valid).
    """
    # A complete PDF ends with %%EOF (a few trailing bytes allowed); pypdf would repair a cut one.
    if b"%%EOF" not in content[-1024:]:
        raise PdfRefused("pdf_unreadable")
    # Built outside the try: a limit this pypdf does not know is a programming error, not a bad file.
    limits = pdf_limits(content, max_pages)
    try:
        with apply_configuration(limits):
            reader, pages = _read(content, max_pages, max_objects)
            found = active_content_find(reader, max_objects=max_objects)
            if not found:
                return content, pages, ()
            if active_content != "strip":
                raise PdfRefused("pdf_active_content", found=tuple(sorted(found)))
            removed = _strip(reader, max_objects)
            writer = PdfWriter(clone_from=reader)
            writer.pdf_header = reader.pdf_header
            output = io.BytesIO()
            writer.write(output)
    except PdfRefused:
        raise
    except LimitReachedError:
        raise PdfRefused("pdf_too_complex") from None
    except PARSE_ERRORS:
        raise PdfRefused("pdf_unreadable") from None
    cleaned, pages, _ = pdf_inspect(
        output.getvalue(), max_pages=max_pages, max_objects=max_objects, active_content="refuse"
    )
    return cleaned, pages, tuple(sorted(removed | found))
