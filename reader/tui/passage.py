"""What the reading pane does with the passage under its cursor and the article's address:
``y`` copies the passage (OSC 52), ``o`` opens the url in the browser, ``C`` lists the comments
that quote the passage (``CommentPicker``) and opens the comments pane on the one chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.content.model import Comment
from reader.library import locate
from reader.tui.dialog import Dialog
from reader.tui.document import Document
from reader.tui.sanitize import one_line

WEB_SCHEMES = ("http", "https")  # an article's url is data: nothing else is handed to a browser


class PassageComments(Message):
    """``C`` in the reading pane: list the comments quoting ``[start, end)`` of the article."""

    def __init__(self, article_id: str, start: int, end: int) -> None:
        super().__init__()
        self.article_id = article_id
        self.start = start
        self.end = end


def copy_text(app: App, text: str) -> None:
    """Copy to the terminal's clipboard (OSC 52) and say how much."""
    if not text:
        app.notify("Nothing to copy here", severity="warning", timeout=2, markup=False)
        return
    app.copy_to_clipboard(text)
    app.notify(f"Copied {len(text)} character{'s' * (len(text) != 1)}", timeout=2, markup=False)


def open_in_browser(app: App, url: str) -> None:
    """Open a web address in a thread worker (``webbrowser.open`` can block for seconds);
    no url, another scheme or a failure is a one-line notification."""
    url = one_line(url)
    try:
        scheme = urlsplit(url).scheme.lower() if url else ""
    except ValueError:
        scheme = ""
    if not url:
        app.notify("This article has no url", severity="warning", timeout=2, markup=False)
        return
    if scheme not in WEB_SCHEMES:
        app.notify(f"Not a web address: {url[:80]}", severity="warning", timeout=3, markup=False)
        return

    web = app.is_web  # served to a browser (textual-serve): that browser opens it

    def run() -> None:
        if not web and not graphical_browser():
            app.notify(f"No browser to open {url[:80]} (set $BROWSER)", severity="warning",
                       timeout=4, markup=False)  # thread-safe
            return
        app.notify(f"Opening {url[:80]}", timeout=2, markup=False)
        try:
            app.open_url(url)
        except Exception as exc:  # a broken browser: say so, never a traceback
            app.notify(one_line(f"Cannot open the browser: {exc}")[:200],
                       severity="error", markup=False)

    app.run_worker(run, thread=True, group="open-url", exit_on_error=False)


def graphical_browser() -> bool:
    """Whether ``webbrowser`` would start a browser apart from this terminal. None found is no;
    so is a text-mode one (lynx, w3m, links, www-browser…): it would run in this very terminal,
    under the app. (Looking runs nothing: ``webbrowser.get`` only searches the PATH.)"""
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(browser, webbrowser.BackgroundBrowser):
        return False
    return getattr(browser, "background", True) is not False


def quoting_comments(comments: Iterable[Comment], text: str, document: Document | None,
                     start: int, end: int) -> list[Comment]:
    """The comments with a quote in ``[start, end)`` of the article's plain ``text``, or in the
    block where the margin mark is (the block of the quote's start), in thread order."""
    block = document.block_at(start) if document is not None else None
    out = []
    for c in comments:
        for q in c.quotes:
            span = locate(text, q) or (q.start, q.end)
            s, e = span
            same_block = (document is not None and block is not None
                          and (document.block_at(q.start) == block or document.block_at(s) == block))
            if same_block or (s < end and e > start):
                out.append(c)
                break
    return out


def first_line(comment: Comment, width: int = 60) -> str:
    """The comment's first line of text (a quote's ``>`` and a hard break's ``\\`` dropped),
    cut to ``width`` characters."""
    line = ""
    for raw in (comment.body or "").splitlines():
        line = one_line(raw.lstrip("> ").rstrip("\\ ").strip())
        if line:
            break
    line = line or one_line(comment.title)
    return line if len(line) <= width else line[:width - 1].rstrip() + "…"


def picker_label(comment: Comment) -> Text:
    """``author  date  first line`` as plain Text (nothing parsed as markup)."""
    author = one_line(comment.author) or "anonymous"
    date = comment.date.isoformat()[:10] if comment.date is not None else ""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(author, style="bold")
    if date:
        text.append("  " + date, style="dim")
    line = first_line(comment)
    if line:
        text.append("  " + line)
    return text


class CommentPicker(Dialog[str | None]):
    """The comments quoting a passage; Enter returns the chosen comment's id, Esc None."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="reader.picker.close")]

    DEFAULT_CSS = "CommentPicker > OptionList { width: 80; max-height: 70%; }"

    def __init__(self, comments: list[Comment]) -> None:
        super().__init__()
        self.comments = comments

    def compose(self) -> ComposeResult:
        options = OptionList(*[Option(picker_label(c), id=c.id) for c in self.comments],
                             id="picker")
        count = len(self.comments)
        options.border_title = f"{count} comment{'s' * (count != 1)} on this passage — Enter opens"
        yield options

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = 0
        picker.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


__all__ = ["CommentPicker", "PassageComments", "copy_text", "open_in_browser", "quoting_comments"]
