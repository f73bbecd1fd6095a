"""URLs of the information-list pages under /office/units/<code>/information/ (included by office/urls.py)."""

from django.urls import path

from eppid.office import catalog_views, exemption_views, redaction_views

ENTRY = "<str:code>/information/<int:pk>/"

urlpatterns = [
    path("<str:code>/information/", catalog_views.entries, name="catalog"),
    path("<str:code>/information/new/", catalog_views.entry_new, name="catalog-new"),
    path("<str:code>/information/checklist/", catalog_views.checklist, name="catalog-checklist"),
    path("<str:code>/information/exemptions/", exemption_views.exemptions, name="catalog-exemptions"),
    path(
        "<str:code>/information/exemptions/new/", exemption_views.exemption_new, name="catalog-exemption-new"
    ),
    path(ENTRY, catalog_views.entry, name="catalog-entry"),
    path(ENTRY + "edit/", catalog_views.entry_edit, name="catalog-edit"),
    path(ENTRY + "publish/", catalog_views.entry_publish, name="catalog-publish"),
    path(ENTRY + "withdraw/", catalog_views.entry_withdraw, name="catalog-withdraw"),
    path(ENTRY + "new-version/", catalog_views.entry_new_version, name="catalog-new-version"),
    path(ENTRY + "documents/<int:document>/", catalog_views.entry_document, name="catalog-document"),
    path(
        ENTRY + "documents/<int:document>/retract/",
        catalog_views.entry_document_retract,
        name="catalog-document-retract",
    ),
    path(
        ENTRY + "documents/<int:document>/redact/",
        redaction_views.catalog_document_redact,
        name="catalog-document-redact",
    ),
]
