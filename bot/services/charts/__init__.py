"""Charts' Slack files, cached per version of the data they draw."""
