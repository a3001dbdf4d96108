from django.apps import AppConfig


class SimulatorConfig(AppConfig):
    name = "textback.simulator"
    label = "simulator"
    verbose_name = "Simulator"
