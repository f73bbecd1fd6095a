from django.urls import path

from eppid.portal import (
    catalog_views,
    exemption_views,
    objection_periodic_views,
    objection_views,
    readiness_views,
    request_views,
    statistics_views,
    status_views,
    subscription_views,
    survey_views,
    views,
)
from eppid.portal.wizard import wizard_urls

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.units, name="units"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("units/<str:code>/informasi/", catalog_views.unit_information, name="unit-information"),
    # Email subscriptions to a unit's serta merta information (double opt-in, no account).
    path("units/<str:code>/langganan/", subscription_views.unit_subscribe, name="unit-subscribe"),
    path(
        "langganan/konfirmasi/<str:token>/",
        subscription_views.subscription_confirm,
        name="subscription-confirm",
    ),
    path("langganan/berhenti/<str:token>/", subscription_views.subscription_end, name="subscription-end"),
    path("units/<str:code>/informasi/dikecualikan/", exemption_views.unit_exemptions, name="unit-exemptions"),
    path("units/<str:code>/statistik/", statistics_views.unit_statistics, name="unit-statistics"),
    path(
        "units/<str:code>/statistik.<str:fmt>",
        statistics_views.unit_statistics_download,
        name="unit-statistics-download",
    ),
    path("units/<str:code>/kesiapan/", readiness_views.unit_readiness, name="unit-readiness"),
    path("statistik/", statistics_views.national_statistics, name="statistics"),
    path("transparansi/", views.transparency, name="transparency"),
    # The public information list (DIP): national page, one entry, its documents.
    path("informasi/", catalog_views.information, name="information"),
    path("informasi/<int:pk>/", catalog_views.information_entry, name="information-entry"),
    path(
        "informasi/<int:pk>/dokumen/<int:document>/<str:name>",
        catalog_views.information_document,
        name="information-document",
    ),
    path("permohonan/selesai/", request_views.request_done, name="request-done"),
    path("permohonan/status/", status_views.request_status, name="request-status"),
    path("permohonan/dokumen/<str:token>/", status_views.request_document, name="request-document"),
    path("survei/", survey_views.survey, name="survey"),
    path("survei/terima-kasih/", survey_views.survey_done, name="survey-done"),
    # The request wizard (start, ulang/, periksa/, then any slug: a step), after the pages above.
    *wizard_urls(request_views.REQUEST, "permohonan/"),
    # Objections (keberatan): on a request, or on ground (b) without one (berkala).
    path("keberatan/", objection_views.objection_start, name="objection-start"),
    path("keberatan/ulang/", objection_views.objection_restart, name="objection-restart"),
    path("keberatan/alasan/", objection_views.objection_ground, name="objection-ground"),
    path("keberatan/pernyataan/", objection_views.objection_statement, name="objection-statement"),
    path("keberatan/periksa/", objection_views.objection_check, name="objection-check"),
    path("keberatan/selesai/", objection_views.objection_done, name="objection-done"),
    path("keberatan/status/", objection_views.objection_status, name="objection-status"),
    *wizard_urls(objection_periodic_views.PERIODIC, "keberatan/berkala/"),
]
