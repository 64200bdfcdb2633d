"""Long rendered mrkdwn as sections that each fit Slack's 3000 characters."""

from __future__ import annotations

from bot.blocks.text import Block, section

SECTION_MAX = 3000  # Slack's limit for a section's text


def long_sections(text: str) -> list[Block]:
    """Rendered mrkdwn as sections of at most 3000 characters, split between paragraphs."""
    chunks: list[str] = []
    for paragraph in (p.strip("\n") for p in text.split("\n\n")):
        for joiner, piece in _pieces(paragraph):
            if chunks and len(chunks[-1]) + len(joiner) + len(piece) <= SECTION_MAX:
                chunks[-1] += joiner + piece
            elif piece:
                chunks.append(piece)
    return [section(chunk) for chunk in chunks if chunk.strip()]


def _pieces(paragraph: str) -> list[tuple[str, str]]:
    """A paragraph as pieces that fit a section, with how each joins the previous one."""
    if len(paragraph) <= SECTION_MAX:
        return [("\n\n", paragraph)]
    pieces: list[tuple[str, str]] = []
    joiner = "\n\n"
    for line in paragraph.split("\n"):
        quoted = line.startswith(">")
        while len(line) > SECTION_MAX:
            cut = _cut(line, SECTION_MAX)
            pieces.append((joiner, line[:cut]))
            line, joiner = (">" if quoted else "") + line[cut:].lstrip(" "), "\n"
        pieces.append((joiner, line))
        joiner = "\n"
    return pieces


def _cut(line: str, limit: int) -> int:
    """Where to cut a long line: at a space if there is one, never inside an `&…;` escape."""
    space = line.rfind(" ", limit // 2, limit)
    if space > 0:
        return space
    amp = line.rfind("&", limit - 5, limit)
    return amp if amp > 0 else limit
