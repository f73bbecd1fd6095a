from django.shortcuts import render

from eppid.accounts.selectors import units_with_roles


def dashboard(request):
    return render(request, "office/dashboard.html", {"units": units_with_roles(request.user)})
