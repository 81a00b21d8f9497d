"""`hemicycle rotate-key`: a new key signs receipts and checkpoints from now on; the old public key
stays published (retired), so that what it signed still verifies; its private key is deleted."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hemicycle.proceedings import signing


class Command(BaseCommand):
    help = (
        "Make a new signing key; the current one is retired (its public key stays published at "
        "/api/v1/keys, its private key is deleted). Running servers sign with the new key at once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            retired, new = signing.rotate()
        except (OSError, signing.SigningError) as failed:
            raise CommandError(f"The key could not be rotated: {failed}") from None
        if retired is not None:
            self.stdout.write(f"retired: {retired.key_id} (still published, no longer signs)")
        self.stdout.write(
            f"signing with: {new.key_id} (Ed25519, public key {new.as_json()['public_key']})"
        )
