"""What the listener modules share: routing and the actor, one unit of work per request,
sending after the ack, replays, the bot's own messages, the invite upload, the App Home and
the recap refresh, and the middleware and error handler every request passes.

Nothing here imports a listener module (`lint-imports` checks it), and listener modules do
not import each other: what two surfaces share lives here.
"""
