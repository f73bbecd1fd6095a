from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, DeviceManager, ThrottlingMixin, TimestampMixin

from eppid.accounts.recovery import recovery_code_digest, recovery_code_matches
from eppid.integrity.querysets import AuditedManager, AuditedQuerySet


class UserManager(DjangoUserManager.from_queryset(AuditedQuerySet)):
    pass


class RecoveryCodeDeviceManager(DeviceManager.from_queryset(AuditedQuerySet)):
    pass


class User(AbstractUser):
    """A staff member. Citizens never need an account."""

    objects = UserManager()

    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.full_name or self.username


class ApiToken(models.Model):
    """A bearer token for scripts. Only a hash of the secret is kept: a database leak grants nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class UserSession(models.Model):
    """Which sessions a user holds, so that deactivating the account can end every one of them.

    The session store itself cannot be searched by user when it lives in Redis.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("user session")
        verbose_name_plural = _("user sessions")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """The user's set of single-use recovery codes as one django-otp device.

    Unlike django-otp's static device it keeps only a SHA-256 of each code, so a database leak does
    not hand out working codes. Renewing the codes keeps this device (see decision 0500).
    """

    objects = RecoveryCodeDeviceManager()

    class Meta:
        verbose_name = _("recovery code set")
        verbose_name_plural = _("recovery code sets")

    def get_throttle_factor(self):
        # The same setting as django-otp's static codes, which these replace.
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        candidate = recovery_code_digest(str(token))
        match = None
        # Compare against every unused code, without stopping early, in constant time each.
        for code in self.codes.filter(used_at__isnull=True):
            if recovery_code_matches(code.code_hash, candidate) and match is None:
                match = code
        # The conditional update spends the code exactly once, even with two requests racing.
        if match is not None and RecoveryCode.objects.filter(pk=match.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(_("SHA-256 of the code"), max_length=64)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.device_id}:{self.pk}"
