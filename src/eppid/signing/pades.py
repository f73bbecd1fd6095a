"""PAdES signing with pyHanko: B-B, or B-T when EPPID_TSA_URL names a timestamp authority.

The visible stamp sits in ``pdf.STAMP_BOX`` on the last page: the unit, the signer, the time, the
document code and a QR code to the document's verification page.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from zoneinfo import ZoneInfo

import qrcode
from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.qr import PdfStreamQRImage
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import init_xobject_dictionary
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.stamp import QRStampStyle
from pyhanko.stamp.qr import QRStamp

from eppid.signing._sync import off_loop
from eppid.signing.cms_template import TemplateSigner
from eppid.signing.keys import LoadedKey
from eppid.signing.pdf import STAMP_BOX
from eppid.signing.pdf_fonts import latin1_text

FIELD_NAME = "ePPID-Signature"
JAKARTA = ZoneInfo("Asia/Jakarta")

STAMP_TEXT = (
    "Ditandatangani secara elektronik / Digitally signed\n"
    "%(unit)s\n"
    "Penanda tangan / Signer: %(signer)s\n"
    "Waktu / Time: %(time)s\n"
    "Kode dokumen / Document code: %(code)s\n"
    "Periksa / Verify: %(url)s"
)

# The QR code's mask: qrcode tries all eight and keeps the lowest penalty (ISO 18004), about 4 ms
# per stamp; any mask decodes the same. Mask 2 is the best for 43 % of our verification URLs and
# its penalty within 6 % of the best on average (150 random document codes), so it is used for all.
QR_MASK = 2


class _QRStamp(QRStamp):
    def _qr_xobject(self):
        """pyHanko's QR code (error correction M, no inner image), with the mask above."""
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=QR_MASK)
        qr.add_data(self.url)
        qr.make()
        command_stream = qr_command_stream(qr)
        bbox_size = (qr.modules_count + 2 * qr.border) * qr.box_size
        qr_xobj = init_xobject_dictionary(command_stream, bbox_size, bbox_size)
        qr_xobj.compress()
        return self.writer.add_object(qr_xobj), bbox_size


def qr_command_stream(qr: qrcode.QRCode) -> bytes:
    """``qr.make_image(image_factory=PdfStreamQRImage).render_command_stream()`` byte for byte (a
    filled 1x1 square per dark module, row by row), written straight from the made code's modules:
    no image object and no call per module."""
    image = PdfStreamQRImage(qr.border, qr.modules_count, qr.box_size, qrcode_modules=qr.modules)
    # "%g" of a module's column and row (small non-negative integers) is their decimal form.
    squares = [
        f"{col} {row} 1 1 re" for row, line in enumerate(qr.modules) for col, dark in enumerate(line) if dark
    ]
    parts = [image.setup_drawing_area(), "\n".join(squares).encode("ascii"), b"f"]
    return b"\n".join(part for part in parts if part)  # a code always has dark modules (its finders)


class _QRStampStyle(QRStampStyle):
    def create_stamp(self, writer, box, text_params: dict) -> QRStamp:
        if self.qr_inner_content is not None:
            return super().create_stamp(writer, box, text_params)
        params = dict(text_params)
        return _QRStamp(writer, style=self, url=params.pop("url"), text_params=params, box=box)


STAMP_STYLE = _QRStampStyle(
    stamp_text=STAMP_TEXT,
    border_width=1,
    text_box_style=TextBoxStyle(font_size=8, leading=10),
)


_SIGNERS: dict[bytes, tuple[TemplateSigner, int]] = {}
_SIGNERS_MAX = 64


class SigningFailed(Exception):
    """The key was there but signing did not succeed (e.g. the timestamp authority failed)."""


def pdf_sign(pdf: bytes, key: LoadedKey, *, unit_label: str, code: str, url: str) -> bytes:
    """``pdf`` signed (PAdES) with ``key``; the stamp shows ``unit_label``, ``code`` and ``url``."""
    signer, reserved = _signer_for(key)
    timestamper = timestamps.HTTPTimeStamper(settings.EPPID_TSA_URL) if settings.EPPID_TSA_URL else None
    if timestamper is not None:
        reserved = None  # a timestamp token's size is the authority's: let pyHanko ask for one
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="Dokumen resmi e-PPID Bawaslu",
        location=latin1_text(unit_label),
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer,
        timestamper=timestamper,
        stamp_style=STAMP_STYLE,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELD_NAME, on_page=-1, box=STAMP_BOX),
    )
    now = timezone.now().astimezone(JAKARTA)
    params = {
        "url": url,
        "unit": latin1_text(unit_label),
        "time": now.strftime("%Y-%m-%d %H:%M:%S WIB (UTC+07:00)"),
        "code": code,
    }
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = off_loop(pdf_signer.sign_pdf, writer, appearance_text_params=params, bytes_reserved=reserved)
    except Exception as exc:  # noqa: BLE001 - any failure leaves the document pending, with the reason
        raise SigningFailed(f"{type(exc).__name__}: {exc}"[:280]) from exc
    return out.getvalue()


def _signer_for(key: LoadedKey) -> tuple[TemplateSigner, int]:
    """pyHanko's signer for ``key`` and the room its signature needs in a PDF, kept per process.

    Keyed by the PKCS#12 bytes and passphrase (a replaced certificate is a new entry). The room
    is what pyHanko itself would reserve on every signature (a dry-run CMS, hex, plus 50 %),
    computed once instead of once per document.
    """
    ident = hashlib.sha256(key.pkcs12_bytes + b"\x00" + (key.passphrase or b"")).digest()
    cached = _SIGNERS.get(ident)
    if cached is not None:
        return cached
    try:
        loaded = signers.SimpleSigner.load_pkcs12_data(key.pkcs12_bytes, (), passphrase=key.passphrase)
    except ValueError as exc:
        raise SigningFailed(f"certificate {key.info.name}: cannot load the key") from exc
    if loaded is None or loaded.signing_cert is None:
        raise SigningFailed(f"certificate {key.info.name}: cannot load the key")
    signer = TemplateSigner.of(loaded)
    attributes = PdfCMSSignedAttributes(signing_time=timezone.now())
    dummy = off_loop(
        asyncio.run,
        signer.async_sign(
            hashlib.sha256(b"").digest(),
            "sha256",
            dry_run=True,
            use_pades=True,
            signed_attr_settings=attributes,
        ),
    )
    size = len(dummy.dump()) * 2
    cached = (signer, size + 2 * (size // 4))
    if len(_SIGNERS) >= _SIGNERS_MAX:
        _SIGNERS.clear()
    _SIGNERS[ident] = cached
    return cached


def pdf_readable(pdf: bytes) -> bool:
    try:
        PdfFileReader(io.BytesIO(pdf), strict=False).root  # noqa: B018 - parsing is the test
    except Exception:  # noqa: BLE001
        return False
    return True
