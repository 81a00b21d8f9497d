"""What convening announces to the layers above it, which it never imports."""

from django.dispatch import Signal

# A meeting's facts or programme were saved (`meeting`, `actor`): the floor (proceedings) follows
# the rules and programme it runs on. Sent inside the saving transaction.
programme_changed = Signal()
