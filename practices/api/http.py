"""What every API endpoint shares, wrapped around each of them in one place.

In order: who is asking (a personal token, else nobody: the API ignores the session cookie, so
a page of the API means the same in a browser and in a script), the rate limit of that token or
of the client's address (429 with Retry-After), the language (`lang`, else Accept-Language as
LocaleMiddleware read it), and caching headers on success: a strong ETag from the body, the
Last-Modified an endpoint gave, and 304 Not Modified when the caller already has this version.
"""

import math
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _

from cop.ratelimit import RateLimit, client_ip
from practices.api.tokens import user_for_token

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _limits():
    window = settings.API_RATE_WINDOW
    return (
        RateLimit("api-token", limit=settings.API_RATE_LIMIT_TOKEN, window=window),
        RateLimit("api-address", limit=settings.API_RATE_LIMIT_ADDRESS, window=window),
    )


def _error(status, detail, **headers):
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _bearer(request):
    """The token in `Authorization: Bearer …`; "" without one, None for an empty Bearer.

    Another scheme (a proxy's Basic authentication in front of a staging site, say) is not
    meant for the API: the request is read as anonymous.
    """
    scheme, _sep, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return credentials.strip() or None


def _throttle(limit, ident):
    """None if this request may go on, else the 429 response. Windows align with the clock,
    so Retry-After is exact: the seconds until the current window closes."""
    seconds = limit.window.total_seconds()
    now = time.time()
    bucket = f"{ident}:{int(now // seconds)}"
    if limit.is_exceeded(bucket):
        retry = max(1, math.ceil(seconds - now % seconds))
        return _error(
            429,
            _("Too many requests: at most %(limit)d per %(seconds)d seconds. Try again later.")
            % {"limit": limit.limit, "seconds": seconds},
            Retry_After=str(retry),
        )
    limit.hit(bucket)
    return None


def api_endpoint(run):
    """Wrap one endpoint (ninja's "view" decorator mode: before its input is validated)."""

    @wraps(run)
    def wrapped(request, *args, **kwargs):
        token_limit, address_limit = _limits()
        raw = _bearer(request)
        user = user_for_token(raw) if raw else None
        if user is None:
            refused = _throttle(address_limit, client_ip(request))
            if refused is None and raw is not None and raw != "":
                refused = _error(
                    401,
                    _("This token is not valid: it may have been revoked. Create a new one on "
                      "your account page, or send no Authorization header."),
                    WWW_Authenticate='Bearer realm="api"',
                )  # fmt: skip
            elif refused is None and raw is None:
                refused = _error(
                    401,
                    _("Send the token as “Authorization: Bearer <token>”."),
                    WWW_Authenticate='Bearer realm="api"',
                )
            user = AnonymousUser()
        else:
            refused = _throttle(token_limit, f"token-{user.api_token.pk}")
        if refused is not None:
            return refused
        request.user = user

        language = request.GET.get("lang") or translation.get_language()
        if language not in LANGUAGE_CODES:
            language = request.GET.get("lang")
            return JsonResponse(
                {
                    "detail": [
                        {
                            "type": "enum",
                            "loc": ["query", "lang"],
                            "msg": _("No language “%(code)s” here; use one of: %(codes)s.")
                            % {"code": language[:20], "codes": ", ".join(LANGUAGE_CODES)},
                        }
                    ]
                },
                status=422,
            )
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        # Mirrors may keep a copy but must ask again each time; the ETag makes asking cheap.
        patch_cache_control(response, no_cache=True)
        if user.is_authenticated:
            patch_cache_control(response, private=True)
        if response.status_code == 200 and request.method == "GET":
            if not response.streaming:
                set_response_etag(response)
            last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
            response = get_conditional_response(
                request, etag=response.get("ETag"), last_modified=last_modified, response=response
            )
        return response

    return wrapped
