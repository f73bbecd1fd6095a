from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "eppid.catalog"
    label = "catalog"
