"""Notifiers: sending a message through an SMTP relay or a Slack incoming webhook."""
