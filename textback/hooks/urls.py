from django.urls import path

from textback.hooks import views

app_name = "hooks"

urlpatterns = [
    path("b/<int:business_id>/settings/webhooks", views.webhooks, name="webhooks"),
]
