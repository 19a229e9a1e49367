"""Delivery settings: SMTP, Slack, digest channels; the short environment names; secrets."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from config import ChannelSettings, ConfigError, load_settings
from config.channels import sends_empty

ENVIRON = {
    "CYBERWATCH_SMTP_HOST": "smtp.ministry.example",
    "CYBERWATCH_SMTP_PORT": "2525",
    "CYBERWATCH_SMTP_USER": "cyberwatch",
    "CYBERWATCH_SMTP_PASSWORD": "pa55-secret",
    "CYBERWATCH_SMTP_TLS": "ssl",
    "CYBERWATCH_EMAIL_FROM": "cyberwatch <cw@ministry.example>",
    "CYBERWATCH_EMAIL_TO": "desk@ministry.example, ana@ministry.example",
    "CYBERWATCH_SLACK_WEBHOOK_URL": "https://hooks.slack.example/services/T/B/hook-secret",
}


def test_defaults_send_nothing(tmp_path: Path) -> None:
    settings = load_settings(environ={}, cwd=tmp_path)
    assert settings.email.host is None and not settings.email.configured
    assert settings.email.tls == "starttls" and settings.email.port == 587
    assert settings.slack.webhook_url is None
    assert (settings.slack.max_blocks, settings.slack.max_text) == (50, 3000)
    assert settings.digest.first_window_days == 7
    assert settings.digest.send_empty is False
    assert settings.digest.channels == ()


@pytest.mark.parametrize(
    ("variable", "section", "field", "expected"),
    [
        ("CYBERWATCH_SMTP_HOST", "email", "host", "smtp.ministry.example"),
        ("CYBERWATCH_SMTP_PORT", "email", "port", 2525),
        ("CYBERWATCH_SMTP_USER", "email", "user", "cyberwatch"),
        ("CYBERWATCH_SMTP_TLS", "email", "tls", "ssl"),
        ("CYBERWATCH_EMAIL_FROM", "email", "sender", "cyberwatch <cw@ministry.example>"),
        (
            "CYBERWATCH_EMAIL_TO",
            "email",
            "recipients",
            ("desk@ministry.example", "ana@ministry.example"),
        ),
    ],
)
def test_each_short_environment_name_works(
    tmp_path: Path, variable: str, section: str, field: str, expected: object
) -> None:
    settings = load_settings(environ={variable: ENVIRON[variable]}, cwd=tmp_path)
    assert getattr(getattr(settings, section), field) == expected


def test_secrets_come_from_the_environment_and_stay_masked(tmp_path: Path) -> None:
    settings = load_settings(environ=ENVIRON, cwd=tmp_path)
    assert settings.email.password is not None
    assert settings.email.password.get_secret_value() == "pa55-secret"
    assert settings.slack.webhook_url is not None
    assert settings.slack.webhook_url.get_secret_value().endswith("/hook-secret")
    assert "pa55-secret" not in repr(settings) and "hook-secret" not in repr(settings)
    assert settings.email.configured


@pytest.mark.parametrize(("tls", "port"), [("starttls", 587), ("ssl", 465), ("none", 25)])
def test_the_port_follows_tls_unless_given(tmp_path: Path, tls: str, port: int) -> None:
    settings = load_settings(environ={"CYBERWATCH_SMTP_TLS": tls}, cwd=tmp_path)
    assert settings.email.port == port
    given = {"CYBERWATCH_SMTP_TLS": tls, "CYBERWATCH_SMTP_PORT": "1025"}
    assert load_settings(environ=given, cwd=tmp_path).email.port == 1025


def test_layers_apply_to_delivery_settings(tmp_path: Path) -> None:
    (tmp_path / "cyberwatch.toml").write_text(
        '[email]\nhost = "file.example"\ntls = "none"\nrecipients = ["a@file.example"]\n'
        "[slack]\nmax_blocks = 20\n"
    )
    environ = {"CYBERWATCH_SMTP_HOST": "env.example", "CYBERWATCH_EMAIL__TIMEOUT": "3"}
    settings = load_settings(environ=environ, cwd=tmp_path)
    assert settings.email.host == "env.example"
    assert settings.email.port == 25  # from the file's tls
    assert settings.email.recipients == ("a@file.example",)
    assert settings.email.timeout == 3
    assert settings.slack.max_blocks == 20


def test_the_short_name_wins_over_the_nested_one(tmp_path: Path) -> None:
    environ = {"CYBERWATCH_EMAIL__HOST": "nested.example", "CYBERWATCH_SMTP_HOST": "short.example"}
    assert load_settings(environ=environ, cwd=tmp_path).email.host == "short.example"


@pytest.mark.parametrize(
    ("table", "variable"),
    [
        ('[email]\npassword = "in-the-file"\n', "CYBERWATCH_SMTP_PASSWORD"),
        ('[slack]\nwebhook_url = "https://in-the-file"\n', "CYBERWATCH_SLACK_WEBHOOK_URL"),
    ],
)
def test_a_secret_in_the_settings_file_is_refused(
    tmp_path: Path, table: str, variable: str
) -> None:
    (tmp_path / "cyberwatch.toml").write_text(table)
    with pytest.raises(ConfigError) as err:
        load_settings(environ={}, cwd=tmp_path)
    assert variable in str(err.value) and "in-the-file" not in str(err.value)


def test_channels_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "cyberwatch.toml").write_text(
        '[digest]\nsend_empty = true\ntimezone = "Europe/London"\n'
        '[[digest.channels]]\nname = "korea-desk"\nkind = "email"\nparties = ["kr", "UK"]\n'
        'topics = ["ransomware"]\nmin_score = 0.5\nrecipients = ["k@ministry.example"]\n'
        '[[digest.channels]]\nname = "soc"\nkind = "slack"\nsend_empty = false\n'
    )
    digest = load_settings(environ={}, cwd=tmp_path).digest
    korea, soc = digest.channels
    assert korea.parties == ("KR", "GB")
    assert korea.topics == ("ransomware",) and korea.min_score == 0.5
    assert korea.recipients == ("k@ministry.example",)
    assert soc.kind == "slack" and soc.send_empty is False
    assert digest.send_empty is True and digest.timezone == "Europe/London"


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        ('[digest]\ntimezone = "Mars/Olympus"\n', "digest.timezone"),
        ('[email]\ntls = "maybe"\n', "email.tls"),
        ('[email]\nrecipients = ["not-an-address"]\n', "email.recipients"),
        (
            '[[digest.channels]]\nname = "a"\nkind = "email"\n'
            '[[digest.channels]]\nname = "a"\nkind = "slack"\n',
            "digest.channels",
        ),
        (
            '[[digest.channels]]\nname = "a"\nkind = "slack"\nrecipients = ["x@y.example"]\n',
            "digest.channels.0",
        ),
        ('[[digest.channels]]\nname = "a"\nkind = "pigeon"\n', "digest.channels.0.kind"),
    ],
)
def test_bad_delivery_settings_are_refused_with_the_field(
    tmp_path: Path, toml: str, field: str
) -> None:
    (tmp_path / "cyberwatch.toml").write_text(toml)
    with pytest.raises(ConfigError) as err:
        load_settings(environ={}, cwd=tmp_path)
    assert f"field '{field}" in str(err.value)


def test_an_alert_channel_never_sends_empty_messages(tmp_path: Path) -> None:
    config = tmp_path / "cyberwatch.toml"
    config.write_text("[digest]\nsend_empty = true\n")
    settings = load_settings(config_file=config, environ={})
    alert = ChannelSettings(name="alerts", kind="slack", alert=True)
    assert not sends_empty(alert, settings)
    assert sends_empty(ChannelSettings(name="d", kind="slack"), settings)
    with pytest.raises(ValidationError, match="an alert channel never sends an empty message"):
        ChannelSettings(name="alerts", kind="slack", alert=True, send_empty=True)
