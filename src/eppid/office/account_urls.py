"""Staff account screens (sign-in, second factor, security settings, API tokens); URL names stay
``accounts:*``."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.decorators import method_decorator
from django_ratelimit.decorators import ratelimit

from eppid.accounts.forms import ResetSetPasswordForm
from eppid.office import passkey_views as passkeys
from eppid.office import security_views, signin_views
from eppid.office.signin_views import login_rate

app_name = "accounts"

_reset_limited = method_decorator(
    ratelimit(key="ip", rate=login_rate, method="POST", block=True), name="post"
)

urlpatterns = [
    path("login/", signin_views.login_view, name="login"),
    path("verify/", signin_views.verify, name="verify"),
    path("enrol/", signin_views.enrol, name="enrol"),
    path("recovery-codes/", signin_views.recovery_codes, name="recovery-codes"),
    path("recovery-codes/new/", security_views.recovery_codes_regenerate, name="recovery-codes-regenerate"),
    path("logout/", signin_views.logout_view, name="logout"),
    path("reauth/", signin_views.reauth, name="reauth"),
    path("security/", security_views.security, name="security"),
    path("security/authenticator/reset/", security_views.authenticator_reset, name="authenticator-reset"),
    path("password/", security_views.password_change, name="password-change"),
    path("passkeys/", passkeys.passkeys, name="passkeys"),
    path("passkeys/<int:pk>/remove/", passkeys.passkey_remove, name="passkey-remove"),
    path("passkeys/jsi18n/", passkeys.js_catalog, name="passkey-js-catalog"),
    path("tokens/", security_views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", security_views.token_revoke, name="token-revoke"),
    path(
        "password-reset/",
        _reset_limited(auth_views.PasswordResetView).as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=ResetSetPasswordForm,
            post_reset_login=False,
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
]
