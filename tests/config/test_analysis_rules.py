"""The rules file's ``[weights]`` and ``[ranking]`` (config/scores.py: plain dataclasses, so
that a judging worker needs no pydantic) are checked as strictly as the file's other tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError, builtin_rules, load_rules
from config.scores import Ranking, Weights


def rules_with(tmp_path: Path, table: str, line: str) -> Path:
    """The built-in rules file with ``line`` (``key = value``) in its ``[table]``, in place of
    the key's own line if it has one."""
    text = builtin_rules().read_text(encoding="utf-8")
    head, found, rest = text.partition(f"\n[{table}]\n")
    assert found
    body, next_table, tail = rest.partition("\n[")
    key = line.split("=")[0].strip()
    kept = [kept for kept in body.splitlines() if kept.split("=")[0].strip() != key]
    path = tmp_path / "rules.toml"
    written = head + found + "\n".join([line, *kept]) + next_table + tail
    path.write_text(written, encoding="utf-8")
    return path


def test_the_built_in_numbers_are_read_as_plain_values() -> None:
    rules = load_rules()
    assert isinstance(rules.weights, Weights)
    assert isinstance(rules.ranking, Ranking)
    assert rules.ranking == Ranking()  # the built-in file states the documented defaults


@pytest.mark.parametrize(
    ("table", "line", "field", "message"),
    [
        ("weights", "nonsense = 1.0", "weights.nonsense", "Unexpected keyword argument"),
        ("weights", "scale = 0", "weights.scale", "greater than 0"),
        ("weights", "list_rounds = 1", "weights.list_rounds", "greater than or equal to 2"),
        ("weights", 'held = "much"', "weights.held", "valid number"),
        ("ranking", "distance = 0.5", "ranking.distance", "less than or equal to 0"),
        ("ranking", "max_later = -1", "ranking.max_later", "greater than or equal to 0"),
        ("ranking", "nonsense = 1.0", "ranking.nonsense", "Unexpected keyword argument"),
    ],
)
def test_a_wrong_number_is_refused_with_its_place(
    tmp_path: Path, table: str, line: str, field: str, message: str
) -> None:
    path = rules_with(tmp_path, table, line)
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    text = str(caught.value)
    assert field in text
    assert message in text
    assert str(path) in text
