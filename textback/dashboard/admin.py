"""The Django admin for operators: businesses, their numbers and users. Calls, messages and
consent events are the record of what happened (and of what the law asks us to keep): read-only."""

from django.contrib import admin

from textback.core.models import Business, Call, ConsentEvent, Contact, Conversation, Membership, Message, PhoneNumber


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# A number's own Twilio credentials are entered (and checked with Twilio) in the dashboard's
# number step only; the admin never shows the auth token, nor lets anyone change the account.
CREDENTIALS_READ_ONLY = ["account_sid", "has_own_auth_token"]


@admin.display(boolean=True, description="own auth token")
def has_own_auth_token(number):
    return bool(number.auth_token)


class NumberInline(admin.TabularInline):
    model = PhoneNumber
    extra = 0
    fields = ["number", "provider", "mode", *CREDENTIALS_READ_ONLY]
    readonly_fields = CREDENTIALS_READ_ONLY
    has_own_auth_token = staticmethod(has_own_auth_token)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["name", "trade", "owner_name", "timezone", "assistant_enabled", "created_at"]
    search_fields = ["name", "owner_name", "numbers__number"]
    inlines = [NumberInline, MembershipInline]


@admin.register(PhoneNumber)
class PhoneNumberAdmin(admin.ModelAdmin):
    fields = ["business", "number", "provider", "mode", *CREDENTIALS_READ_ONLY]
    readonly_fields = CREDENTIALS_READ_ONLY
    has_own_auth_token = staticmethod(has_own_auth_token)
    list_display = ["number", "business", "provider", "mode"]
    list_select_related = ["business"]
    search_fields = ["number", "business__name"]
    list_filter = ["provider", "mode"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "business"]
    list_select_related = ["user", "business"]
    search_fields = ["user__email", "business__name"]
    autocomplete_fields = ["user", "business"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "business", "blocked", "opted_out_at", "landline"]
    list_select_related = ["business"]
    search_fields = ["number", "name"]
    list_filter = ["blocked", "landline"]
    # Consent changes only through the opt-out / opt-in paths, which keep the audit log.
    readonly_fields = ["opted_out_at", "landline", "business", "number"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnly):
    list_display = ["id", "business", "contact", "status", "outcome", "started_at", "last_message_at"]
    list_select_related = ["business", "contact"]
    list_filter = ["status", "outcome"]


@admin.register(Call)
class CallAdmin(ReadOnly):
    list_display = ["id", "business", "caller", "outcome", "missed_reason", "textback", "textback_reason", "started_at"]
    list_select_related = ["business"]
    list_filter = ["outcome", "textback"]
    search_fields = ["caller", "provider_call_id"]


@admin.register(Message)
class MessageAdmin(ReadOnly):
    list_display = ["id", "business", "direction", "kind", "to_number", "status", "created_at"]
    list_select_related = ["business"]
    list_filter = ["direction", "kind", "status"]
    search_fields = ["to_number", "from_number", "provider_message_id"]


@admin.register(ConsentEvent)
class ConsentEventAdmin(ReadOnly):
    list_display = ["contact", "kind", "source", "at"]
    list_select_related = ["contact"]
