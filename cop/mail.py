"""Every e-mail the site sends leaves the request through the task queue.

`QueuedEmailBackend` is the site's EMAIL_BACKEND: sending a message (a notification, an
application decision, a digest, a password reset) only records a `cop.tasks.deliver_email` task;
the worker (`manage.py db_worker`, started by `make run`) hands it to the real transport named
by COP_EMAIL_DELIVERY_BACKEND (SMTP, or the console), retries a failure with a growing delay and
reports the last one. This module is also the one place where headers are made safe: a line
break in a practice title or a member's name would otherwise make the message invalid
(BadHeaderError) and lose it.
"""

import base64
import unicodedata
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend


def safe_header(value):
    """One line of text fit for a mail header: line breaks and control characters become
    spaces, runs of white space one space."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in str(value))
    return " ".join(text.split())


def message_to_json(message):
    """What the worker needs to rebuild `message`, as JSON, with every header made safe."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise TypeError("Queued e-mails take attachments as (filename, content, mimetype).")
        filename, content, mimetype = attachment
        is_text = isinstance(content, str)
        attachments.append(
            {
                "filename": safe_header(filename) if filename else None,
                "content": content if is_text else base64.b64encode(content).decode("ascii"),
                "base64": not is_text,
                "mimetype": mimetype,
            }
        )
    return {
        "subject": safe_header(message.subject),
        "body": str(message.body),
        "from_email": safe_header(message.from_email or settings.DEFAULT_FROM_EMAIL),
        "to": [safe_header(address) for address in message.to],
        "cc": [safe_header(address) for address in message.cc],
        "bcc": [safe_header(address) for address in message.bcc],
        "reply_to": [safe_header(address) for address in message.reply_to],
        "headers": {
            safe_header(name): safe_header(value) for name, value in message.extra_headers.items()
        },
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def message_from_json(data, *, connection=None):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(pair) for pair in data["alternatives"]],
        connection=connection,
    )
    message.content_subtype = data["content_subtype"]
    for attachment in data["attachments"]:
        content = attachment["content"]
        if attachment["base64"]:
            content = base64.b64decode(content)
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def delivery_connection():
    """A connection to the real transport (SMTP or the console), never back to the queue."""
    return get_connection(settings.COP_EMAIL_DELIVERY_BACKEND)


def describe(data):
    """Who and what, for logs and the task results admin."""
    recipients = ", ".join(data["to"] + data["cc"] + data["bcc"]) or "nobody"
    return f"{data['subject']!r} to {recipients}"


class QueuedEmailBackend(BaseEmailBackend):
    """Queue each message as a delivery task instead of talking to a mail server.

    Callers inside a transaction send on commit (see cop.members.notifications), so a change that is
    rolled back never announces itself.
    """

    def send_messages(self, email_messages):
        from cop.tasks import enqueue_delivery

        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                enqueue_delivery(message_to_json(message))
            except Exception:
                if not self.fail_silently:
                    raise
            else:
                queued += 1
        return queued
