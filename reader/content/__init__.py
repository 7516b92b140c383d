"""reader.content: raw pages (HTML, Markdown dumps, text dumps) → clean ``Article`` objects."""

from reader.content.anchor import Anchor, anchor_at, plain_text
from reader.content.clean import CLEANER_VERSION, clean_file, clean_text
from reader.content.model import Article, Comment

__all__ = [
    "Anchor",
    "Article",
    "CLEANER_VERSION",
    "Comment",
    "anchor_at",
    "clean_file",
    "clean_text",
    "plain_text",
]
