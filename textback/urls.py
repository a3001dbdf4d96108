from django.contrib import admin
from django.urls import include, path

from textback.dashboard.signin import one_check_at_a_time

urlpatterns = [
    path("twilio/", include("textback.twilio.urls")),
    path("signalwire/", include("textback.signalwire.urls")),
    path("simulator/", include("textback.simulator.urls")),
    # The admin's sign-in is limited like the dashboard's (axes counts it; one check at a time per user).
    path("admin/login/", one_check_at_a_time(admin.site.login)),
    path("admin/", admin.site.urls),
    # The dashboard answers at /; core adds /health.
    path("", include("textback.dashboard.urls")),
    path("", include("textback.hooks.urls")),
    path("", include("textback.core.urls")),
]
