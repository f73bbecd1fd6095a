from django.apps import AppConfig


class CasefilesConfig(AppConfig):
    name = "eppid.casefiles"
    label = "casefiles"
