"""Optional error tracking: Sentry (or a compatible service) when SENTRY_DSN is set.

Errors in requests and tasks, and every log record at ERROR (such as an e-mail that could not
be delivered), are sent; personal data (users, cookies, request bodies) is not.
"""

from django.core.exceptions import ImproperlyConfigured


def init_error_tracking(*, dsn, environment, traces_sample_rate):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(dsn)
    except BadDsn as exc:
        raise ImproperlyConfigured(
            f"SENTRY_DSN is not a DSN ({exc}); copy it from your project's settings, "
            "e.g. https://KEY@o0.ingest.sentry.io/0, or leave it unset."
        ) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )
