"""The source catalogue: valid catalogues load, broken ones are refused with file, source, field."""

from pathlib import Path

import pytest

from config import ConfigError, builtin_sources, load_sources

HTML_SOURCE = """
[[source]]
name = "board"
kind = "html"
url = "https://example.org/list"
item = "table tbody tr"
title = "td.title a"
link = "td.title a"
date = "td.date"
body = ".bo_con"
date_format = "%Y-%m-%d"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return path


def test_builtin_catalogue_loads() -> None:
    sources = load_sources(builtin_sources())
    names = [s.name for s in sources]
    assert "govuk-fcdo-cyber" in names
    assert len(names) == len(set(names))
    assert all(s.url.startswith(("http://", "https://")) for s in sources)


def test_html_source_keeps_its_selectors(tmp_path: Path) -> None:
    (source,) = load_sources(write(tmp_path, HTML_SOURCE))
    assert source.kind == "html"
    assert source.item == "table tbody tr"
    assert source.date_format == "%Y-%m-%d"
    assert source.fetch_article is True
    assert source.host == "example.org"


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ('[[source]]\nname = "a"\nkind = "rss2"\nurl = "https://x.org"\n', "kind", "unknown kind"),
        ('[[source]]\nname = "a"\nkind = "feed"\n', "url", "missing"),
        ('[[source]]\nname = "a"\nkind = "feed"\nurl = "ftp://x.org"\n', "url", "http"),
        (HTML_SOURCE.replace('"td.title a"\ndate', '"td >> a"\ndate'), "link", "does not parse"),
        (HTML_SOURCE.replace('item = "table tbody tr"\n', ""), "item", "required"),
        (
            '[[source]]\nname = "a"\nkind = "feed"\nurl = "https://x.org"\nfoo = 1\n',
            "foo",
            "unknown",
        ),
        (
            '[[source]]\nname = "a"\nkind = "feed"\nurl = "https://x.org"\nenabled = "no"\n',
            "enabled",
            "must be a bool",
        ),
    ],
)
def test_broken_source_is_refused_naming_file_source_and_field(
    tmp_path: Path, text: str, field: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_sources(path)
    error = err.value
    assert error.path == str(path)
    assert error.field == field
    assert message in str(error)
    assert str(path) in str(error)
    assert error.source in ("a", "board")


def test_duplicate_name_is_refused(tmp_path: Path) -> None:
    one = '[[source]]\nname = "dup"\nkind = "feed"\nurl = "https://x.org/{}"\n'
    path = write(tmp_path, one.format(1) + one.format(2))
    with pytest.raises(ConfigError, match=r"source 'dup': field 'name': duplicate name"):
        load_sources(path)


def test_not_toml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "<html>not toml</html>")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_sources(path)


def test_missing_name_is_reported_by_position(tmp_path: Path) -> None:
    path = write(tmp_path, '[[source]]\nkind = "feed"\nurl = "https://x.org"\n')
    with pytest.raises(ConfigError, match=r"source '#1': field 'name'"):
        load_sources(path)


def test_missing_catalogue_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_sources(tmp_path / "absent.toml")
