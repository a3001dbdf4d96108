from django.db import connection
from django.http import HttpResponse, JsonResponse


def health(request):
    """For load balancers and uptime checks: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable\n", status=503)
    return JsonResponse({"ok": True})
