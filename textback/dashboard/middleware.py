"""The Content-Security-Policy of the dashboard's pages: scripts, styles and everything else from
this server only; no inline script, no CDN. Voicemail recordings play through this server too
(views.voicemail fetches them from the provider with the number's credentials)."""

POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])


def content_security_policy(get_response):
    def middleware(request):
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        dashboard = match is not None and match.namespace == "dashboard"
        if (dashboard or request.path == "/") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = POLICY
            response.setdefault("Referrer-Policy", "same-origin")
        return response

    return middleware
