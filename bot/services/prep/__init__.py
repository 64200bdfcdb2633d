"""Prep: an employee's drafts, the briefing both people see, and the reminders before a
conversation."""
