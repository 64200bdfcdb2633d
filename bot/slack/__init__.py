"""The Slack layer: Web API clients, look-ups, time zones, OAuth and workspaces' tokens.

It sits beneath everything that speaks to Slack and imports none of them (no outbox, services,
blocks, handlers, jobs or CLI): callers hand it what it needs, such as a callback to record an
install.
"""
