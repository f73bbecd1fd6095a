from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from eppid.core.text import TextField
from eppid.signing.selectors import code_normalise


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The PDF file to check"),
        help_text=_("A PDF you received from e-PPID, for example a receipt or a written notice."),
        error_messages={
            "required": _("Choose the PDF file to check."),
            "empty": _("The file is empty. Choose the PDF file to check."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.EPPID_VERIFY_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s. e-PPID documents are much smaller: check the file.")
                % {"limit": filesizeformat(limit)}
            )
        return upload


class VerifyCodeForm(forms.Form):
    code = TextField(
        label=_("Document code"),
        help_text=_("The code printed next to the QR code, for example K7QF-3MZP-XA."),
        max_length=30,
        error_messages={"required": _("Enter the document code.")},
    )

    def clean_code(self):
        code = code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A document code has 10 letters and digits, for example K7QF-3MZP-XA. Check it.")
            )
        return code
