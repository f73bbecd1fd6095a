from eppid.integrity.nightly import integrity_alert_latest


def integrity_alert(request):
    """Staff who passed the second factor see a failed nightly check on every page until it is fixed."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return {}
    return {"integrity_alert": integrity_alert_latest()}
