"""Privacy: export, erase, retention's forgetting, tombstones, the outbox scrub."""
