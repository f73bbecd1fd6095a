"""Copies of emails hold personal data (address, body, attachments): cleared with the requests'."""

from eppid.integrity.retention import retention_register
from eppid.notifications.models import OutboundAttachment, OutboundEmail

retention_register(OutboundEmail, date_field="created_at", fields_to_clear=["to", "body", "list_unsubscribe"])
retention_register(OutboundAttachment, date_field="created_at", fields_to_clear=["content"])
