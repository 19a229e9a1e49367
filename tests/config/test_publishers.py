"""The publishers' names read from the catalogue's TOML: what the checked catalogue gives."""

from pathlib import Path

from config import builtin_sources, load_sources
from config.publishers import read_publishers
from flows.devtools.demo.server import SOURCES_TEMPLATE, render_sources


def expected(path: Path) -> dict[str, str]:
    return {s.name: s.publisher or s.name for s in load_sources(path)}


def test_the_builtin_catalogue_names_the_same_publishers_as_its_models() -> None:
    names = read_publishers(builtin_sources())
    assert names == expected(builtin_sources())
    assert any(name != publisher for name, publisher in names.items())  # real publishers


def test_the_fixture_catalogue_too(tmp_path: Path) -> None:
    catalogue = render_sources(SOURCES_TEMPLATE, "http://127.0.0.1:9", tmp_path / "sources.toml")
    assert read_publishers(catalogue) == expected(catalogue)


def test_a_source_without_a_publisher_is_named_by_its_name_and_a_nameless_table_is_left_out(
    tmp_path: Path,
) -> None:
    catalogue = tmp_path / "sources.toml"
    catalogue.write_text(
        '[[source]]\nname = "a"\npublisher = "Agency A"\n'
        '[[source]]\nname = "b"\npublisher = ""\n'
        '[[source]]\nname = "c"\n'
        "[[source]]\nkind = 'feed'\n",
        encoding="utf-8",
    )
    assert read_publishers(catalogue) == {"a": "Agency A", "b": "b", "c": "c"}
