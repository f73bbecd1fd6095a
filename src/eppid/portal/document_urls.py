"""The capability URL of a signed document: language-neutral, public, no login."""

from django.urls import path

from eppid.portal import document_views

app_name = "signing-files"
urlpatterns = [
    path("dokumen/<str:code>/<str:token>/", document_views.document_file, name="document"),
]
