from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eppid.accounts"
    label = "accounts"
