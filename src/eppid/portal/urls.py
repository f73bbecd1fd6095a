from django.urls import path

from eppid.portal import request_views, status_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.units, name="units"),
    path("units/<str:code>/", views.unit, name="unit"),
    path("transparansi/", views.transparency, name="transparency"),
    path("permohonan/", request_views.request_start, name="request-start"),
    path("permohonan/ulang/", request_views.request_restart, name="request-restart"),
    path("permohonan/periksa/", request_views.request_check, name="request-check"),
    path("permohonan/selesai/", request_views.request_done, name="request-done"),
    path("permohonan/status/", status_views.request_status, name="request-status"),
    path("permohonan/dokumen/<str:token>/", status_views.request_document, name="request-document"),
    path("permohonan/<slug:step>/", request_views.request_step, name="request-step"),
]
