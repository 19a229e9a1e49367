"""The analysis' tables read from CLDR (through babel), built at once, and babel's locale data
let go once they are.

Country names and adjectives, adjective stems and weekday names are read from the locale data
of the seven languages, which babel then keeps for the life of the process (about 6 MB of
objects) although the tables built from them are all the analysis reads. A judging worker lives
as long as its run (docs/performance.md, session 24).
"""

from __future__ import annotations

from importlib import import_module

# The modules whose CLDR tables are built when they are imported.
BUILT_ON_IMPORT = ("scrapers.analysis.countries", "scrapers.analysis.weekdays")


def build_tables() -> None:
    """Build every table the analysis reads from CLDR, then clear babel's caches of locale
    data (a later use of babel reads the locale it needs again)."""
    from babel.localedata import clear_caches

    from scrapers.analysis.demonyms import adjective_stems

    for module in BUILT_ON_IMPORT:
        import_module(module)
    adjective_stems()
    clear_caches()
