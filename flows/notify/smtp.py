"""Sending an email message through an SMTP relay (plain, STARTTLS or implicit TLS, with login).

``send_email`` either returns the Message-ID (the server accepted the message) or raises a
``DeliveryError`` saying whether trying again later can help. The password never appears in an
error or a log.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import parseaddr

from config import EmailSettings
from flows.core.redact import redact
from flows.notify.errors import DeliveryError, PermanentDeliveryError, TransientDeliveryError

log = logging.getLogger(__name__)
KIND = "email"


def new_message_id(sender: str) -> str:
    """A fresh ``<random@domain>`` Message-ID in the sender's domain, short enough for one line."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "cyberwatch.invalid"
    return f"<cw.{secrets.token_hex(12)}@{domain}>"


def _reply(error: smtplib.SMTPResponseException) -> str:
    raw = error.smtp_error
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(text.split())


def _by_code(code: int, message: str, delivered: int = 0) -> DeliveryError:
    cls = TransientDeliveryError if 400 <= code < 500 else PermanentDeliveryError
    return cls(message, kind=KIND, status=code, delivered=delivered)


def _connect(settings: EmailSettings) -> smtplib.SMTP:
    host = settings.host or ""
    context = ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)
    if settings.tls == "ssl":
        return smtplib.SMTP_SSL(host, settings.port, timeout=settings.timeout, context=context)
    smtp = smtplib.SMTP(host, settings.port, timeout=settings.timeout)
    if settings.tls == "starttls":
        try:
            smtp.starttls(context=context)
        except BaseException:
            smtp.close()
            raise
    return smtp


def _send(message: EmailMessage, settings: EmailSettings) -> dict[str, tuple[int, bytes]]:
    smtp = _connect(settings)
    try:
        if settings.user and settings.password is not None:
            smtp.login(settings.user, settings.password.get_secret_value())
        refused = smtp.send_message(message)
    except BaseException:
        smtp.close()
        raise
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()  # the message was accepted: a failed goodbye changes nothing
    return refused


def send_email(message: EmailMessage, settings: EmailSettings) -> str:
    """Send ``message`` through ``settings``' relay; returns its Message-ID once accepted.

    Adds a Message-ID when the message has none; it must have a Date. Logs in when user and
    password are set. Raises ``TransientDeliveryError`` (connection, timeout, SMTP 4xx) or
    ``PermanentDeliveryError`` (SMTP 5xx, login refused, TLS failure, no relay configured).
    """
    if not settings.host:
        raise PermanentDeliveryError("no SMTP host configured (CYBERWATCH_SMTP_HOST)", kind=KIND)
    if message["Message-ID"] is None:
        message["Message-ID"] = new_message_id(str(message["From"] or ""))
    if message["Date"] is None:
        raise ValueError("the message has no Date header (compose_email sets one)")
    secrets = [settings.password.get_secret_value()] if settings.password else []
    where = f"{settings.host}:{settings.port}"
    try:
        refused = _send(message, settings)
    except smtplib.SMTPAuthenticationError as e:
        text = f"login refused for user {settings.user!r} at {where}: {e.smtp_code} {_reply(e)}"
        raise PermanentDeliveryError(redact(text, secrets), kind=KIND, status=e.smtp_code) from None
    except smtplib.SMTPRecipientsRefused as e:
        codes = [code for code, _ in e.recipients.values()]
        who = ", ".join(f"{a} ({c})" for a, (c, _) in e.recipients.items())
        code = max(codes) if codes else 550
        raise _by_code(code, redact(f"{where} refused every recipient: {who}", secrets)) from None
    except smtplib.SMTPResponseException as e:
        text = f"{where} answered {e.smtp_code} {_reply(e)}"
        raise _by_code(e.smtp_code, redact(text, secrets)) from None
    except smtplib.SMTPNotSupportedError as e:
        text = f"{where} does not support what was asked ({e}); check CYBERWATCH_SMTP_TLS"
        raise PermanentDeliveryError(redact(text, secrets), kind=KIND) from None
    except ssl.SSLError as e:
        text = f"TLS with {where} failed: {e.reason or e.__class__.__name__}"
        raise PermanentDeliveryError(redact(text, secrets), kind=KIND) from None
    except (smtplib.SMTPException, OSError) as e:  # OSError covers refused and timed out
        reason = (e.strerror if isinstance(e, OSError) else None) or str(e) or type(e).__name__
        text = f"cannot reach {where}: {reason}"
        raise TransientDeliveryError(redact(text, secrets), kind=KIND) from None
    if refused:
        log.warning("%s: %s refused some recipients: %s", KIND, where, ", ".join(sorted(refused)))
    return str(message["Message-ID"])
