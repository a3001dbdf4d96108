from django.urls import path

from textback.core import views

urlpatterns = [
    path("health", views.health, name="health"),
    path("health/queue", views.queue_health, name="queue_health"),
]
