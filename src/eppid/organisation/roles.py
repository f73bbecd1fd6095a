"""Roles and what each may do: the one table every access decision reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Information officer")
    PPID = "ppid", _("PPID")
    SUPERIOR = "superior", _("Superior of the PPID (atasan PPID)")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    AUDITOR = "auditor", _("Auditor")


class Permission(models.TextChoices):
    VIEW_UNIT = "view_unit", _("See the unit's console")
    VIEW_CASES = "view_cases", _("Read the unit's case files")
    HANDLE_CASES = "handle_cases", _("Work on the unit's case files")
    UNMASK_PERSONAL_DATA = (
        "unmask_personal_data",
        _("See requesters' full identity numbers and open their identity documents"),
    )
    DECIDE_OBJECTIONS = "decide_objections", _("Decide objections")
    EDIT_PROFILE = "edit_profile", _("Edit the unit's PPID profile")
    MANAGE_MEMBERS = "manage_members", _("Manage the unit's staff roles")
    MANAGE_CLOSURES = "manage_closures", _("Add closure days for the unit")
    MANAGE_ELECTION_PERIODS = (
        "manage_election_periods",
        _("Declare election periods for the unit and the units below it"),
    )
    VIEW_AUDIT = "view_audit", _("Read the unit's audit trail")
    VIEW_STATISTICS = "view_statistics", _("See statistics of the unit and the units below it")
    MANAGE_SIGNING = "manage_signing", _("Choose the unit's signing certificate")
    VIEW_INFORMATION = "view_information", _("See the unit's information list, drafts included")
    DRAFT_INFORMATION = "draft_information", _("Draft entries of the unit's information list")
    PUBLISH_INFORMATION = (
        "publish_information",
        _("Publish, withdraw and renew entries of the unit's information list"),
    )


# The information list (catalog): officers draft, the PPID publishes; superiors and auditors read.
_INFORMATION_READ = frozenset({"view_information"})
_INFORMATION_DRAFT = _INFORMATION_READ | {"draft_information"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset({"view_unit", "view_cases", "handle_cases", "view_statistics"})
    | _INFORMATION_DRAFT,
    Role.PPID: frozenset(
        {"view_unit", "view_cases", "handle_cases", "unmask_personal_data", "view_statistics"}
    )
    | _INFORMATION_DRAFT
    | {"publish_information"},
    Role.SUPERIOR: frozenset(
        {"view_unit", "view_cases", "unmask_personal_data", "decide_objections", "view_statistics"}
    )
    | _INFORMATION_READ,
    Role.UNIT_ADMIN: frozenset(
        {"view_unit", "edit_profile", "manage_members", "manage_closures", "view_statistics"}
        | {"manage_signing", "manage_election_periods"}
    ),
    Role.AUDITOR: frozenset({"view_unit", "view_cases", "view_audit", "view_statistics"}) | _INFORMATION_READ,
}
