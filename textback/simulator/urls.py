from django.urls import path

from textback.simulator import views

urlpatterns = [
    path("", views.simulator, name="simulator"),
]
