from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from textback.core.models import Business, Membership


class Command(BaseCommand):
    help = "Manage dashboard users: `textback user create --email E --password P --business ID`"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a user with access to a business (repeat to add businesses)")
        create.add_argument("--email", required=True)
        create.add_argument("--password", required=True)
        create.add_argument("--business", required=True, type=int, help="the business id")

    def handle(self, *args, action, email, password, business, **options):
        target = Business.objects.filter(id=business).first()
        if target is None:
            raise CommandError(f"no business with id {business} (see `textback business list`)")
        email = email.strip().lower()
        if "@" not in email:
            raise CommandError(f"{email!r} is not an email address")
        User = get_user_model()
        user = User.objects.filter(username=email).first()
        if user is None:
            user = User.objects.create_user(username=email, email=email, password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, business=target)
        self.stdout.write(f"{email} can sign in to {target.name}")
        self.stdout.write(str(user.id))
