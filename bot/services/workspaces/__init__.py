"""Workspaces: the Slack teams we serve, installs, admin settings, events already seen."""
