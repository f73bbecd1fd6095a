"""PLACEHOLDER until helper "core" merges: the choices the citizen wizard needs (requests-spec.md).

The h-core branch owns this module; its version replaces this one at the merge.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequesterType(models.TextChoices):
    INDIVIDUAL = "individual", _("An individual")
    GROUP = "group", _("A group of people")
    LEGAL_ENTITY = "legal_entity", _("A legal entity")


class AccessMethod(models.TextChoices):
    VIEW = "view", _("See it (view)")
    COPY = "copy", _("Get a copy")


class CopyFormat(models.TextChoices):
    SOFTCOPY = "softcopy", _("Electronic copy (softcopy)")
    HARDCOPY = "hardcopy", _("Paper copy (hardcopy)")


class Delivery(models.TextChoices):
    PICKUP = "pickup", _("Collect it in person")
    EMAIL = "email", _("By email")
    POST = "post", _("By post")
    COURIER = "courier", _("By courier")
