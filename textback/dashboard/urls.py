from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from textback.dashboard import configure, onboarding, signin, stats, views

app_name = "dashboard"

reset = "dashboard/password_reset"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in", signin.sign_in, name="sign_in"),
    path("sign-out", signin.sign_out, name="sign_out"),
    path("sign-up", onboarding.sign_up, name="sign_up"),
    path("sign-up/sent", onboarding.sign_up_sent, name="sign_up_sent"),
    path("sign-up/<uidb64>/<token>", onboarding.sign_up_confirm, name="sign_up_confirm"),
    path("start", onboarding.start, name="start"),
    path("password-reset", signin.PasswordReset.as_view(), name="password_reset"),
    path("password-reset/sent", auth_views.PasswordResetDoneView.as_view(template_name=f"{reset}_done.html"),
         name="password_reset_done"),
    path("password-reset/<uidb64>/<token>", auth_views.PasswordResetConfirmView.as_view(
        template_name=f"{reset}_confirm.html", success_url=reverse_lazy("dashboard:password_reset_complete"),
    ), name="password_reset_confirm"),
    path("password-reset/done", auth_views.PasswordResetCompleteView.as_view(template_name=f"{reset}_complete.html"),
         name="password_reset_complete"),
    path("b/<int:business_id>/", views.inbox, name="inbox"),
    path("b/<int:business_id>/inbox.json", views.inbox_json, name="inbox_json"),
    path("b/<int:business_id>/c/<int:conversation_id>/", views.thread, name="thread"),
    path("b/<int:business_id>/c/<int:conversation_id>.json", views.thread_json, name="thread_json"),
    path("b/<int:business_id>/c/<int:conversation_id>/reply", views.reply, name="reply"),
    path("b/<int:business_id>/c/<int:conversation_id>/hand-back", views.hand_back, name="hand_back"),
    path("b/<int:business_id>/c/<int:conversation_id>/outcome", views.set_outcome, name="outcome"),
    path("b/<int:business_id>/c/<int:conversation_id>/block", views.block, name="block"),
    path("b/<int:business_id>/leads/", views.lead_list, name="leads"),
    path("b/<int:business_id>/leads.csv", views.lead_csv, name="leads_csv"),
    path("b/<int:business_id>/calls/", views.call_list, name="calls"),
    path("b/<int:business_id>/calls/<int:call_id>/voicemail.mp3", views.voicemail, name="voicemail"),
    path("b/<int:business_id>/stats/", stats.stats, name="stats"),
    path("b/<int:business_id>/settings/", configure.profile, name="settings"),
    path("b/<int:business_id>/settings/assistant", configure.assistant, name="settings_assistant"),
    path("b/<int:business_id>/settings/hours", configure.business_hours, name="settings_hours"),
    path("b/<int:business_id>/settings/templates", configure.templates, name="settings_templates"),
    path("b/<int:business_id>/settings/templates/preview", configure.template_preview, name="template_preview"),
    path("b/<int:business_id>/settings/contacts", configure.contacts, name="settings_contacts"),
    path("b/<int:business_id>/settings/contacts/import", configure.contacts_import, name="contacts_import"),
    path("b/<int:business_id>/settings/numbers", configure.numbers, name="settings_numbers"),
    path("b/<int:business_id>/start/number", onboarding.start_number, name="start_number"),
    path("b/<int:business_id>/start/test", onboarding.start_test, name="start_test"),
    path("b/<int:business_id>/start/check.json", onboarding.start_check, name="start_check"),
]
