from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from eppid.accounts import selectors, services
from eppid.core.text import TextField

CODE_HINT = _("The 6-digit code from your authenticator app, or one of your recovery codes.")


def code_field(label=None, help_text=CODE_HINT) -> forms.CharField:
    return TextField(
        label=label or _("Verification code"),
        help_text=help_text,
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"}
        ),
        error_messages={"required": _("Enter the code from your authenticator app or a recovery code.")},
    )


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        # One message for every failure, so a guess never learns whether the username exists.
        "invalid_login": _("The username or password is not correct."),
        "inactive": _("The username or password is not correct."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your username.")
        self.fields["password"].error_messages["required"] = _("Enter your password.")


class SecondFactorForm(forms.Form):
    """A TOTP code or a recovery code of ``user``; a valid one is spent on cleaning."""

    code = code_field()

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.device = services.second_factor_verify(user=self.user, code=code)
        if self.device is None:
            raise forms.ValidationError(
                _("That code is not valid. Codes can be used only once; wait for a new one and try again."),
                code="invalid",
            )
        return code


class EnrolForm(forms.Form):
    code = code_field(
        label=_("Code from your authenticator app"),
        help_text=_("Enter the 6-digit code the app shows for e-PPID."),
    )

    def __init__(self, user, device, *args, **kwargs):
        self.user = user
        self.device = device
        self.recovery_codes = None
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.recovery_codes = services.totp_enrolment_confirm(user=self.user, device=self.device, code=code)
        if self.recovery_codes is None:
            raise forms.ValidationError(
                _("That code is not valid. Check the time on your phone and enter the newest code."),
                code="invalid",
            )
        return code


class ReauthForm(forms.Form):
    """Password and a code again. A wrong password and a wrong code get the same answer, after the
    same work (a password hash check and a look at the user's devices), so it never tells which
    of the two an attacker holding one of them got right."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )
    code = code_field()

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        password_ok = self.user.check_password(cleaned["password"])
        if password_ok:
            self.device = services.second_factor_verify(user=self.user, code=cleaned["code"])
        else:
            # The same device look-up, without spending the code: a typo in the password must not
            # burn a one-time code.
            services.second_factor_candidates(user=self.user, code=cleaned["code"])
        if self.device is None:
            raise forms.ValidationError(_("The password or the code is not correct."), code="invalid")
        return cleaned


class ResetSetPasswordForm(auth_forms.SetPasswordForm):
    """Django's set-new-password step, plus the second factor: an email inbox alone is not enough."""

    code = code_field()
    field_order = ["code", "new_password1", "new_password2"]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not selectors.user_has_code_factor(self.user):
            raise forms.ValidationError(
                _(
                    "This account has no authenticator yet, so its password cannot be reset here. "
                    "Ask a system administrator."
                ),
                code="no_device",
            )
        return code

    def clean(self):
        cleaned = super().clean()
        # Spend the one-time code only once everything else is right, so a weak password does not burn it.
        if not self.errors and services.second_factor_verify(user=self.user, code=cleaned["code"]) is None:
            self.add_error("code", forms.ValidationError(_("That code is not valid."), code="invalid"))
        return cleaned

    def save(self, commit=True):
        # A reset always revokes the account's API tokens: whoever knew the old password may hold one.
        services.password_set(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            event=services.RESET_BY_LINK,
            revoke_tokens=True,
        )
        return self.user


class PasswordChangeForm(auth_forms.SetPasswordForm):
    """The signed-in user's new password (re-authenticated just before), and whether to revoke
    their API tokens: offered only when some are live, ticked by default (decision 1241)."""

    revoke_tokens = forms.BooleanField(
        label=_("Also revoke my API tokens"),
        required=False,
        initial=True,
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.live_tokens = list(selectors.api_tokens_live(user))
        if self.live_tokens:
            self.fields["revoke_tokens"].help_text = ngettext(
                "Scripts using your %(count)d API token stop working; you can create new ones. "
                "Leave this ticked if someone else may know your password.",
                "Scripts using your %(count)d API tokens stop working; you can create new ones. "
                "Leave this ticked if someone else may know your password.",
                len(self.live_tokens),
            ) % {"count": len(self.live_tokens)}
        else:
            del self.fields["revoke_tokens"]
        self.revoked = 0

    def save(self, commit=True):
        self.revoked = services.password_set(
            user=self.user,
            password=self.cleaned_data["new_password1"],
            event=services.CHANGED_BY_USER,
            revoke_tokens=bool(self.cleaned_data.get("revoke_tokens")),
        )
        return self.user


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    """A password a system administrator sets (or disables) for a user: it revokes their tokens."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        notice = _(
            "Setting or disabling the password here revokes every API token of this user and ends "
            "their sessions."
        )
        rules = self.fields["password1"].help_text
        self.fields["password1"].help_text = format_html("<p>{}</p>{}", notice, rules)

    def save(self, commit=True):
        usable = self.cleaned_data["set_usable_password"]
        services.password_set(
            user=self.user,
            password=self.cleaned_data["password1"] if usable else None,
            event=services.SET_BY_ADMIN,
            revoke_tokens=True,
        )
        return self.user


class TokenCreateForm(forms.Form):
    name = TextField(
        label=_("Token name"),
        help_text=_("What the token is for, for example the script that uses it."),
        max_length=100,
        error_messages={"required": _("Enter a name for the token.")},
    )
