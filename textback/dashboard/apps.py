from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "textback.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
