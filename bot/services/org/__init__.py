"""The organisation: people, teams, reporting lines and their CSV import, a person's settings,
who may see what after a reporting-line change, the handover, and time zones."""
