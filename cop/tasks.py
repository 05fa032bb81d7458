"""Work done outside the request by the task worker (django-tasks; `manage.py db_worker`).

An e-mail is one `deliver_email` task. A failed delivery is tried again after a growing delay
(COP_EMAIL_RETRY_DELAY seconds, then four times as long each time) up to COP_EMAIL_MAX_ATTEMPTS
attempts; the last failure is logged at ERROR with the subject and recipients and leaves a
failed task, with its traceback, in the admin's task results.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from cop.mail import delivery_connection, describe, message_from_json

logger = logging.getLogger(__name__)


class EmailNotDelivered(Exception):
    """Every attempt to deliver an e-mail failed."""


def retry_delay(attempt):
    """Seconds to wait after the given failed attempt: 1, 4, 16… times the base delay."""
    return settings.COP_EMAIL_RETRY_DELAY * 4 ** (attempt - 1)


def enqueue_delivery(message, *, attempt=1, delay=0):
    """Queue one delivery of `message` (see cop.mail.message_to_json)."""
    job = deliver_email
    if delay and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + timedelta(seconds=delay))
    # A backend that cannot wait (the immediate one, in tests and `make dev`) retries at once.
    return job.enqueue(message=message, attempt=attempt)


@task()
def deliver_email(*, message, attempt=1):
    """Send one queued e-mail through the real transport; retry or report a failure."""
    email = message_from_json(message, connection=delivery_connection())
    try:
        email.send()
    except Exception as exc:
        max_attempts = settings.COP_EMAIL_MAX_ATTEMPTS
        if attempt < max_attempts:
            delay = retry_delay(attempt)
            logger.warning(
                "E-mail %s failed on attempt %d of %d (%s); trying again in %d s.",
                describe(message), attempt, max_attempts, exc, delay,
            )  # fmt: skip
            enqueue_delivery(message, attempt=attempt + 1, delay=delay)
            return {"delivered": False, "attempt": attempt, "retry_in_seconds": delay}
        logger.error(
            "E-mail %s was not delivered: attempt %d of %d failed (%s). Giving up.",
            describe(message), attempt, max_attempts, exc,
        )  # fmt: skip
        raise EmailNotDelivered(
            f"E-mail {describe(message)} not delivered after {attempt} attempts: {exc}"
        ) from exc
    return {"delivered": True, "attempt": attempt}
