"""Email through a real SMTP server (aiosmtpd) on 127.0.0.1: parse what it received."""

from __future__ import annotations

import email
import socket
import threading
from email.message import EmailMessage
from email.policy import default
from email.utils import parsedate_to_datetime

import pytest
from pydantic import SecretStr

from config import EmailSettings
from flows.digest import Digest, compose_email
from flows.notify.errors import PermanentDeliveryError, TransientDeliveryError
from flows.notify.smtp import new_message_id, send_email

from .conftest import PASSWORD, USER, Certificate, SmtpServer, free_port

SENDER = "cyberwatch <cyberwatch@ministry.example>"
TO = ("desk@ministry.example", "ana@ministry.example")
SEED = "4th Republic of Korea-UK Cyber Dialogue, London, 6 November 2024"


def settings_for(server: SmtpServer, **kwargs: object) -> EmailSettings:
    values: dict[str, object] = {
        "host": server.host,
        "port": server.port,
        "tls": "none",
        "sender": SENDER,
        "recipients": TO,
        "timeout": 5,
    }
    values.update(kwargs)
    return EmailSettings.model_validate(values)


def received(server: SmtpServer) -> EmailMessage:
    (envelope,) = server.mailbox.envelopes
    content = envelope.original_content or envelope.content
    assert isinstance(content, bytes)
    message = email.message_from_bytes(content, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def test_plain_smtp_delivers_both_parts_with_valid_headers(
    smtp: SmtpServer, digest: Digest
) -> None:
    message = compose_email(digest, sender=SENDER, recipients=TO)
    message_id = send_email(message, settings_for(smtp))

    (envelope,) = smtp.mailbox.envelopes
    assert sorted(envelope.rcpt_tos) == sorted(TO)
    assert envelope.mail_from == "cyberwatch@ministry.example"
    got = received(smtp)
    assert got.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in got.iter_parts()]
    assert parts == ["text/plain", "text/html"]  # the preferred part last
    text = got.get_body(("plain",))
    html = got.get_body(("html",))
    assert text is not None and html is not None
    assert SEED in text.get_content()
    assert SEED in html.get_content()

    assert got["Message-ID"] == message_id
    assert message_id.startswith("<") and message_id.endswith("@ministry.example>")
    assert parsedate_to_datetime(got["Date"]) == digest.generated_at
    assert got["From"].addresses[0].addr_spec == "cyberwatch@ministry.example"
    assert got["From"].addresses[0].display_name == "cyberwatch"
    assert [a.addr_spec for a in got["To"].addresses] == list(TO)
    assert (
        got["Subject"]
        == "cyberwatch: 3 new cyber dialogues and 7 other cyber releases, 6-20 November 2024"
    )


def test_hostile_text_arrives_escaped_in_html_and_verbatim_in_text(
    smtp: SmtpServer, digest: Digest
) -> None:
    send_email(compose_email(digest, sender=SENDER, recipients=TO), settings_for(smtp))
    got = received(smtp)
    html = got.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = got.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|click me&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert('x')</script>" in text  # plain text shows the text as it is


def test_login_then_send(smtp_auth: SmtpServer, digest: Digest) -> None:
    settings = settings_for(smtp_auth, user=USER, password=SecretStr(PASSWORD))
    send_email(compose_email(digest, sender=SENDER, recipients=TO), settings)
    assert smtp_auth.mailbox.logins == [(USER.encode(), PASSWORD.encode())]
    assert len(smtp_auth.mailbox.envelopes) == 1


def test_refused_login_is_permanent_and_never_shows_the_password(
    smtp_auth: SmtpServer, digest: Digest
) -> None:
    wrong = "Wr0ng-" + PASSWORD
    settings = settings_for(smtp_auth, user=USER, password=SecretStr(wrong))
    with pytest.raises(PermanentDeliveryError) as err:
        send_email(compose_email(digest, sender=SENDER, recipients=TO), settings)
    assert err.value.status == 535
    assert "login refused" in str(err.value)
    assert wrong not in str(err.value) and wrong not in repr(err.value)
    assert err.value.__cause__ is None  # smtplib's exception is not chained
    assert wrong not in repr(settings)
    assert not smtp_auth.mailbox.envelopes


def test_starttls_with_login(
    smtp_starttls: SmtpServer, certificate: Certificate, digest: Digest
) -> None:
    settings = settings_for(
        smtp_starttls,
        tls="starttls",
        user=USER,
        password=SecretStr(PASSWORD),
        ca_file=certificate.cert,
    )
    message_id = send_email(compose_email(digest, sender=SENDER, recipients=TO), settings)
    assert received(smtp_starttls)["Message-ID"] == message_id


def test_starttls_refuses_an_untrusted_certificate(
    smtp_starttls: SmtpServer, digest: Digest
) -> None:
    settings = settings_for(smtp_starttls, tls="starttls", user=USER, password=SecretStr(PASSWORD))
    with pytest.raises(PermanentDeliveryError, match=r"TLS with 127\.0\.0\.1"):
        send_email(compose_email(digest, sender=SENDER, recipients=TO), settings)
    assert not smtp_starttls.mailbox.envelopes


def test_implicit_tls(smtp_ssl: SmtpServer, certificate: Certificate, digest: Digest) -> None:
    settings = settings_for(smtp_ssl, tls="ssl", ca_file=certificate.cert)
    message_id = send_email(compose_email(digest, sender=SENDER, recipients=TO), settings)
    got = received(smtp_ssl)
    assert got["Message-ID"] == message_id
    assert got.get_content_type() == "multipart/alternative"


def test_a_server_that_wants_starttls_refuses_plain_mail(
    smtp_starttls: SmtpServer, digest: Digest
) -> None:
    with pytest.raises(PermanentDeliveryError) as err:
        send_email(compose_email(digest, sender=SENDER, recipients=TO), settings_for(smtp_starttls))
    assert err.value.status is not None and err.value.status >= 500


def test_the_callers_message_id_is_kept(smtp: SmtpServer, digest: Digest) -> None:
    fixed = new_message_id(SENDER)
    message = compose_email(digest, sender=SENDER, recipients=TO, message_id=fixed)
    assert send_email(message, settings_for(smtp)) == fixed
    assert received(smtp)["Message-ID"] == fixed


def test_temporary_refusal_is_transient(smtp: SmtpServer, digest: Digest) -> None:
    message = compose_email(digest, sender=SENDER, recipients=["busy@ministry.example"])
    with pytest.raises(TransientDeliveryError) as err:
        send_email(message, settings_for(smtp))
    assert err.value.status == 450
    assert "busy@ministry.example" in str(err.value)


def test_unknown_recipient_is_permanent(smtp: SmtpServer, digest: Digest) -> None:
    message = compose_email(digest, sender=SENDER, recipients=["nobody@ministry.example"])
    with pytest.raises(PermanentDeliveryError) as err:
        send_email(message, settings_for(smtp))
    assert err.value.status == 550


def test_some_recipients_refused_still_delivers_to_the_others(
    smtp: SmtpServer, digest: Digest, caplog: pytest.LogCaptureFixture
) -> None:
    message = compose_email(
        digest, sender=SENDER, recipients=["desk@ministry.example", "nobody@ministry.example"]
    )
    send_email(message, settings_for(smtp))
    assert smtp.mailbox.envelopes[0].rcpt_tos == ["desk@ministry.example"]
    assert "nobody@ministry.example" in caplog.text


def test_nobody_listening_is_transient_and_never_shows_the_password(digest: Digest) -> None:
    port = free_port()
    settings = EmailSettings(
        host="127.0.0.1",
        port=port,
        tls="none",
        user=USER,
        password=SecretStr(PASSWORD),
        sender=SENDER,
        recipients=TO,
        timeout=2,
    )
    with pytest.raises(TransientDeliveryError) as err:
        send_email(compose_email(digest, sender=SENDER, recipients=TO), settings)
    assert f"cannot reach 127.0.0.1:{port}" in str(err.value)
    assert PASSWORD not in str(err.value)


def test_a_server_that_hangs_up_is_transient(digest: Digest) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        settings = EmailSettings(
            host="127.0.0.1", port=port, tls="none", sender=SENDER, recipients=TO, timeout=2
        )

        def hang_up() -> None:
            conn, _ = listener.accept()
            conn.close()

        thread = threading.Thread(target=hang_up)
        thread.start()
        with pytest.raises(TransientDeliveryError):
            send_email(compose_email(digest, sender=SENDER, recipients=TO), settings)
        thread.join()


def test_no_host_configured_is_permanent(digest: Digest) -> None:
    message = compose_email(digest, sender=SENDER, recipients=TO)
    with pytest.raises(PermanentDeliveryError, match="CYBERWATCH_SMTP_HOST"):
        send_email(message, EmailSettings())


def test_compose_needs_a_recipient(digest: Digest) -> None:
    with pytest.raises(ValueError, match="recipient"):
        compose_email(digest, sender=SENDER, recipients=[])
