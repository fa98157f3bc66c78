"""Browser defences: security headers and CSP, hardened session cookies, CSRF, reverse proxy.

- CSP without inline script; ``nosniff``; ``Referrer-Policy``; frame denial; HSTS under TLS.
- Session cookie ``__Host-fs_session``: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain.
  (Browsers accept Secure cookies on http://127.0.0.1 and http://localhost, so the local demo
  works; set ``HTTPS_COOKIES=False`` only for a plain-HTTP deployment on another host.)
- CSRF: Flask-WTF on every unsafe request; the JSON API checks the ``X-CSRFToken`` header
  itself unless the request authenticates with a bearer token (no cookie, nothing to forge).
- Reverse proxy: ``TRUSTED_PROXY_COUNT`` (default 0, off) is the one setting. Off, forwarded
  headers are ignored (waitress drops them too). At N > 0 ``ProxyFix`` trusts N hops of
  ``X-Forwarded-Proto/For/Host/Port``, so a request the proxy received over TLS is secure (HSTS,
  CSRF's strict referrer check); ``web/serve.py`` gives waitress the same count and headers.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
HSTS = "max-age=31536000; includeSubDomains"
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def proxy_count(config) -> int:
    """``TRUSTED_PROXY_COUNT`` checked: a whole number >= 0 (the retired ``PROXY_COUNT`` is refused)."""
    if "PROXY_COUNT" in config:
        raise ValueError("PROXY_COUNT is no longer read: set TRUSTED_PROXY_COUNT (0 = no proxy, "
                         "the default; 1 = one reverse proxy such as nginx)")
    value = config.get("TRUSTED_PROXY_COUNT", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"TRUSTED_PROXY_COUNT must be a whole number >= 0, not {value!r}")
    return value


def init_app(app: Flask) -> None:
    n = proxy_count(app.config)
    if n:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)
    secure = bool(app.config.get("HTTPS_COOKIES", True))
    app.config.update(
        SESSION_COOKIE_NAME="__Host-fs_session" if secure else "fs_session",
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_DOMAIN=None,
        SESSION_REFRESH_EACH_REQUEST=False,
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=int(app.config.get("ABSOLUTE_TIMEOUT", 43200))),
        WTF_CSRF_TIME_LIMIT=int(app.config.get("ABSOLUTE_TIMEOUT", 43200)),
        WTF_CSRF_SSL_STRICT=True,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.config.setdefault("WTF_CSRF_ENABLED", True)
    # Autoescape every template, whatever its extension.
    app.jinja_env.autoescape = True
    csrf.init_app(app)
    app.after_request(_headers)


def _headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
