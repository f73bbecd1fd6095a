"""``annual_report --year YYYY --unit CODE [--scope unit|tree] --format json|csv|xlsx|pdf --output FILE``

The annual report of the public information service of one unit (contract api-v1.md section 1):
JSON is the ``GET /api/v1/statistics`` document of the same unit, year and scope with the report's
sections under ``report``; CSV and XLSX hold its numbers; the PDF is registered and signed.

Every argument is checked before any work: a bad one is a CommandError (a clear message on
stderr, a non-zero exit) and nothing is written. Progress goes to stderr; the file is written to
a temporary file beside FILE and moved into place, so FILE is never left half-written.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.translation import gettext as _

from eppid.organisation.selectors import unit_descendants, unit_get
from eppid.reports.annual import annual_report_build, annual_report_issue, annual_report_table
from eppid.reports.statistics import SCOPE_TREE, statistics_scope_clean, statistics_year_clean
from eppid.reports.tables import table_csv, table_xlsx

FORMATS = ("json", "csv", "xlsx", "pdf")


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    # The article behind the duty is data (law.LegalReference "annual_report"), not written here.
    help = "Write the annual public-information service report of one unit."

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="calendar year, YYYY")
        parser.add_argument("--unit", required=True, help="unit code, e.g. 35.04")
        parser.add_argument(
            "--scope", default="unit", help="unit (default) or tree: the unit and every unit below"
        )
        parser.add_argument("--format", required=True, help="json, csv, xlsx or pdf")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._run(options)

    def _progress(self, text: str) -> None:
        elapsed = time.monotonic() - self._started
        self.stderr.write(f"[{elapsed:6.1f} s] {text}")

    def _clean(self, options) -> tuple:
        errors = []
        year = scope = None
        for name, clean in (("year", statistics_year_clean), ("scope", statistics_scope_clean)):
            try:
                value = clean(options[name])
            except ValidationError as error:
                errors += [f"--{name}: {message}" for message in error.message_dict[name]]
            else:
                year, scope = (value, scope) if name == "year" else (year, value)
        file_format = (options["format"] or "").strip().lower()
        if file_format not in FORMATS:
            errors.append("--format: " + _("Choose one of: %(expected)s.") % {"expected": ", ".join(FORMATS)})
        unit = unit_get((options["unit"] or "").strip())
        if unit is None:
            errors.append("--unit: " + _("There is no unit with this code."))
        output = Path(options["output"] or "")
        if not options["output"] or output.is_dir() or not output.parent.resolve().is_dir():
            errors.append("--output: " + _("Give a file in an existing directory."))
        if errors:
            raise CommandError("\n".join(errors))
        return unit, year, scope, file_format, output

    def _run(self, options) -> None:
        unit, year, scope, file_format, output = self._clean(options)
        self._started = time.monotonic()
        self._progress(
            _("Counting the registers of %(unit)s for %(year)s…") % {"unit": unit.code, "year": year}
        )
        if scope == SCOPE_TREE:
            below = unit_descendants(unit).count()
            self._progress(
                _("Rolling up %(unit)s and the %(count)s units below it.")
                % {"unit": unit.code, "count": below}
            )
        report = annual_report_build(unit, year, scope, progress=self._progress)
        self._progress(_("Writing the %(format)s file…") % {"format": file_format.upper()})
        if file_format == "json":
            data = json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")
        elif file_format == "csv":
            data = table_csv(annual_report_table(report))
        elif file_format == "xlsx":
            data = table_xlsx(annual_report_table(report), sheet_title=str(year))
        else:
            self._progress(_("Rendering and signing the PDF…"))
            document = annual_report_issue(unit, year, scope, report)
            if not document.copy_available:
                raise CommandError(
                    _(
                        "The report could not be signed now (document %(code)s waits for its signature): "
                        "%(error)s"
                    )
                    % {"code": document.code_display, "error": document.last_error or "-"}
                )
            data = document.signed_pdf()
            self._progress(_("Signed as document %(code)s.") % {"code": document.code_display})
        _write_atomically(output, data)
        self._progress(_("Wrote %(path)s (%(size)s bytes).") % {"path": output, "size": len(data)})
