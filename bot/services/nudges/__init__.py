"""Nudges: lapsed pairs, a manager's nudge to a report, the weekly team digests."""
