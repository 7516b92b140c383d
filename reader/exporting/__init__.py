"""reader.exporting: bookmarks for note-taking tools and other services. No Textual.

``obsidian`` writes one Markdown note per article whose bookmark blocks keep stable ``^id``s
and are updated in place on each export; ``tables`` writes Readwise CSV and Hypothesis-style
JSON (both import back with ``reader import``). ``articles`` gathers titles and addresses.
The Markdown and W3C exports stay in ``reader.bookmarks.export``.
"""

from __future__ import annotations

from reader.exporting.articles import ArticleInfo, article_infos
from reader.exporting.obsidian import ObsidianReport, block_id, export_obsidian
from reader.exporting.tables import export_hypothesis, export_readwise

__all__ = ["ArticleInfo", "ObsidianReport", "article_infos", "block_id", "export_hypothesis",
           "export_obsidian", "export_readwise"]
