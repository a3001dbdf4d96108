from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse

from textback.core import jobs, llm_health


def health(request):
    """For load balancers and uptime checks: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("database unavailable\n", status=503)
    return JsonResponse({"ok": True})


def queue_health(request):
    """For an uptime monitor: 503 when a job that is due (a text-back, a reply) has waited longer
    than TEXTBACK_QUEUE_ALERT_SECONDS, i.e. no `textback worker` is taking jobs, or too few."""
    _, waited = jobs.waiting()  # a database that does not answer is a 503 from the middleware
    # Public, like /health: the longest wait only, nothing about how busy the install is.
    body = {"ok": True, "longest_wait_seconds": round(waited, 1)}
    if waited > settings.QUEUE_ALERT_SECONDS:
        body |= {"ok": False, "problem": f"a job due {waited:.0f} s ago has not been taken: is `textback worker` running?"}
        return JsonResponse(body, status=503)
    return JsonResponse(body)


def assistant_health(request):
    """For an uptime monitor: with an AI model configured, 503 once most of today's messages (at
    least 5) fell back to the built-in assistant; the counts either way. Callers are answered
    regardless (by the built-in assistant): this says the model has stopped helping."""
    if not llm_health.configured():
        return JsonResponse({"ok": True, "engine": "built-in"})
    trial = llm_health.latest_trial()
    if not (trial and trial.approved):
        return JsonResponse({"ok": True, "engine": "built-in", "model": llm_health.trial_in_words(trial)})
    found = llm_health.summary()
    body = {"ok": not llm_health.failing(found), "engine": "llm", "today": found}
    if not body["ok"]:
        body["problem"] = f"the model {llm_health.in_words(found)}"
    return JsonResponse(body, status=200 if body["ok"] else 503)
