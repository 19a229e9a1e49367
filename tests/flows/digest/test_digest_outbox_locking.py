"""A digest holds no write lock while it is built and rendered, and exactly-once still holds:
a poll writes meanwhile without waiting, and another digest run giving the channel its items
meanwhile makes this run choose again instead of giving them twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from config import Settings
from flows.digest import outbox
from flows.digest.outbox import run_digests
from storage import Store

from .conftest import SmtpServer
from .outbox_helpers import (
    FILLED_AT,
    FRANCE_JAPAN,
    add_release,
    fill,
    received,
    text_of,
    with_email,
)

pytestmark = pytest.mark.slow  # threads writing one SQLite file while digests render

NOW = FILLED_AT + timedelta(hours=1)
SHORT_WAIT = 0.2  # seconds a poll waits for the write lock: a digest holding it would fail it


def poll_meanwhile(settings: Settings, n: int) -> int:
    """A poll storing a release, from its own connection, while the digest is being composed."""
    return add_release(
        settings,
        f"https://www.diplomatie.gouv.fr/en/france-japan-cyber-dialogue-{n}",
        f"The 1st France-Japan Cyber Dialogue ({n})",
        FRANCE_JAPAN,
        origin="poll",
        now=NOW - timedelta(minutes=1),  # first seen before the digest is composed
        busy_timeout=SHORT_WAIT,
    )


def test_a_poll_writes_while_a_digest_is_built_and_rendered(
    settings: Settings, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(settings)
    configured = with_email(settings, smtp)
    written: list[int] = []
    build, render = outbox.build_digest, outbox.render_payload

    def build_while_polling(*args: Any, **kwargs: Any) -> Any:
        written.append(poll_meanwhile(settings, 1))  # 'database is locked' if the lock is held
        return build(*args, **kwargs)

    def render_while_polling(*args: Any, **kwargs: Any) -> Any:
        written.append(poll_meanwhile(settings, 2))
        return render(*args, **kwargs)

    monkeypatch.setattr(outbox, "build_digest", build_while_polling)
    monkeypatch.setattr(outbox, "render_payload", render_while_polling)
    (first,) = run_digests(configured, now=NOW).outcomes
    assert (first.status, first.items, first.error) == ("sent", 20, None)
    assert len(written) == 2
    assert "France-Japan" not in text_of(received(smtp)[0])  # written after its snapshot

    monkeypatch.undo()
    (second,) = run_digests(configured, now=NOW + timedelta(hours=1)).outcomes
    assert second.status == "sent" and second.items >= 1  # nothing written meanwhile is lost
    assert "1st France-Japan Cyber Dialogue" in text_of(received(smtp)[1])


def test_a_run_that_gave_the_items_meanwhile_makes_this_one_choose_again(
    settings: Settings, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(settings)
    configured = with_email(settings, smtp)
    render = outbox.render_payload
    others: list[Any] = []

    def render_while_another_run_sends(*args: Any, **kwargs: Any) -> Any:
        if not others:  # once: the other run renders through here too
            others.append(None)
            others[0] = run_digests(configured, now=NOW + timedelta(seconds=1))
        return render(*args, **kwargs)

    monkeypatch.setattr(outbox, "render_payload", render_while_another_run_sends)
    (this,) = run_digests(configured, now=NOW).outcomes
    (other,) = others[0].outcomes
    assert (other.status, other.items) == ("sent", 20)
    assert this.status == "empty"  # chose again: everything was given by the other run
    assert len(received(smtp)) == 1
    with Store.open(settings.db) as store:
        (digest,) = store.outbox("email")
        given = [d.item for d in store.deliveries("email")]
        assert len(given) == len(set(given))
        assert all(d.digest_key == digest.key for d in store.deliveries("email"))


def test_a_channel_whose_items_keep_being_taken_fails_this_run_only(
    settings: Settings, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded retries: when every record finds the archive changed, the channel's run fails
    with the reason and records nothing; the next run composes as usual."""
    fill(settings)
    configured = with_email(settings, smtp)
    attempts: list[str] = []

    def always_stale(self: Store, **kwargs: Any) -> None:
        attempts.append(kwargs["key"])
        return None

    with monkeypatch.context() as patched:
        patched.setattr(Store, "record_digest", always_stale)
        (failed,) = run_digests(configured, now=NOW).outcomes
    assert failed.status == "failed" and len(attempts) == outbox.COMPOSE_ATTEMPTS
    assert "kept giving it items" in (failed.error or "")
    with Store.open(settings.db) as store:
        assert store.outbox("email") == []
    (sent,) = run_digests(configured, now=NOW).outcomes
    assert (sent.status, sent.items) == ("sent", 20)
