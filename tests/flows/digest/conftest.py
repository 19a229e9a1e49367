"""Digest fixtures: the sample digest plus hostile text, a real SMTP server (aiosmtpd) and a real
HTTP endpoint standing in for Slack's webhook, both on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from flows.devtools.demo.slack import SlackStandIn, slack_stand_in
from flows.digest import Digest, DigestEvent, DigestRelease, Link, party
from flows.digest.sample import sample_digest

PASSWORD = "s3cret-Pa55word"
USER = "cyberwatch"
WEBHOOK_TOKEN = "T0SECRET/B0SECRET/xoxSecretWebhookToken"
HOSTILE = "<script>alert('x')</script> @channel <!channel> & <https://evil.example|click me>"


def hostile_event() -> DigestEvent:
    return DigestEvent(
        headline=f"2nd Ruritania-UK Cyber Dialogue {HOSTILE}",
        parties=(party("GB"), party("RU-X")),
        round=2,
        held_on=dt.date(2024, 11, 15),
        location="Strelsau <b>bold</b>",
        chairs=(),
        topics=("ransomware", "<!here> topic & more"),
        excerpt=f"An excerpt with {HOSTILE} in it.",
        links=(
            Link(
                title=f"Release {HOSTILE}",
                url="https://example.org/release?a=1&b=<2>|x",
                publisher="Ruritania <MFA>",
                official=True,
            ),
        ),
        score=0.7,
    )


def other_releases() -> tuple[DigestRelease, ...]:
    base = dt.datetime(2024, 11, 10, 12, tzinfo=dt.UTC)
    return tuple(
        DigestRelease(
            title=f"Cyber release {n} <i>&</i> @here",
            url=f"https://www.gov.uk/government/news/release-{n}",
            publisher="GOV.UK: NCSC",
            published=base + dt.timedelta(days=n % 5),
            parties=("GB",) if n % 2 else ("KR",),
            topics=("ransomware",) if n % 3 == 0 else ("capacity building",),
            score=0.1 * (n % 10),
        )
        for n in range(6)
    )


@pytest.fixture
def digest() -> Digest:
    """The sample digest (seed event, UK-Japan) plus a hostile event and six other releases."""
    sample = sample_digest()
    return replace(
        sample,
        events=(*sample.events, hostile_event()),
        other_releases=(*sample.other_releases, *other_releases()),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- SMTP -----------------------------------------------------------------------------------


@dataclass
class Mailbox:
    """What the SMTP server accepted: one envelope per message."""

    envelopes: list[Envelope] = field(default_factory=list)
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address.startswith("busy@"):
            return "450 4.2.1 mailbox busy, try later"
        if address.startswith("nobody@"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if isinstance(data, LoginPassword):
            self.logins.append((data.login, data.password))
        return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    mailbox: Mailbox


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for 127.0.0.1 and localhost, made for this test run."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cyberwatch test relay")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return Certificate(cert_path, key_path)


def _smtp(**kwargs: Any) -> Iterator[SmtpServer]:
    mailbox = Mailbox()
    port = free_port()
    auth = kwargs.pop("auth", False)
    if auth:
        kwargs.update(authenticator=mailbox.authenticate, auth_require_tls=False)
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, mailbox)
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A plain SMTP server without login."""
    yield from _smtp()


@pytest.fixture
def smtp_auth() -> Iterator[SmtpServer]:
    """A plain SMTP server that wants a login (``USER`` / ``PASSWORD``)."""
    yield from _smtp(auth=True)


@pytest.fixture
def smtp_starttls(certificate: Certificate) -> Iterator[SmtpServer]:
    """An SMTP server that requires STARTTLS, then a login."""
    context = certificate.server_context()
    yield from _smtp(auth=True, tls_context=context, require_starttls=True)


@pytest.fixture
def smtp_ssl(certificate: Certificate) -> Iterator[SmtpServer]:
    """An SMTP server on implicit TLS (SMTPS)."""
    yield from _smtp(ssl_context=certificate.server_context())


# --- Slack ----------------------------------------------------------------------------------


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with slack_stand_in(token=WEBHOOK_TOKEN) as stand_in:
        yield stand_in
