"""The command line: the same core as the TUI, without Textual.

``main.py`` reads the arguments and runs a command; each command has its module (``clean``,
``where``, ``listing`` — ``reader`` alone —, ``index``, ``search``, ``bookmarks``), and
``output`` is the one place that prints (through the one terminal-text sanitiser,
``reader.safe_text``).
"""

from reader.cli.main import main

__all__ = ["main"]
