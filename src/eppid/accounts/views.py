from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.forms import OTPTokenForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = False


@login_required
def verify(request):
    form = OTPTokenForm(request.user, request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, request.user.otp_device)
        return redirect("office:dashboard")
    return render(request, "accounts/verify.html", {"form": form})


def lockout(request, credentials, *args, **kwargs):
    return render(
        request,
        "accounts/locked.html",
        {"message": _("Too many failed sign-in attempts. Try again in 15 minutes.")},
        status=429,
    )
