"""Shared by the upload inspection tests: the refusal an upload gets, and its English words."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from eppid.core.uploads import upload_inspect


def refusal(content, **options) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        upload_inspect(content, **options)
    return caught.value


def english(content, **options) -> str:
    with translation.override("en"):
        return refusal(content, **options).messages[0]
