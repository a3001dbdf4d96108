from django.urls import path

from textback.core import views

urlpatterns = [
    path("health", views.health, name="health"),
]
