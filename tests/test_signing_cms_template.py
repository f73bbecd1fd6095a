"""A PAdES B-B signature reuses the CMS pyHanko made once per key (decision 1541).

The CMS of every document signed with one key differs only in the message digest and the
signature value; ``TemplateSigner`` fills those into the structure pyHanko built once. What comes
out must be what pyHanko itself makes, and it must verify like it.
"""

import asyncio
import hashlib

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key
from django.utils import timezone
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes, SimpleSigner
from pyhanko.sign.validation.status import SignatureCoverageLevel
from tests.signing_support import pki_setup, sample_pdf, signature_status

from eppid.signing import pades
from eppid.signing.cms_template import TemplateSigner
from eppid.signing.keys import key_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing_dir(settings, tmp_path):
    pades._SIGNERS.clear()
    return pki_setup(settings, tmp_path)


def _sign(signer, digest: bytes, *, base=False, **kwargs) -> cms.ContentInfo:
    how = SimpleSigner.async_sign if base else TemplateSigner.async_sign
    settings = PdfCMSSignedAttributes(signing_time=timezone.now())
    made = asyncio.run(how(signer, digest, "sha256", use_pades=True, signed_attr_settings=settings, **kwargs))
    return cms.ContentInfo.load(made.dump())


def _verifies(signed: cms.ContentInfo, signer) -> bool:
    [info] = signed["content"]["signer_infos"]
    to_sign = cms.CMSAttributes(list(info["signed_attrs"])).dump()
    public = load_der_public_key(signer.signing_cert.public_key.dump())
    public.verify(info["signature"].native, to_sign, ec.ECDSA(hashes.SHA256()))
    return True


def test_a_signature_from_the_template_is_pyhankos_but_for_the_signature_value(signing_dir):
    signer, _room = pades._signer_for(key_load("unit-35.04"))
    digest = hashlib.sha256(b"a receipt").digest()
    ours, theirs = _sign(signer, digest), _sign(signer, digest, base=True)
    [our_info], [their_info] = ours["content"]["signer_infos"], theirs["content"]["signer_infos"]
    assert our_info["signed_attrs"].dump() == their_info["signed_attrs"].dump()  # the digest in it
    assert our_info["signature"].native != their_info["signature"].native  # ECDSA: a new nonce
    for field in ("version", "sid", "digest_algorithm", "signature_algorithm", "unsigned_attrs"):
        assert our_info[field].dump() == their_info[field].dump(), field
    for field in ("version", "digest_algorithms", "encap_content_info", "certificates"):
        assert ours["content"][field].dump() == theirs["content"][field].dump(), field
    assert _verifies(ours, signer) and _verifies(theirs, signer)
    other = _sign(signer, hashlib.sha256(b"another receipt").digest())
    [other_info] = other["content"]["signer_infos"]
    assert other_info["signed_attrs"].dump() != our_info["signed_attrs"].dump()
    assert _verifies(other, signer)


def test_signed_documents_verify_and_pyhanko_builds_the_cms_once(signing_dir, monkeypatch):
    built = []
    original = SimpleSigner.async_sign

    async def counted(self, *args, **kwargs):
        built.append(kwargs.get("dry_run", False))
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(SimpleSigner, "async_sign", counted)
    key = key_load("unit-35.04")
    signed = [
        pades.pdf_sign(sample_pdf(), key, unit_label="Bawaslu (35.04)", code=f"AB{n}", url=f"https://x/{n}")
        for n in range(3)
    ]
    assert built == [True, False]  # the size estimate, then the template: once for three documents
    for data in signed:
        status = signature_status(data, signing_dir)
        assert status.intact and status.valid and status.trusted
        assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_anything_but_a_plain_pades_signature_is_pyhankos_own(signing_dir, monkeypatch):
    signer, _room = pades._signer_for(key_load("unit-35.04"))
    built = []
    original = SimpleSigner.async_sign

    async def counted(self, *args, **kwargs):
        built.append(kwargs)
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(SimpleSigner, "async_sign", counted)
    digest = hashlib.sha256(b"x").digest()
    asyncio.run(signer.async_sign(digest, "sha256", dry_run=True, use_pades=True))
    asyncio.run(signer.async_sign(digest, "sha256", use_pades=False))  # CMS with a signing time
    assert len(built) == 2
