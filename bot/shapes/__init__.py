"""Plain data the services build and the blocks read: one module per noun, as in services.

It sits beneath both (import-linter checks it): services import it to build these values,
blocks to render them, and it imports nothing of the bot's but itself. No database, no Slack.
"""
