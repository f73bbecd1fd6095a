from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eppid.integrity.querysets import AuditedManager
from eppid.organisation.roles import Role


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")


class Unit(models.Model):
    """One Bawaslu body with its own PPID, keyed by its Kemendagri region code."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    region_name = models.CharField(_("region"), max_length=200)

    objects = AuditedManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A role a staff user holds in one unit; a user may hold several, in several units."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AuditedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]
        ordering = ["unit__code", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit.code}"


phone_validator = RegexValidator(
    regex=r"^\+?[0-9][0-9 ()\-.]{5,24}$",
    message=_(
        "Enter a phone number of digits, spaces and dashes, for example 0355 123456 or +62 355 123456."
    ),
)


class UnitProfile(models.Model):
    """The unit's PPID as citizens see it: contact, officials and the service charter (maklumat).

    Created lazily on the first save: a unit without a row shows the statutory defaults.
    A TextField's max_length only sizes the form widget, so each also carries a validator.
    """

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="profile", verbose_name=_("unit")
    )
    address = models.TextField(_("address"), max_length=500, blank=True, validators=[MaxLengthValidator(500)])
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    service_hours = models.CharField(_("service hours"), max_length=200, blank=True)
    ppid_name = models.CharField(_("PPID name"), max_length=200, blank=True)
    ppid_position = models.CharField(_("PPID position"), max_length=200, blank=True)
    superior_name = models.CharField(_("atasan PPID name"), max_length=200, blank=True)
    superior_position = models.CharField(_("atasan PPID position"), max_length=200, blank=True)
    charter_legal_basis = models.TextField(
        _("legal basis"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    charter_procedure = models.TextField(
        _("procedure"), max_length=4000, blank=True, validators=[MaxLengthValidator(4000)]
    )
    charter_completion_time = models.TextField(
        _("completion time"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    charter_cost = models.TextField(
        _("cost"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    charter_guarantee = models.TextField(
        _("service guarantee"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    charter_complaints = models.TextField(
        _("complaint channel"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # PROTECT, as every record that names who acted: SET_NULL would rewrite the audited row unlogged.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = AuditedManager()

    # What a citizen needs to reach the PPID and, on objection, the atasan PPID.
    REQUIRED_FOR_COMPLETE = (
        "address",
        "phone",
        "email",
        "service_hours",
        "ppid_name",
        "ppid_position",
        "superior_name",
        "superior_position",
    )

    class Meta:
        verbose_name = _("PPID profile")
        verbose_name_plural = _("PPID profiles")

    def __str__(self) -> str:
        return f"{self.unit.code} · PPID"

    @property
    def is_complete(self) -> bool:
        return all(getattr(self, name).strip() for name in self.REQUIRED_FOR_COMPLETE)
