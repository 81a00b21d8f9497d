"""The audit trail: who changed what, when, outside the floor's log (django-auditlog)."""
