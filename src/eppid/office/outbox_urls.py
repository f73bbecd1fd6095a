"""Included by eppid.office.urls under units/<code>/outbox/ (names in the "office" namespace)."""

from django.urls import path

from eppid.office import outbox_views as views

urlpatterns = [
    path("", views.outbox, name="unit-outbox"),
    path("<int:pk>/retry/", views.outbox_retry, name="unit-outbox-retry"),
]
