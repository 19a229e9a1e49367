"""The save rules, without an archive: an item over the stored release it matched is seen
again or an edit, follows a moved guid, and keeps the stored verdict without new text."""

from scrapers.analysis import Verdict
from scrapers.model import Item
from storage import canonical_url, content_hash
from storage.revision import Edited, SeenAgain, StoredText, kept_verdict, revise

URL = "https://www.gov.uk/government/news/uk-japan-cyber-dialogue"
BODY = "The UK and Japan held their eighth Cyber Dialogue in Tokyo."
STORED_VERDICT = Verdict(relevant=True, score=2.0, reasons=("cyber ~ dialogue",))
NEW_VERDICT = Verdict(relevant=False, score=0.1, reasons=())
STORED = StoredText(
    guid="guid-1",
    canonical_url=URL,
    title="UK-Japan Cyber Dialogue",
    body=BODY,
    content_hash=content_hash("UK-Japan Cyber Dialogue", BODY),
    verdict=STORED_VERDICT,
)


def item(
    url: str = URL, *, title: str = STORED.title, body: str = BODY, guid: str | None = "guid-1"
) -> Item:
    return Item(source="s", url=url, title=title, body=body, guid=guid)


def revised(new: Item) -> SeenAgain | Edited:
    return revise(STORED, new, canonical=canonical_url(new.url), verdict=NEW_VERDICT)


def test_the_same_text_is_only_seen_again() -> None:
    assert revised(item()) == SeenAgain(moved=False)


def test_a_case_or_whitespace_change_is_the_same_text() -> None:
    assert revised(item(title="UK-JAPAN  cyber dialogue", body=BODY.upper())) == SeenAgain(False)


def test_an_empty_body_is_the_stored_text_unless_the_title_changed() -> None:
    assert revised(item(body="")) == SeenAgain(moved=False)
    retitled = revised(item(title="UK-Japan Cyber Dialogue 2025", body=""))
    assert retitled == Edited(
        moved=False,
        body=BODY,
        content_hash=content_hash("UK-Japan Cyber Dialogue 2025", BODY),
        verdict=STORED_VERDICT,
    )


def test_a_new_text_is_an_edit_with_the_new_verdict() -> None:
    new_body = "The UK and Japan held their ninth Cyber Dialogue in London."
    assert revised(item(body=new_body)) == Edited(
        moved=False,
        body=new_body,
        content_hash=content_hash(STORED.title, new_body),
        verdict=NEW_VERDICT,
    )


def test_the_stored_guid_at_another_url_has_moved() -> None:
    assert revised(item("https://www.gov.uk/news/moved")) == SeenAgain(moved=True)
    edited = revised(item("https://www.gov.uk/news/moved", body="Other text."))
    assert isinstance(edited, Edited) and edited.moved


def test_another_spelling_of_the_url_or_another_guid_is_no_move() -> None:
    assert revised(item(URL.replace("https", "http") + "?utm_source=x")) == SeenAgain(False)
    assert revised(item("https://www.gov.uk/news/moved", guid="guid-2")) == SeenAgain(False)
    assert revised(item("https://www.gov.uk/news/moved", guid=None)) == SeenAgain(False)


def test_the_stored_verdict_is_kept_only_without_new_text() -> None:
    assert kept_verdict(STORED_VERDICT, NEW_VERDICT, new_text=True) == NEW_VERDICT
    assert kept_verdict(STORED_VERDICT, NEW_VERDICT, new_text=False) == STORED_VERDICT
