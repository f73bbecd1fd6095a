from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "eppid.organisation"
    label = "organisation"
