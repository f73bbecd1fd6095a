from django.shortcuts import render


def dashboard(request):
    memberships = request.user.memberships.select_related("unit")
    return render(request, "office/dashboard.html", {"memberships": memberships})
