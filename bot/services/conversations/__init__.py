"""Conversations: logging one, its two parties, recaps, history, next steps, follow-ups,
the guide's prompts, the calendar invite and what the App Home shows of the cycle."""
