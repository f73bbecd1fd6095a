"""Outgoing email through an outbox: queued inside business transactions, delivered by the task
worker after commit, retried with backoff, and shown to staff when undeliverable."""
