"""Charts as PNG bytes: pure functions of plain data, drawn with matplotlib's Agg canvas.

Nothing here reads the database or speaks to Slack: the caller gathers the data (services),
draws it here, and uploads the bytes (bot/slack/files.py). matplotlib is imported inside the
drawing functions, so importing this package costs nothing until a chart is drawn.
"""
