"""Settings layering: defaults < TOML file < CYBERWATCH_* environment < command-line flags."""

from pathlib import Path

import pytest

from config import ConfigError, Settings, builtin_sources, load_settings


def test_defaults_put_the_archive_in_the_user_data_dir(tmp_path: Path) -> None:
    settings = load_settings(environ={"XDG_DATA_HOME": str(tmp_path)}, cwd=tmp_path)
    assert settings.sources == builtin_sources()
    assert settings.db.name == "cyberwatch.db"
    assert settings.db.parent.name == "cyberwatch"
    assert settings.fetch.per_host == 2


def test_each_layer_overrides_the_one_below(tmp_path: Path) -> None:
    (tmp_path / "cyberwatch.toml").write_text(
        'db = "from-file.db"\n[fetch]\ntimeout = 3\nper_host = 4\ncontact = "a@example.org"\n'
    )
    environ = {"CYBERWATCH_DB": "from-env.db", "CYBERWATCH_FETCH__TIMEOUT": "7"}
    settings = load_settings(environ=environ, cwd=tmp_path)
    assert settings.db == Path("from-env.db")
    assert settings.fetch.timeout == 7.0
    assert settings.fetch.per_host == 4  # only in the file
    assert "a@example.org" in settings.fetch.agent()

    flagged = load_settings(environ=environ, cwd=tmp_path, overrides={"db": Path("flag.db")})
    assert flagged.db == Path("flag.db")


def test_unset_flags_do_not_override(tmp_path: Path) -> None:
    environ = {"CYBERWATCH_SOURCES": "env-sources.toml"}
    settings = load_settings(environ=environ, cwd=tmp_path, overrides={"sources": None})
    assert settings.sources == Path("env-sources.toml")


def test_explicit_config_file_and_env_config(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text("[poll]\nretries = 5\n")
    assert load_settings(config_file=other, environ={}, cwd=tmp_path).poll.retries == 5
    environ = {"CYBERWATCH_CONFIG": str(other)}
    assert load_settings(environ=environ, cwd=tmp_path).poll.retries == 5


def test_analysis_settings_from_the_environment(tmp_path: Path) -> None:
    environ = {"CYBERWATCH_ANALYSIS__THRESHOLD": "2.5", "CYBERWATCH_ANALYSIS__BANDS": "16"}
    settings = load_settings(environ=environ, cwd=tmp_path)
    assert (settings.analysis.threshold, settings.analysis.bands) == (2.5, 16)


def test_bands_must_divide_the_signature(tmp_path: Path) -> None:
    (tmp_path / "cyberwatch.toml").write_text("[analysis]\nsignature = 100\nbands = 32\n")
    with pytest.raises(ConfigError, match="bands"):
        load_settings(environ={}, cwd=tmp_path)


def test_missing_explicit_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.toml: file not found"):
        load_settings(config_file=tmp_path / "nope.toml", environ={}, cwd=tmp_path)


def test_file_that_is_not_toml_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "cyberwatch.toml"
    bad.write_text("this is = = not toml\n")
    with pytest.raises(ConfigError) as err:
        load_settings(environ={}, cwd=tmp_path)
    assert str(bad) in str(err.value)
    assert "not valid TOML" in str(err.value)


def test_wrong_value_names_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "cyberwatch.toml").write_text("[fetch]\nper_host = 0\n")
    with pytest.raises(ConfigError) as err:
        load_settings(environ={}, cwd=tmp_path)
    message = str(err.value)
    assert "cyberwatch.toml" in message
    assert "'fetch.per_host'" in message


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cyberwatch.toml").write_text("[fetch]\ntimout = 3\n")
    with pytest.raises(ConfigError, match=r"fetch\.timout"):
        load_settings(environ={}, cwd=tmp_path)


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(ValueError, match="frozen"):
        settings.fetch.timeout = 1  # type: ignore[misc]
