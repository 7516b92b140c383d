"""The CLI's one way to print: every line on stdout or stderr goes through here.

What reaches the terminal that came from a file or a setting (titles, bodies, notes, tags,
ids, paths, messages quoting them) is sanitised by the one terminal-text sanitiser,
``reader.safe_text``: ``text`` (same length, offsets hold: snippets with highlight spans),
``name`` (ids, file names, paths: unsafe characters shown escaped), ``prose`` (Markdown on many
lines). ``--json`` output is ``safe_text.dumps``: valid UTF-8 JSON, unsafe characters escaped.
Rich consoles are made here too, with markup, emoji and highlighting off, so text like
``[bold]`` prints as written. No other module of ``reader.cli`` calls ``print`` or writes to
``sys.stdout``/``sys.stderr`` (``tests/test_cli_output.py`` checks it).
"""

from __future__ import annotations

import sys
from typing import Any

from reader import safe_text
from reader.errors import ReaderError
from reader.wording import plural  # noqa: F401  (the one "N thing(s)" helper, for the commands)

# The sanitiser's forms, under the names the CLI uses.
text = safe_text.mask
name = safe_text.name
one_line = safe_text.one_line

WARNINGS_SHOWN = 20  # a file of 100k hand-made entries must not bury the output


def interactive() -> bool:
    """Both ends a terminal: ``reader`` alone starts the app, else it lists."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def out(line: str = "") -> None:
    """One line on stdout (already sanitised by the caller with ``text``/``name``)."""
    print(line)


def err(line: str) -> None:
    """One line on stderr (already sanitised)."""
    print(line, file=sys.stderr)


def err_is_terminal() -> bool:
    return sys.stderr.isatty()


def err_rewrite(line: str, end: str = "") -> None:
    """A progress line on stderr written over the last one (already sanitised)."""
    sys.stderr.write("\r" + line + end)
    sys.stderr.flush()


def read_stdin() -> str:
    return sys.stdin.read()


def warning(message: str) -> None:
    """``reader: warning: …`` on stderr; ``message`` is data (a file name, a page's warning)."""
    err(f"reader: warning: {text(message)}")


def warnings(messages: list[str]) -> None:
    """At most ``WARNINGS_SHOWN`` warnings, then how many more."""
    for message in messages[:WARNINGS_SHOWN]:
        warning(message)
    if len(messages) > WARNINGS_SHOWN:
        err(f"reader: warning: … and {len(messages) - WARNINGS_SHOWN} more like these")


def note(message: str) -> None:
    """``reader: …`` on stderr: a one-line message of the core (may quote data)."""
    err(f"reader: {text(message)}")


def error(exc: ReaderError) -> None:
    """The one-line error every command prints on stderr."""
    err(f"reader: {exc.title}: {name(exc.message)}")


def json(data: Any) -> None:
    """``--json`` output: escaped, never raw (a non-UTF-8 file name's id stays valid UTF-8)."""
    sys.stdout.write(safe_text.dumps(data) + "\n")


def safe_json(data: Any) -> str:
    """JSON text to write to a file or stdout (the Web Annotation export), escaped the same way."""
    return safe_text.dumps(data) + "\n"


def json_error(title: str, message: str) -> None:
    """With ``--json``, an error is a JSON object on stdout too (besides the stderr line)."""
    json({"error": {"title": title, "message": message}})


def prose(markdown: str) -> None:
    """Markdown (``reader clean``) on stdout, cleaned as prose: several lines, no controls."""
    sys.stdout.write(safe_text.clean(markdown))


def raw(data: str) -> None:
    """Text already made safe by its producer (the bookmarks' Markdown export, JSON)."""
    sys.stdout.write(data)


def shorten(value: str, width: int) -> str:
    """Data on one line, at most ``width`` characters (``…`` where cut)."""
    folded = " ".join(text(value).split())
    return folded if len(folded) <= width else folded[: width - 1].rstrip() + "…"


# -- rich ------------------------------------------------------------------------------------

def console():
    """A rich console on stdout that prints text as written (no markup, emoji, highlighting);
    colour follows rich: off for ``NO_COLOR`` and when stdout is not a terminal."""
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


def err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def styled(value: str, spans, style: str):
    """A rich ``Text`` of data (masked: offsets hold) with ``spans`` styled."""
    from rich.text import Text

    t = Text(text(value))
    for s, e in spans:
        t.stylize(style, s, e)
    return t
