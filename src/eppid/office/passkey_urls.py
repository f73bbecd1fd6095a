"""The WebAuthn endpoints of the passkey screens (office/passkey_views.py).

Mounted as the "otp_webauthn" namespace the package's template tags reverse.
"""

from django.urls import path
from django_otp_webauthn import views as webauthn_views

from eppid.office.passkey_views import BeginRegistration, CompleteAuthentication, CompleteRegistration

app_name = "otp_webauthn"
urlpatterns = [
    path("registration/begin/", BeginRegistration.as_view(), name="credential-registration-begin"),
    path("registration/complete/", CompleteRegistration.as_view(), name="credential-registration-complete"),
    path(
        "authentication/begin/",
        webauthn_views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteAuthentication.as_view(),
        name="credential-authentication-complete",
    ),
]
