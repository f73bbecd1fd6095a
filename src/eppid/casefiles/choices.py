"""The vocabulary every case file of a citizen shares (requests, objections)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequesterType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group of people, with a representative")
    LEGAL_ENTITY = "legal_entity", _("Legal entity")
