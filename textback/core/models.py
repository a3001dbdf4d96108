"""The data of textback: businesses and their numbers, the people who call them, calls,
conversations and every message in or out. Providers are named by a string only."""

from django.conf import settings
from django.db import connection, models
from django.db.models import Q

from textback.core import clock, hours
from textback.core.encryption import EncryptedCharField


class Business(models.Model):
    name = models.CharField(max_length=100)
    trade = models.CharField(max_length=50, blank=True)
    owner_name = models.CharField(max_length=100, blank=True)
    owner_cell = models.CharField(max_length=20, help_text="E.164, e.g. +13125550100")
    timezone = models.CharField(max_length=64, default="America/Chicago")
    # {"mon": [["07:00", "18:00"]], ...}; days not named are closed. See core/hours.py.
    hours = models.JSONField(default=dict, blank=True)
    # ["2026-12-25", ...]: closed all day, whatever `hours` says.
    holidays = models.JSONField(default=list, blank=True)
    template_in_hours = models.TextField(blank=True, help_text="Empty: the built-in text.")
    template_after_hours = models.TextField(blank=True, help_text="Empty: the built-in text.")
    ring_seconds = models.PositiveSmallIntegerField(
        default=20, help_text="How long the owner's cell rings before the call counts as missed."
    )
    cooldown_hours = models.PositiveSmallIntegerField(
        default=24, help_text="A caller texted back within this many hours is not texted again."
    )
    assistant_enabled = models.BooleanField(default=True)
    # The need and the location are always asked (they make a lead qualified); these two may be left out.
    assistant_asks_timeline = models.BooleanField(default=True, help_text="The assistant asks when the job is needed.")
    assistant_asks_name = models.BooleanField(default=True, help_text="The assistant asks the caller's name.")
    owner_summaries = models.BooleanField(
        default=True, help_text="The owner gets an SMS summary of each lead (urgent emergency alerts always go out)."
    )
    follow_up_minutes = models.PositiveIntegerField(
        default=120, help_text="One gentle follow-up when the caller goes quiet this long (0: never)."
    )
    quiet_summary_minutes = models.PositiveIntegerField(
        default=30, help_text="Tell the owner what is known when the caller goes quiet this long before the lead is complete."
    )
    allow_links_in_first_text = models.BooleanField(
        default=False, help_text="Off: links are taken out of the first text to a number (carriers filter them)."
    )
    retention_days = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="`textback purge` blanks texts, recordings and transcripts older than this "
        "(empty: TEXTBACK_RETENTION_DAYS; 0: keep everything).",
    )
    # Facts the assistant answers callers' questions with; unset, it says the owner will tell them.
    licensed_insured = models.BooleanField(null=True, blank=True)
    free_estimates = models.BooleanField(null=True, blank=True)
    service_fee = models.CharField(max_length=60, blank=True)
    service_area = models.CharField(max_length=120, blank=True)
    faq = models.TextField(blank=True, help_text="The owner's answers to callers' questions: a question with its ? and the answer, a line.")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name_plural = "businesses"

    def __str__(self):
        return self.name

    def is_open(self, when):
        return hours.is_open(self.hours, self.holidays, self.timezone, when)


class Membership(models.Model):
    """A dashboard user's access to one business (a user may have several)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    business = models.ForeignKey(Business, models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "business"], name="one_membership_per_pair")]


class PhoneNumber(models.Model):
    RING, FORWARDED = "ring", "forwarded"
    MODES = [(RING, "Rings the owner's cell first"), (FORWARDED, "Receives calls the owner's phone forwarded")]

    business = models.ForeignKey(Business, models.CASCADE, related_name="numbers")
    number = models.CharField(max_length=20, unique=True, help_text="E.164")
    provider = models.CharField(max_length=20, default="twilio")
    mode = models.CharField(max_length=10, choices=MODES, default=RING)
    # Empty: the default account from the environment (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN).
    account_sid = models.CharField(max_length=64, blank=True)
    # Encrypted in the database (core/encryption.py): a dump alone does not hand out send rights.
    auth_token = EncryptedCharField(max_length=64, blank=True)
    # SignalWire: the project's signing key (its webhooks' signatures) and its space, when the
    # number has its own project; empty: SIGNALWIRE_SIGNING_KEY and SIGNALWIRE_SPACE_URL.
    signing_key = EncryptedCharField(max_length=64, blank=True)
    space_url = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return self.number


class Contact(models.Model):
    """A phone number that called or texted one business."""

    business = models.ForeignKey(Business, models.CASCADE, related_name="contacts")
    number = models.CharField(max_length=20)
    name = models.CharField(max_length=100, blank=True)
    blocked = models.BooleanField(default=False)
    opted_out_at = models.DateTimeField(null=True, blank=True)
    landline = models.BooleanField(default=False, help_text="The provider said it cannot take texts.")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["business", "number"], name="one_contact_per_number")]

    def __str__(self):
        return self.name or self.number

    @classmethod
    def locked(cls, business, number):
        """The business's contact for `number`, created when new, row-locked until the transaction
        ends. One upsert, where get_or_create under select_for_update takes up to four statements
        (SELECT, SAVEPOINT, INSERT, RELEASE) on the busiest path there is, the missed call. SQLite
        before 3.35 (no RETURNING; Django 5.2 runs on 3.31) takes the four."""
        if not connection.features.can_return_columns_from_insert:
            contact, created = cls.objects.select_for_update().get_or_create(business=business, number=number)
            contact.business, contact.created = business, created
            return contact
        table = connection.ops.quote_name(cls._meta.db_table)
        # On PostgreSQL a row the upsert inserted has xmax 0, one it updated (it existed) does not:
        # `contact.created` lets a first-time caller skip looking for a history it cannot have.
        created = ", (xmax = 0) AS created" if connection.vendor == "postgresql" else ""
        contact = one(
            cls, f"INSERT INTO {table} (business_id, number, name, blocked, landline, created_at) "
            "VALUES (%s, %s, '', %s, %s, %s) "
            f"ON CONFLICT (business_id, number) DO UPDATE SET number = excluded.number RETURNING *{created}",
            [business.id, number, False, False, clock.now()],
        )
        contact.business = business
        contact.created = getattr(contact, "created", False)  # elsewhere: not known, so taken as not new
        return contact


class ConsentEvent(models.Model):
    """The audit log of opt-outs and opt-ins."""

    OPT_OUT, OPT_IN = "opt_out", "opt_in"
    contact = models.ForeignKey(Contact, models.CASCADE, related_name="consent_events")
    kind = models.CharField(max_length=10, choices=[(OPT_OUT, "opt-out"), (OPT_IN, "opt-in")])
    source = models.CharField(max_length=100, help_text="What said so: the keyword, the message, the provider error.")
    at = models.DateTimeField(default=clock.now)


class Conversation(models.Model):
    OPEN, CLOSED = "open", "closed"
    business = models.ForeignKey(Business, models.CASCADE, related_name="conversations")
    contact = models.ForeignKey(Contact, models.CASCADE, related_name="conversations")
    # The business number it runs on (the one the caller called or texted): every message of it
    # goes out from there, and the owner answers it there. Null only once that number is removed.
    phone_number = models.ForeignKey(
        "PhoneNumber", models.SET_NULL, null=True, blank=True, related_name="conversations"
    )
    status = models.CharField(max_length=10, default=OPEN, choices=[(OPEN, "open"), (CLOSED, "closed")])
    # The lead as the assistant understands it (see textback.assistant.schema: Lead and Progress, stored flat).
    lead = models.JSONField(default=dict, blank=True)
    owner_took_over_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=clock.now)
    last_message_at = models.DateTimeField(default=clock.now)
    # What became of the lead, as the owner marks it on the dashboard ("": not marked yet).
    BOOKED, LOST, SPAM = "booked", "lost", "spam"
    OUTCOMES = [("", "open"), (BOOKED, "booked"), (LOST, "lost"), (SPAM, "spam")]
    outcome = models.CharField(max_length=10, choices=OUTCOMES, blank=True, default="")
    # When someone last opened it on the dashboard: unread while last_message_at is later.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["business", "-last_message_at"]),
            models.Index(fields=["business", "-started_at"], name="core_conver_started_idx"),
        ]


class Call(models.Model):
    PENDING, ANSWERED, MISSED = "pending", "answered", "missed"
    OUTCOMES = [(PENDING, "ringing"), (ANSWERED, "answered"), (MISSED, "missed")]
    TEXTED, SKIPPED, JOINED = "texted", "skipped", "joined"
    DECISIONS = [
        ("", "not decided"),
        (TEXTED, "texted back"),
        (SKIPPED, "not texted"),
        (JOINED, "joined an open conversation"),
    ]

    business = models.ForeignKey(Business, models.CASCADE, related_name="calls")
    phone_number = models.ForeignKey(PhoneNumber, models.CASCADE, related_name="calls")
    provider = models.CharField(max_length=20)
    provider_call_id = models.CharField(max_length=64)
    from_number = models.CharField(max_length=64, help_text="As the provider gave it.")
    caller = models.CharField(max_length=20, blank=True, help_text="E.164 when it is a textable number.")
    status = models.CharField(max_length=20, blank=True, help_text="The provider's last call status.")
    outcome = models.CharField(max_length=10, choices=OUTCOMES, default=PENDING)
    missed_reason = models.CharField(max_length=40, blank=True)
    screening_accepted = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=clock.now)
    # When the webhook that revealed the miss arrived: time-to-text starts here.
    missed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    duration = models.PositiveIntegerField(null=True, blank=True)
    textback = models.CharField(max_length=10, choices=DECISIONS, blank=True)
    textback_reason = models.CharField(max_length=200, blank=True)
    conversation = models.ForeignKey(Conversation, models.SET_NULL, null=True, blank=True, related_name="calls")
    recording_url = models.URLField(blank=True)
    recording_seconds = models.PositiveIntegerField(null=True, blank=True)
    transcript = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_call_id"], name="one_row_per_provider_call")
        ]
        indexes = [models.Index(fields=["business", "-started_at"])]


class Message(models.Model):
    IN, OUT = "in", "out"
    # Outbound life: queued -> sending -> sent -> delivered | undelivered | failed; or given_up.
    QUEUED, SENDING, SENT, DELIVERED = "queued", "sending", "sent", "delivered"
    UNDELIVERED, FAILED, GIVEN_UP, RECEIVED = "undelivered", "failed", "given_up", "received"
    STATUSES = [(s, s.replace("_", " ")) for s in (QUEUED, SENDING, SENT, DELIVERED, UNDELIVERED, FAILED, GIVEN_UP, RECEIVED)]
    TEXTBACK, ASSISTANT, OWNER, NOTIFICATION, LEAD = "textback", "assistant", "owner", "notification", "lead"
    # The one reply allowed after someone opts out in plain words: confirming they will get no more.
    CONFIRMATION = "confirmation"
    KINDS = [(k, k) for k in (TEXTBACK, ASSISTANT, OWNER, NOTIFICATION, LEAD, CONFIRMATION)]

    business = models.ForeignKey(Business, models.CASCADE, related_name="messages")
    conversation = models.ForeignKey(Conversation, models.CASCADE, null=True, blank=True, related_name="messages")
    call = models.ForeignKey(Call, models.SET_NULL, null=True, blank=True, related_name="messages")
    direction = models.CharField(max_length=3, choices=[(IN, "in"), (OUT, "out")])
    kind = models.CharField(max_length=15, choices=KINDS)
    provider = models.CharField(max_length=20)
    from_number = models.CharField(max_length=64)
    to_number = models.CharField(max_length=20)
    body = models.TextField(blank=True)
    media = models.JSONField(default=list, blank=True, help_text="[{url, content_type}]")
    asks = models.CharField(max_length=20, blank=True, help_text="What an assistant message asks for.")
    urgent = models.BooleanField(default=False)
    opt_out = models.BooleanField(default=False, help_text="An incoming text taken as revoking consent.")
    encoding = models.CharField(max_length=5, blank=True)
    segments = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=STATUSES)
    provider_message_id = models.CharField(max_length=64, null=True, blank=True)
    error_code = models.CharField(max_length=10, blank=True)
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The last attempt may have reached the provider (it timed out, the connection dropped, the
    # worker died): before sending again, the provider is asked whether it has the text.
    maybe_sent = models.BooleanField(default=False)
    # Not a direct reply (a follow-up): sent only in the recipient's daytime (core/quiet.py).
    daytime_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now)
    give_up_at = models.DateTimeField(null=True, blank=True)
    # The moment the first request left for the provider: time-to-text ends here.
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_message_id"], name="one_row_per_provider_message"
            ),
            # Exactly one text-back per missed call, whatever races or retries happen.
            models.UniqueConstraint(fields=["call"], condition=Q(kind="textback"), name="one_textback_per_call"),
        ]
        indexes = [
            models.Index(fields=["conversation", "created_at"]),
            # Texts to one number: first-text checks, erasure.
            models.Index(fields=["to_number", "business"], name="core_message_to_idx"),
        ]


class SendSlot(models.Model):
    """When a sending number (or a provider account) may send its next segment: the outbox's rate
    limit, one row per key ("number:+13125550100", "account:twilio:AC..."), updated under a row lock."""

    key = models.CharField(max_length=120, unique=True)
    free_at = models.DateTimeField()


class WorkerSeen(models.Model):
    """A `textback worker` that is (or was) running: it writes seen_at every few seconds, so
    `textback check` can tell whether any worker is taking jobs (without one no text goes out)."""

    worker_id = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()


class LLMOutcome(models.Model):
    """How the optional AI model (TEXTBACK_LLM_BASE_URL) did, per day: messages it answered, and
    those that fell back to the built-in assistant, by reason (unavailable, unusable, breaker open,
    internal error). Shown by `textback check`, GET /health/assistant and the Assistant settings."""

    ANSWERED, FALLBACK = "answered", "fallback"

    day = models.DateField()
    outcome = models.CharField(max_length=10)
    reason = models.CharField(max_length=30, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "outcome", "reason"], name="one_llm_outcome_row_a_day")]


class LLMTrial(models.Model):
    """One `textback simulate --gate` run: the AI model (base URL and model name) against the
    built-in assistant on the same cases. The pipeline uses a model only once its latest trial
    scored at least the built-in assistant's (llm_health.approved)."""

    base_url = models.CharField(max_length=300)
    model = models.CharField(max_length=200, blank=True)
    cases = models.PositiveIntegerField()
    builtin_passed = models.PositiveIntegerField()
    llm_passed = models.PositiveIntegerField()
    checks = models.PositiveIntegerField()
    approved = models.BooleanField()
    tried_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["base_url", "model", "-tried_at"], name="llm_trial_latest")]


class LookupsVersion(models.Model):
    """One row whose `n` goes up with every change to a business or a number, made by database
    triggers (migration 0017), whatever made the change: the version that tells each process that
    its cache of what webhooks look up is stale (core/lookups.py)."""

    n = models.BigIntegerField(default=0)


def save_fields(obj, *names):
    """obj.save(update_fields=names) as one raw UPDATE, each value prepared by its field as the ORM
    prepares it: for the saves on every missed call and every text, where the ORM's building of the
    statement cost several times the statement (docs/decisions.md 21). No save signals are sent
    (textback has no receivers)."""
    fields = [obj._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    values = [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(obj._meta.db_table)} SET {sets} WHERE {quote(obj._meta.pk.column)} = %s",
                       [*values, obj.pk])


def insert(obj):
    """obj.save() of a new row as one raw INSERT, each value prepared by its field as the ORM
    prepares it (defaults were applied by the constructor): for the rows every missed call adds
    (its call, its conversation, its text), where the ORM's building of the INSERT cost more than
    the statement (docs/decisions.md 21). No save signals are sent (textback has no receivers)."""
    meta, quote = obj._meta, connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    values = [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    returning = connection.features.can_return_columns_from_insert  # SQLite before 3.35 cannot
    with connection.cursor() as cursor:
        cursor.execute(sql + f" RETURNING {quote(meta.pk.column)}" if returning else sql, values)
        obj.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    obj._state.adding, obj._state.db = False, connection.alias
    return obj


def one(model, sql, params):
    """The first row of `sql` as a `model` instance (a column that is not a field set as an
    attribute), or None: next(iter(model.objects.raw(sql, params)), None) for the reads on every
    missed call and every text, without RawQuerySet's mapping of columns to fields on every query
    (kept here per column list; docs/decisions.md 21)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        columns = tuple(column[0] for column in cursor.description)
    if row is None:
        return None
    key = (model, connection.vendor, columns)
    if (loader := _loaders.get(key)) is None:
        loader = _loaders[key] = _loader(model, columns)
    names, positions, converters, extra = loader
    instance = model.from_db(connection.alias, names, [
        row[position] if convert is None else convert(row[position]) for position, convert in zip(positions, converters)])
    for column, position in extra:
        setattr(instance, column, row[position])
    return instance


_loaders = {}  # (model, vendor, the row's columns) -> what `one` needs to build the instance


def _loader(model, columns):
    """The fields the columns hold, in the model's order (from_db's), where each is in the row, and
    its converter; and the other columns with theirs."""
    fields = [field for field in model._meta.concrete_fields if field.column in columns]
    table, field_columns = model._meta.db_table, {field.column for field in fields}
    return ([field.attname for field in fields], [columns.index(field.column) for field in fields],
            [converter(field.get_col(table)) for field in fields],
            [(column, i) for i, column in enumerate(columns) if column not in field_columns])


def converter(col):
    """A column's value as the ORM's compiler gives it (the backend's converters, then the field's:
    SQLite's datetimes and booleans, the encrypted tokens, JSON), as one function, or None."""
    functions = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
    if not functions:
        return None

    def convert(value):
        for function in functions:
            value = function(value, col, connection)
        return value

    return convert
