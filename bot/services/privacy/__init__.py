"""Privacy: export, erase, retention's forgetting, the outbox scrub. (How an erased person is
stored and named, the tombstone, is plain data: bot/shapes/privacy.py.)"""
