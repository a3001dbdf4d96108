"""The Content-Security-Policy of every page (the dashboard's, the simulator's, the admin's, which
has no inline script either): scripts, styles and everything else from this server only; no inline
script, no CDN. Voicemail recordings play through this server too
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
        response.setdefault("Content-Security-Policy", POLICY)
        response.setdefault("Referrer-Policy", "same-origin")
        return response

    return middleware
