"""Public verification pages (Indonesian unprefixed, English under /en/).

The namespace stays ``signing`` (``signing:verify``, ``signing:verify-code``): the pages moved
into the screens layer, their names did not."""

from django.urls import path

from eppid.portal import verify_views

app_name = "signing"
urlpatterns = [
    path("verifikasi/", verify_views.verify, name="verify"),
    path("verifikasi/<str:code>/", verify_views.verify_code, name="verify-code"),
]
