"""A digest as Slack Block Kit messages, within Slack's limits.

Slack allows 50 blocks in a message and 3000 characters in a text field (2000 in a section
field, 150 in a header). A long digest becomes several messages, in order; an event's blocks
stay together. Text from releases is escaped for mrkdwn (``&``, ``<``, ``>``), so a release
cannot mention ``<!channel>`` or forge a link; the only links are the ones built here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flows.digest.model import Digest, DigestEvent
from flows.digest.render import PRODUCT, counts, facts, health_line, period, summary_line
from flows.digest.wording import local, short_date

Block = dict[str, Any]
HEADER_LIMIT = 150
FIELD_LIMIT = 2000


def escape(text: str) -> str:
    """Text for Slack mrkdwn: ``&``, ``<`` and ``>`` become entities, nothing else changes."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, text: str) -> str:
    """A mrkdwn link ``<url|text>``; a URL that is not http(s) gives the text alone."""
    label = escape(" ".join(text.split()).replace("|", "¦"))
    if not url.startswith(("https://", "http://")):
        return label
    safe = escape(url.replace("|", "%7C").replace("<", "%3C").replace(">", "%3E"))
    return f"<{safe}|{label}>"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with "…", never inside a link or an entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    opened = cut.rfind("<")
    if opened > cut.rfind(">"):
        cut = cut[:opened]
    amp = cut.rfind("&")
    if amp > cut.rfind(";") and amp >= len(cut) - 6:
        cut = cut[:amp]
    return cut.rstrip() + "…"


def _mrkdwn(text: str, limit: int) -> Block:
    return {"type": "mrkdwn", "text": clip(text, limit)}


def _section(text: str, limit: int) -> Block:
    return {"type": "section", "text": _mrkdwn(text, limit)}


def _context(text: str, limit: int) -> Block:
    return {"type": "context", "elements": [_mrkdwn(text, limit)]}


def _event_blocks(event: DigestEvent, max_text: int) -> list[Block]:
    links = event.ordered_links
    title = escape(event.headline)
    if links:
        title = link(links[0].url, event.headline)
        if len(title) + 2 > max_text:
            title = escape(event.headline)
    blocks = [_section(f"*{title}*", max_text)]
    fields = [
        _mrkdwn(
            f"*{fact.label}*\n" + "\n".join(escape(line) for line in fact.lines),
            min(FIELD_LIMIT, max_text),
        )
        for fact in facts(event)
    ]
    if fields:
        blocks.append({"type": "section", "fields": fields[:10]})
    if event.excerpt:
        blocks.append(_section("> " + escape(" ".join(event.excerpt.split())), max_text))
    if links:
        lines = [
            f"{'*Official* · ' if item.official else ''}{link(item.url, item.title)}"
            f" — {escape(item.publisher)}"
            for item in links
        ]
        blocks.append(_context("\n".join(lines), max_text))
    blocks.append({"type": "divider"})
    return blocks


def _lines_sections(lines: list[str], max_text: int) -> list[Block]:
    """As few sections as the lines fit in, each line whole unless it alone is too long."""
    sections: list[Block] = []
    current = ""
    for line in lines:
        candidate = f"{current}\n{line}" if current else line
        if current and len(candidate) > max_text:
            sections.append(_section(current, max_text))
            candidate = line
        current = candidate
    if current:
        sections.append(_section(current, max_text))
    return sections


def _groups(digest: Digest, max_text: int) -> list[list[Block]]:
    """The digest's blocks in order, in groups that should not be split across messages. An
    alert is its event alone: no summary line, no source health (that is the digest's)."""
    title = "New cyber dialogue" if digest.alert else f"Cyber dialogue digest · {period(digest)}"
    header = {
        "type": "header",
        "text": {"type": "plain_text", "text": clip(title, HEADER_LIMIT), "emoji": False},
    }
    if digest.alert:
        groups: list[list[Block]] = [[header], *(_event_blocks(e, max_text) for e in digest.events)]
        return [*groups, [_context(_footer(digest, "alert"), max_text)]]
    groups = [[header, _section(escape(summary_line(digest)), max_text)]]
    if not digest.is_empty:
        groups[0].append({"type": "divider"})
        groups.extend(_event_blocks(event, max_text) for event in digest.events)
        if digest.other_releases:
            lines = []
            for release in digest.other_releases:
                when = ""
                if release.published:
                    when = f", {short_date(local(release.published, digest.timezone).date())}"
                lines.append(
                    f"• {link(release.url, release.title)} — {escape(release.publisher)}{when}"
                )
            groups.append([_section("*Other cyber releases*", max_text)])
            groups.extend([block] for block in _lines_sections(lines, max_text))
        icon = ":large_green_circle:" if digest.health.all_healthy else ":warning:"
        health = health_line(digest.health, digest.timezone)
        groups.append([_context(f"{icon} *Sources.* {escape(health)}", max_text)])
    groups.append([_context(_footer(digest, "digest"), max_text)])
    return groups


def _footer(digest: Digest, what: str) -> str:
    how = (
        f"write to {escape(digest.contact)}"
        if digest.contact
        else f"edit channel '{escape(digest.channel)}' in the cyberwatch configuration"
    )
    return f"{PRODUCT} · to change or stop this {what}, {how}."


def render_slack(digest: Digest, *, max_blocks: int = 50, max_text: int = 3000) -> list[Block]:
    """The digest as webhook payloads (``text`` for notifications, ``blocks``), in order.

    Every message has at most ``max_blocks`` blocks and every text at most ``max_text``
    characters; messages after the first start with a "continued" line. An alert posts each
    event as a message of its own (the outbox records each message posted, so a retry after a
    failure posts only the events not yet posted).
    """
    if digest.alert:
        return [
            message
            for event in digest.events
            for message in _messages(replace(digest, events=(event,)), max_blocks, max_text)
        ]
    return _messages(digest, max_blocks, max_text)


def _messages(digest: Digest, max_blocks: int, max_text: int) -> list[Block]:
    capacity = max_blocks - 1  # room for the "continued" line
    messages: list[list[Block]] = [[]]
    for group in _groups(digest, max_text):
        pieces = [group] if len(group) <= capacity else [[block] for block in group]
        for piece in pieces:
            if len(messages[-1]) + len(piece) > capacity:
                messages.append([])
            messages[-1].extend(piece)
    total = len(messages)
    fallback = escape(summary_line(digest) if digest.is_empty else f"{PRODUCT}: {counts(digest)}")
    payloads = []
    for number, blocks in enumerate(messages, start=1):
        text = fallback
        if number > 1:
            note = f"Cyber dialogue digest, {period(digest)} (continued, {number} of {total})"
            blocks = [_context(f"_{escape(note)}_", max_text), *blocks]
            text = f"{fallback} (continued, {number} of {total})"
        payloads.append(
            {
                "text": clip(text, max_text),
                "blocks": blocks,
                "unfurl_links": False,
                "unfurl_media": False,
            }
        )
    return payloads
