"""The agencies taking part, from the sentences that list them (English texts).

"Canada was represented by officials from GAC, Public Safety and the Communications
Security Establishment (CSE)", "a delegation with representatives of the Ministry of Defence
...", "with the participation of ...". The list after such a
phrase is split at commas and ", and"; a piece without an institution word is part of the
name before it ("Ministry of Transport, Energy and Water"); an item counts when it
names an institution (Ministry, Department, Office, Agency, Centre, Council, Police ...) or is
an acronym (NCSC, MOFA) other than a country's.
"""

from __future__ import annotations

import re

from scrapers.analysis.text import Doc

MAX_AGENCIES = 30
_LISTS = re.compile(
    r"(?:represented by|representatives? (?:from|of)|officials? from|participation of|"
    r"attended by|comprised of|consisted of)\s+(?:officials\s+from\s+)?(?:the\s+)?(?P<list>[^.;]+)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r",\s*(?:and\s+|as well as\s+)?|\s+and\s+(?=the\s)|\s+as well as\s+")
_NOT_AGENCIES = re.compile(r"^(?:UK|U\.K\.|US|U\.S\.|USA|EU|ROK|UN|NATO|ASEAN)$")
_INSTITUTION = re.compile(
    r"\b(?:Ministry|Department|Office|Agency|Centre|Center|Council|Service|Bureau|Police|"
    r"Secretariat|Commission|Cabinet|Directorate|Institute|Prosecutor|CERT|Team|Command|"
    r"Coordination|Administration|Mission|Embassy|Delegation)\b|^[A-Z][A-Z/\-&]{1,9}$"
)


def extract_agencies(doc: Doc) -> tuple[str, ...]:
    """Institutions listed as taking part, each once, in order."""
    found: dict[str, str] = {}
    for match in _LISTS.finditer(doc.body):
        names: list[str] = []
        for part in _SPLIT.split(match.group("list")):
            name = re.sub(r"^(?:the|its|their|on the \w+ side,?)\s+", "", part.strip(), flags=re.I)
            name = name.strip(" ,;:")
            if names and not _INSTITUTION.search(name) and name[:1].isupper():
                names[-1] = f"{names[-1]}, {name}"  # "Department for Science, Innovation ..."
            else:
                names.append(name)
        for name in names:
            if 2 <= len(name) <= 90 and _INSTITUTION.search(name) and not _NOT_AGENCIES.match(name):
                found.setdefault(name.casefold(), name)
    return tuple(found.values())[:MAX_AGENCIES]
