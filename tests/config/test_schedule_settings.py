"""[schedule] and [serve]: durations, digest schedules, and what is refused."""

from datetime import timedelta
from pathlib import Path

import pytest

from config import ConfigError, DigestSchedule, Settings, load_settings, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("5s", timedelta(seconds=5)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("1h30m", timedelta(minutes=90)),
        ("1.5h", timedelta(minutes=90)),
        ("30", timedelta(minutes=30)),  # a bare number is minutes
        (45, timedelta(minutes=45)),
    ],
)
def test_durations(text: str | int, expected: timedelta) -> None:
    assert parse_duration(text) == expected


def test_defaults_poll_every_5_minutes_and_send_the_digest_at_8() -> None:
    settings = Settings()
    assert settings.schedule.poll_interval == timedelta(minutes=5)
    assert settings.schedule.check_interval == timedelta(minutes=30)  # rhythm unknown
    assert settings.schedule.quiet_interval == timedelta(hours=3)
    assert settings.schedule.host_rate == 1.0
    (daily,) = settings.schedule.digest_schedules(timezone=settings.digest.timezone)
    assert daily == DigestSchedule(name="daily", cron="0 8 * * *", timezone="UTC")
    assert settings.serve.port == 0


def test_schedule_from_the_file_and_the_environment(tmp_path: Path) -> None:
    (tmp_path / "cyberwatch.toml").write_text(
        '[digest]\ntimezone = "Europe/London"\n'
        '[schedule]\npoll_interval = "1h"\n'
        '[[schedule.digests]]\nname = "email"\nchannel = "email"\ncron = "0 7 * * 1-5"\n'
        '[[schedule.digests]]\nname = "slack"\nchannel = "slack"\ninterval = "30m"\n'
    )
    environ = {"CYBERWATCH_SCHEDULE__MAX_INTERVAL": "2d", "CYBERWATCH_SERVE__PORT": "4300"}
    settings = load_settings(environ=environ, cwd=tmp_path)
    assert settings.schedule.poll_interval == timedelta(hours=1)
    assert settings.schedule.max_interval == timedelta(days=2)
    assert settings.serve.port == 4300
    email, slack = settings.schedule.digest_schedules(timezone=settings.digest.timezone)
    assert (email.channel, email.cron, email.timezone) == ("email", "0 7 * * 1-5", "Europe/London")
    assert (slack.channel, slack.interval, slack.cron) == ("slack", timedelta(minutes=30), None)


def test_digest_interval_replaces_the_cron_of_the_default_digest(tmp_path: Path) -> None:
    environ = {"CYBERWATCH_SCHEDULE__DIGEST_INTERVAL": "10s"}
    settings = load_settings(environ=environ, cwd=tmp_path)
    (daily,) = settings.schedule.digest_schedules(timezone="UTC")
    assert (daily.interval, daily.cron) == (timedelta(seconds=10), None)


def test_settings_survive_a_round_trip_through_json() -> None:
    settings = load_settings(environ={"CYBERWATCH_SCHEDULE__POLL_INTERVAL": "5s"})
    again = Settings.model_validate(settings.model_dump(mode="json"))
    assert again.schedule == settings.schedule


@pytest.mark.parametrize(
    ("toml", "field", "message"),
    [
        ('[schedule]\npoll_interval = "soon"\n', "schedule.poll_interval", "not a duration"),
        ('[schedule]\npoll_interval = "0s"\n', "schedule.poll_interval", "longer than zero"),
        ('[schedule]\nmin_interval = "2d"\n', "schedule", "min_interval"),
        ('[schedule]\ndigest_cron = "at eight"\n', "schedule.digest_cron", "cron"),
        ('[schedule]\ntimezone = "Mars/Olympus"\n', "schedule.timezone", "time zone"),
        (
            '[[schedule.digests]]\nname = "x"\ncron = "0 8 * * *"\ninterval = "1h"\n',
            "schedule.digests.0",
            "not both",
        ),
        (
            '[[schedule.digests]]\nname = "x"\n[[schedule.digests]]\nname = "x"\n',
            "schedule.digests",
            "unique",
        ),
    ],
)
def test_bad_schedules_are_refused(tmp_path: Path, toml: str, field: str, message: str) -> None:
    (tmp_path / "cyberwatch.toml").write_text(toml)
    with pytest.raises(ConfigError, match=message) as refused:
        load_settings(environ={}, cwd=tmp_path)
    assert refused.value.field == field
