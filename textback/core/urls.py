from django.urls import path

from textback.core import metrics, views

urlpatterns = [
    path("health", views.health, name="health"),
    path("health/queue", views.queue_health, name="queue_health"),
    path("health/assistant", views.assistant_health, name="assistant_health"),
    path("metrics", metrics.view, name="metrics"),
]
