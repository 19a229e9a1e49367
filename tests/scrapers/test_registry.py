"""parser_for maps each source kind to its parser; read_page reads an answer with its layout."""

from __future__ import annotations

import pytest

from config import KINDS
from scrapers import ParseError, parse_feed, parse_list_page, parser_for


def test_kinds() -> None:
    assert parser_for("feed") is parse_feed
    assert parser_for("html") is parse_list_page
    assert {kind: parser_for(kind) for kind in KINDS}  # every configured kind has a parser


def test_unknown_kind() -> None:
    with pytest.raises(ParseError, match="no parser for source kind 'yaml'"):
        parser_for("yaml")
