"""The deployments `cyberwatch serve` serves, and prefect.yaml's for a work pool, agree."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect.client.schemas.objects import ConcurrencyLimitStrategy
from prefect.flows import load_flow_from_entrypoint

from config import ScheduleSettings, ServeSettings, Settings
from config.schedule import DigestSchedule
from flows.orchestration.serve import deployment_names, deployments, describe, flow_environment
from flows.orchestration.server import prefect_home, server_environment

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def prefect_yaml() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    return loaded


def test_serve_deploys_the_poll_and_the_daily_digest_by_default() -> None:
    settings = Settings()
    poll, digest, check = deployments(settings)
    assert (poll.flow_name, poll.name, poll.entrypoint) == (
        "poll",
        "scheduled",
        "flows.orchestration.poll_flow.poll",
    )
    (every,) = poll.schedules
    assert every.schedule.interval == timedelta(minutes=5)
    assert poll.concurrency_limit == 1
    assert poll.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW
    assert poll.parameters == {}
    assert (digest.flow_name, digest.name) == ("digest", "daily")
    assert digest.entrypoint == "flows.orchestration.digest_flow.digest"
    (daily,) = digest.schedules
    assert (daily.schedule.cron, daily.schedule.timezone) == ("0 8 * * *", "UTC")
    assert (check.flow_name, check.name) == ("check", "daily")
    assert check.entrypoint == "flows.orchestration.check_flow.check"
    (morning,) = check.schedules
    assert (morning.schedule.cron, morning.schedule.timezone) == ("0 6 * * *", "UTC")
    assert check.concurrency_limit == 1
    assert describe(settings) == [
        "poll/scheduled: every 5m",
        "digest/daily: every channel, at '0 8 * * *' (UTC)",
        "check/daily: at '0 6 * * *' (UTC)",
    ]


def test_the_daily_check_can_be_turned_off() -> None:
    settings = Settings(schedule=ScheduleSettings(check_cron=""))
    assert deployment_names(settings) == [("poll", "scheduled"), ("digest", "daily")]


def test_several_digests_each_with_its_channel_and_schedule() -> None:
    settings = Settings(
        schedule=ScheduleSettings(
            poll_interval=timedelta(minutes=10),
            timezone="Europe/London",
            digests=(
                DigestSchedule(name="daily-email", channel="email", cron="0 8 * * 1-5"),
                DigestSchedule(name="slack-news", channel="slack", interval=timedelta(hours=1)),
            ),
        )
    )
    _, email, slack, check = deployments(settings)
    assert check.schedules[0].schedule.timezone == "Europe/London"
    assert (email.name, email.parameters) == ("daily-email", {"channel": "email"})
    assert email.schedules[0].schedule.timezone == "Europe/London"
    assert (slack.name, slack.parameters) == ("slack-news", {"channel": "slack"})
    assert slack.schedules[0].schedule.interval == timedelta(hours=1)
    assert deployment_names(settings) == [
        ("poll", "scheduled"),
        ("digest", "daily-email"),
        ("digest", "slack-news"),
        ("check", "daily"),
    ]


def test_served_runs_get_the_settings_this_command_resolved(tmp_path: Path) -> None:
    (tmp_path / "cyberwatch.toml").write_text("[poll]\nretries = 1\n")
    settings = Settings(db=Path("rel/archive.db"), sources=tmp_path / "s.toml")
    env = flow_environment(settings, config_file=None, environ={}, cwd=tmp_path)
    assert env == {
        "CYBERWATCH_DB": str(Path("rel/archive.db").absolute()),
        "CYBERWATCH_SOURCES": str(tmp_path / "s.toml"),
        "CYBERWATCH_CONFIG": str(tmp_path / "cyberwatch.toml"),
    }
    explicit = flow_environment(settings, config_file=Path("other.toml"), environ={}, cwd=tmp_path)
    assert explicit["CYBERWATCH_CONFIG"] == str(Path("other.toml").absolute())


def test_prefect_yaml_has_the_same_deployments_for_a_work_pool() -> None:
    config = prefect_yaml()
    assert config["pull"] == []
    entries = {(e["entrypoint"].rsplit(".", 1)[-1], e["name"]): e for e in config["deployments"]}
    defaults = Settings()
    assert list(entries) == deployment_names(defaults)
    for (flow, _), entry in entries.items():
        assert load_flow_from_entrypoint(entry["entrypoint"]).name == flow
        assert entry["work_pool"]["name"] == "cyberwatch"
        assert entry["concurrency_limit"] == {"limit": 1, "collision_strategy": "CANCEL_NEW"}
    poll, digest, check = entries.values()
    assert poll["schedules"] == [{"interval": defaults.schedule.poll_interval.total_seconds()}]
    assert digest["schedules"] == [
        {"cron": defaults.schedule.digest_cron, "timezone": defaults.digest.timezone}
    ]
    assert check["schedules"] == [
        {"cron": defaults.schedule.check_cron, "timezone": defaults.digest.timezone}
    ]


def test_the_local_server_keeps_its_database_with_ours_and_vacuums_old_runs(
    tmp_path: Path,
) -> None:
    settings = Settings(serve=ServeSettings(home=tmp_path / "prefect", retention=timedelta(days=7)))
    environ = {
        "PATH": "/usr/bin",
        "PREFECT_API_URL": "http://elsewhere/api",
        "PREFECT_API_DATABASE_CONNECTION_URL": "postgresql+asyncpg://elsewhere/prefect",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "true",
    }
    env = server_environment(settings, environ)
    assert env["PREFECT_HOME"] == str(tmp_path / "prefect")  # its prefect.db is in there
    assert "PREFECT_API_URL" not in env
    assert "PREFECT_API_DATABASE_CONNECTION_URL" not in env
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert env["PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED"] == "events,flow_runs"
    assert env["PREFECT_SERVER_SERVICES_DB_VACUUM_RETENTION_PERIOD"] == str(7 * 86400)
    assert env["PATH"] == "/usr/bin"
    assert prefect_home(Settings()).name == "prefect"
