"""Console pages of a unit's signed documents (under /office/)."""

from django.urls import path

from eppid.office import signing_views as office_views

app_name = "signing-office"
urlpatterns = [
    path("units/<str:code>/documents/", office_views.unit_documents, name="unit-documents"),
    path("units/<str:code>/documents/retry/", office_views.unit_documents_retry, name="unit-documents-retry"),
    path("units/<str:code>/signing/", office_views.unit_signing, name="unit-signing"),
]
