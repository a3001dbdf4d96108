from django.urls import path

from textback.simulator import views

urlpatterns = [
    path("", views.simulator, name="simulator"),
    path("thread", views.thread_json, name="simulator-thread"),
    path("call", views.place_call, name="simulator-call"),
    path("call/step", views.call_step, name="simulator-call-step"),
    path("text", views.send_text, name="simulator-text"),
]
