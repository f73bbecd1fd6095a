"""Shared helpers every layer may use; they import nothing of eppid above settings."""
