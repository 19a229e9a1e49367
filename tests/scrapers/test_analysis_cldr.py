"""The analysis' CLDR tables built at once, and babel's locale data let go after
(scrapers/analysis/cldr.py): what a judging worker does when it starts."""

from __future__ import annotations

from babel import localedata

from scrapers.analysis.cldr import build_tables
from scrapers.analysis.country_names import cldr_names
from scrapers.analysis.demonyms import adjective_stems, country_of_adjective
from scrapers.analysis.weekdays import written_weekday


def test_the_tables_are_built_and_babels_locale_data_is_let_go() -> None:
    localedata.load("de")  # as the tables' building does
    build_tables()
    assert adjective_stems.cache_info().currsize == 1
    assert cldr_names.cache_info().currsize == 1
    assert not localedata._cache  # what a process would otherwise keep: about 6 MB


def test_the_analysis_reads_the_same_after_it() -> None:
    build_tables()
    assert country_of_adjective("kenianischen") == "KE"  # the stems, built before the clearing
    assert country_of_adjective("Sitzung") is None
    assert "대한민국" in cldr_names()["KR"]
    text = "am Donnerstag, 5. März"
    assert written_weekday(text, 15, len(text)) == 3
