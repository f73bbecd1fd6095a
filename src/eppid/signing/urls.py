"""Public verification pages (Indonesian unprefixed, English under /en/)."""

from django.urls import path

from eppid.signing import views

app_name = "signing"
urlpatterns = [
    path("verifikasi/", views.verify, name="verify"),
    path("verifikasi/<str:code>/", views.verify_code, name="verify-code"),
]
