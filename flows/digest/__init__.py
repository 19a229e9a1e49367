"""Digests: what one holds, how it reads (email text and HTML, Slack blocks), and the outbox
that gives each channel its digest exactly once. Rendering is pure; sending is flows/notify's."""

from flows.digest.blocks import render_slack
from flows.digest.email import compose_email
from flows.digest.model import (
    Chair,
    Digest,
    DigestEvent,
    DigestRelease,
    Link,
    Party,
    SourceHealth,
    SourceIssue,
    should_send,
)
from flows.digest.parties import party
from flows.digest.render import render_html, render_text, subject, summary_line
from flows.digest.subscription import filter_for
from flows.digest.wording import excerpt, headline, ordinal

__all__ = [
    "Chair",
    "Digest",
    "DigestEvent",
    "DigestRelease",
    "Link",
    "Party",
    "SourceHealth",
    "SourceIssue",
    "compose_email",
    "excerpt",
    "filter_for",
    "headline",
    "ordinal",
    "party",
    "render_html",
    "render_slack",
    "render_text",
    "should_send",
    "subject",
    "summary_line",
]
