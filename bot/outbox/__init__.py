"""The outbox: every message the bot sends is owed here first, and sent by the dispatcher.

One row per (workspace, recipient, kind, period_key). Planners owe messages
(`bot.outbox.enqueue`), and the `deliver` job drains what is due (`bot.outbox.dispatch.drain`);
a request that owes a message now enqueues it and dispatches that row at once after its ack
(`bot.outbox.dispatch.dispatch_now`): there is no second way to send. Only modal and
ephemeral answers to the person clicking, and `bot.outbox.send.update_now` of a message
already posted (chat.update is idempotent), skip the outbox. Operators use
`bot.outbox.operators`.

Inside, imports run one way: dispatch → record → claim → hours → cap, with policy, report and
send beneath them. The package imports nothing from handlers, services, blocks, jobs or the CLI
(checked by `lint-imports`).
"""
