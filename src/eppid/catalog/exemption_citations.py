"""A decision on a request that cites an exempt entry of its unit (contract: ``"exemption": id``).

A rejection or a partial grant may name an exempt entry of the request's own unit whose exemption
is in force on the day (Asia/Jakarta); the decision's ``exemption_basis`` is then the test's (its
first ground), and an audited ``ExemptionCitation`` links the decision to the test. An entry of
another unit, one that is not exempt, or one whose period has ended is refused with a clear
message under ``exemption`` (the API answers 422) and nothing changes.

The catalog uses ``disclosure`` here (a decision is a request's); ``disclosure`` knows nothing of
the catalog (decision 1320).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from eppid.catalog.choices import Category, EntryStatus
from eppid.catalog.exemption_models import ConsequenceTest, ExemptionCitation
from eppid.catalog.models import InformationEntry
from eppid.core.ids import ID_MAX
from eppid.disclosure.choices import OUTCOMES_NEEDING_BASIS
from eppid.disclosure.services import request_decide


def _refuse(message: str) -> ValidationError:
    return ValidationError({"exemption": [message]})


def _entry_id(value) -> int:
    if isinstance(value, bool):
        raise _refuse(_("Give the number (id) of an exempt entry of the information list."))
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        raise _refuse(_("Give the number (id) of an exempt entry of the information list.")) from None
    if not 0 < pk <= ID_MAX:
        raise _refuse(_("No entry of the information list has this id."))
    return pk


def exemption_citable(*, unit, exemption, today=None, lock: bool = False) -> ConsequenceTest:
    """The consequence test behind entry ``exemption`` if a decision of ``unit`` may cite it today;
    else ValidationError({"exemption": [why]})."""
    today = today or timezone.localdate()
    pk = _entry_id(exemption)
    entry = InformationEntry.objects.select_related("unit", "current").filter(pk=pk).first()
    if entry is None:
        raise _refuse(_("No entry of the information list has this id."))
    if entry.unit_id != unit.pk:
        raise _refuse(
            _(
                "Entry %(id)s is in the list of %(other)s, not of %(unit)s: a decision can cite only an "
                "exempt entry of its own unit."
            )
            % {"id": pk, "other": entry.unit.name, "unit": unit.name}
        )
    tests = ConsequenceTest.objects.filter(entry=entry)
    if lock:
        tests = tests.select_for_update()
    test = tests.first()
    if test is None or entry.status != EntryStatus.PUBLISHED:
        raise _refuse(_("Entry %(id)s is not exempt information: no consequence test lists it.") % {"id": pk})
    if test.opened_at is not None or test.until < today or entry.current.category != Category.EXEMPT:
        raise _refuse(
            _(
                "The exemption of entry %(id)s ended on %(date)s: the information is open now and cannot "
                "be the basis of a refusal. Hold a new consequence test if it must stay closed."
            )
            % {"id": pk, "date": formats.date_format(test.until, "j F Y")}  # the reader's language
        )
    return test


def request_decide_citing(*, request, actor, outcome, exemption, **values):
    """``disclosure.services.request_decide`` with the basis taken from the cited exempt entry."""
    if str(outcome or "").strip() not in OUTCOMES_NEEDING_BASIS:
        raise ValidationError(
            {"exemption": [_("Only a rejection or a partial grant cites an exempt entry.")]}
        )
    values.pop("exemption_basis", None)
    values["consequence_tested"] = True  # the notice says the information was withheld after it
    with transaction.atomic():
        test = exemption_citable(unit=request.unit, exemption=exemption, lock=True)
        decision = request_decide(
            request=request, actor=actor, outcome=outcome, exemption_basis=test.exemption_basis, **values
        )
        ExemptionCitation.objects.create(test=test, decision=decision)
    return decision
