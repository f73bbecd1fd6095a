"""The Django admin: system administrators only, and only in a session verified with a second factor."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_static import admin as _static_admin  # noqa: F401  (registers first)
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from eppid.accounts.forms import AdminPasswordChangeForm
from eppid.accounts.models import ApiToken, RecoveryCodeDevice, User
from eppid.organisation.models import Membership


class EppidAdminSite(OTPAdminSite):
    """django-otp's admin site (refuses unverified sessions) that signs in through our own pages."""

    site_header = _("e-PPID administration")
    site_title = _("e-PPID administration")

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_superuser and user.is_verified())

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def refuse_staff(request, *args, **kwargs):
            # A fully signed-in user who is not a system administrator gets a plain 403 at once,
            # not a detour through the admin's sign-in URL.
            user = request.user
            if user.is_authenticated and user.is_verified() and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return refuse_staff

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and request.user.is_verified():
            # Signed in fully but not a system administrator: no second sign-in form, just no.
            raise PermissionDenied
        query = urlencode({"next": request.GET.get("next") or reverse("admin:index")})
        return redirect(f"{reverse(settings.LOGIN_URL)}?{query}")


# Swap the class of the default site so every app's registrations keep working on it.
admin.site.__class__ = EppidAdminSite
admin.site.site_header = EppidAdminSite.site_header
admin.site.site_title = EppidAdminSite.site_title


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ("unit",)


@admin.register(User)
class EppidUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    change_password_form = AdminPasswordChangeForm  # revokes the user's API tokens
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "full_name", "email", "password1", "password2")},
        ),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "name", "prefix", "secret_hash", "created_at", "last_used_at")

    def has_add_permission(self, request):
        # A token's secret is shown once, at creation: that happens on the tokens page or the command.
        return False


# django-otp's device admins are imported here, so they have registered before we change them:
# this app comes first in INSTALLED_APPS, and the admin's autodiscovery would import them after us.
# Recovery codes live hashed in RecoveryCodeDevice; django-otp's static devices would store new ones
# in plain text, so the admin offers no way to see or create them.
admin.site.unregister(StaticDevice)
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(TOTPDeviceAdmin):
    """Authenticators without their secret: a system administrator may see that a user has one and
    remove a lost one (the user then enrols again), never read its key, its otpauth URI or its QR
    code (settings.OTP_ADMIN_HIDE_SENSITIVE_DATA), nor make one for someone else."""

    def has_add_permission(self, request):
        # The key would be chosen or seen by the administrator: only the user's enrolment makes one.
        return False


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    search_fields = ("user__username",)
    readonly_fields = ("user", "name", "created_at", "last_used_at")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")

    def has_add_permission(self, request):
        # Codes are shown once when made: only the user's own security page makes them.
        return False
