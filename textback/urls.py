from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("twilio/", include("textback.twilio.urls")),
    path("simulator/", include("textback.simulator.urls")),
    path("admin/", admin.site.urls),
    # The dashboard answers at /; core adds /health.
    path("", include("textback.dashboard.urls")),
    path("", include("textback.core.urls")),
]
