from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from textback.core.encryption import Sealed
from textback.core.models import PhoneNumber


class Command(BaseCommand):
    help = "The key that encrypts the auth tokens kept in the database (TEXTBACK_ENCRYPTION_KEY)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("new-key", help="print a new key, to put first in TEXTBACK_ENCRYPTION_KEY")
        actions.add_parser("rotate", help="re-encrypt every stored token with the first key of TEXTBACK_ENCRYPTION_KEY")

    def handle(self, *args, action, **options):
        if action == "new-key":
            self.stdout.write(Fernet.generate_key().decode())
            return
        done, sealed = 0, []
        with transaction.atomic():
            # Auth tokens, and SignalWire's signing keys kept with them.
            for number in PhoneNumber.objects.select_for_update().exclude(auth_token="", signing_key=""):
                if isinstance(number.auth_token, Sealed) or isinstance(number.signing_key, Sealed):
                    sealed.append(number.number)
                    continue
                number.save(update_fields=["auth_token", "signing_key"])  # encrypted again, with the newest key
                done += 1
        self.stdout.write(f"re-encrypted {done} auth token{'s' if done != 1 else ''} with the newest key")
        if sealed:
            raise CommandError(f"{len(sealed)} token(s) could not be opened with any key (numbers {', '.join(sealed)}): "
                               "add the key they were encrypted with to TEXTBACK_ENCRYPTION_KEY, then run this again")
