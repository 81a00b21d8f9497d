"""What accounts tell the layers above without knowing them."""

from django.dispatch import Signal

# An invitation was e-mailed: `user` (the account), `about` (the delegation's code, or the office
# and meeting), `meeting` (its pk, or None). The audit trail records it with whoever sent it.
invitation_sent = Signal()
