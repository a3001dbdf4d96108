from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect


def home(request):
    # The dashboard lands later; until then the simulator is the way in.
    return redirect("simulator")


def health(request):
    """For load balancers and uptime checks: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable\n", status=503)
    return JsonResponse({"ok": True})
