"""pyHanko's signer with the CMS of a PAdES B-B signature made once per key and reused.

A PAdES B-B signature's CMS (RFC 5652 SignedData) from one key differs between documents only in
the message digest (a signed attribute) and the signature value: the certificates, the signer's
identifier and the signing-certificate-v2 attribute are the same every time (PAdES puts the
signing time in the PDF, not in the CMS). pyHanko builds the whole structure again with
asn1crypto on every signature, which re-encodes the certificates: about half of a signature's
CPU time. ``TemplateSigner`` lets pyHanko build it once (the template), then for each document
loads the template, puts in the digest, signs the DER of the signed attributes with the key
(pyHanko's own ``sign_raw``) and writes the signature value: asn1crypto re-encodes only what
changed. Anything else (a timestamp authority, CAdES attributes, revocation info, a dry run)
goes to pyHanko unchanged (decision 1541).
"""

from __future__ import annotations

import dataclasses
import threading

from asn1crypto import cms
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes, SimpleSigner

# What pyHanko puts in a PAdES B-B signature's signed attributes; a template with anything else
# (an attribute that may change between documents) is not used.
_TEMPLATE_ATTRIBUTES = {
    "content_type",
    "message_digest",
    "signing_certificate_v2",
    "cms_algorithm_protection",
}
_PLACEHOLDER = b"\x00" * 32


def _plain(settings: PdfCMSSignedAttributes | None) -> bool:
    """Whether ``settings`` asks for nothing but the signing time (which PAdES leaves out)."""
    if settings is None:
        return True
    return dataclasses.replace(settings, signing_time=None) == PdfCMSSignedAttributes()


class TemplateSigner(SimpleSigner):
    """``SimpleSigner`` whose PAdES B-B signatures reuse a CMS made once (see the module)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._templates: dict[str, bytes | None] = {}
        self._lock = threading.Lock()

    @classmethod
    def of(cls, signer: SimpleSigner) -> TemplateSigner:
        """The same key, certificate and chain as ``signer`` (pyHanko's loaders make a SimpleSigner)."""
        return cls(
            signing_cert=signer.signing_cert,
            signing_key=signer.signing_key,
            cert_registry=signer.cert_registry,
            signature_mechanism=signer.signature_mechanism,
            prefer_pss=signer.prefer_pss,
            embed_roots=signer.embed_roots,
        )

    async def _template(self, digest_algorithm: str, settings) -> bytes | None:
        with self._lock:
            if digest_algorithm in self._templates:
                return self._templates[digest_algorithm]
        made = await super().async_sign(
            _PLACEHOLDER, digest_algorithm, use_pades=True, signed_attr_settings=settings
        )
        [info] = made["content"]["signer_infos"]
        kinds = {attribute["type"].native for attribute in info["signed_attrs"]}
        usable = kinds <= _TEMPLATE_ATTRIBUTES and "message_digest" in kinds and not info["unsigned_attrs"]
        template = made.dump() if usable else None
        with self._lock:
            self._templates[digest_algorithm] = template
        return template

    async def async_sign(
        self,
        data_digest: bytes,
        digest_algorithm: str,
        dry_run=False,
        use_pades=False,
        timestamper=None,
        signed_attr_settings: PdfCMSSignedAttributes | None = None,
        is_pdf_sig=True,
        encap_content_info=None,
    ) -> cms.ContentInfo:
        fast = (
            use_pades
            and is_pdf_sig
            and not dry_run
            and timestamper is None
            and encap_content_info is None
            and not self.attribute_certs
            and _plain(signed_attr_settings)
        )
        template = await self._template(digest_algorithm, signed_attr_settings) if fast else None
        if template is None:
            return await super().async_sign(
                data_digest,
                digest_algorithm,
                dry_run=dry_run,
                use_pades=use_pades,
                timestamper=timestamper,
                signed_attr_settings=signed_attr_settings,
                is_pdf_sig=is_pdf_sig,
                encap_content_info=encap_content_info,
            )
        signed = cms.ContentInfo.load(template)
        [info] = signed["content"]["signer_infos"]
        attributes = info["signed_attrs"]
        for attribute in attributes:
            if attribute["type"].native == "message_digest":
                attribute["values"] = cms.SetOfOctetString([data_digest])
        # Signed as a SET OF (universal tag), as RFC 5652 5.4 says; stored [0] IMPLICIT.
        to_sign = cms.CMSAttributes(list(attributes)).dump()
        info["signature"] = await self.async_sign_raw(to_sign, digest_algorithm)
        return signed
