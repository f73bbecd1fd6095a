"""Session bookkeeping on sign-in and sign-out; a deactivated account loses its sessions and tokens."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from eppid.accounts import services
from eppid.accounts.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[SESSION_AUTH_AT] = now
    request.session[SESSION_SEEN_AT] = now
    if not request.session.session_key:
        request.session.save()
    services.session_register(user=user, session_key=request.session.session_key)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.session_forget(session_key=request.session.session_key)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _on_user_saved(sender, instance, **kwargs):
    if not instance.is_active:
        services.sessions_end_for_user(user=instance)
        # Revoked, not merely refused: reactivating the account does not bring old tokens back.
        services.api_tokens_revoke_all(user=instance)
