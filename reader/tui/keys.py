"""Every key binding of the app, in one place.

Each binding has an id (``reader.<scope>.<action>``) so that ``reader.yaml`` can rebind it
through Textual's keymap (``App.set_keymap``), and a description, which is what the help screen,
the Footer and the command palette show. Scopes: ``app`` (anywhere), ``list`` (the article
list), ``article`` (the reading pane), ``comments`` (the thread tree), ``bookmarks`` (the
bookmarks view).
"""

from __future__ import annotations

from textual.binding import Binding


def _b(scope: str, key: str, action: str, description: str, *, show: bool = False,
       key_display: str | None = None, priority: bool = False) -> Binding:
    name = action.split("(")[0]
    return Binding(key, action, description, show=show, key_display=key_display,
                   priority=priority, id=f"reader.{scope}.{name}")


APP = [
    # q goes back a level (newsboat, mutt): dialog → comments → article → list → out of the
    # search; at the top (the list, no search) it quits. Q quits at once, from anywhere.
    _b("app", "q", "go_back", "Back / quit", show=True),
    _b("app", "Q", "quit", "Quit"),
    _b("app", "question_mark", "help", "Help", show=True, key_display="?"),
    # priority: the App runs it as it reads the key, before it hands the keys after it to the
    # focused widget — "/kernel" typed or pasted at once lands whole in the query line
    # (ReaderApp.check_action lets a text entry, or a view with its own "/", have the key)
    _b("app", "slash", "search", "Search", show=True, key_display="/", priority=True),
    _b("app", "c", "toggle_comments", "Comments", show=True),
    _b("app", "tab", "next_pane", "Next pane"),
    _b("app", "shift+tab", "previous_pane", "Previous pane"),
    _b("app", "ctrl+t", "next_theme", "Next theme"),
    _b("app", "S", "saved_searches", "Saved searches"),
    _b("app", "B", "bookmarks", "Bookmarks", show=True),
    _b("app", "escape", "back", "Back"),
    _b("app", "a", "add", "Add an article (URL or file)"),
    _b("app", "R", "refresh_article", "Fetch the open article again"),
    _b("app", "ctrl+z", "suspend_process", "Suspend (fg resumes)"),
]

LIST = [
    _b("list", "j,down", "cursor_down", "Next article"),
    _b("list", "k,up", "cursor_up", "Previous article"),
    _b("list", "space,pagedown", "page_down", "Page down"),
    _b("list", "b,pageup", "page_up", "Page up"),
    _b("list", "g,home", "first", "First article"),
    _b("list", "G,end", "last", "Last article"),
    _b("list", "enter,l", "open", "Open", show=True),
    _b("list", "s", "cycle_sort", "Sort", show=True),
    _b("list", "f", "filter", "Filter", show=True),
    _b("list", "u", "toggle_read", "Read/unread"),
    _b("list", "n", "next_unread", "Next unread"),
    _b("list", "U", "toggle_unread_only", "Only unread / all"),
]

READING = [
    _b("article", "j,down", "line_down", "Line down"),
    _b("article", "k,up", "line_up", "Line up"),
    _b("article", "J,right_curly_bracket", "next_paragraph", "Next paragraph", key_display="J }"),
    _b("article", "K,left_curly_bracket", "previous_paragraph", "Previous paragraph", key_display="K {"),
    _b("article", "space,pagedown,ctrl+f,f", "page_down", "Page down"),  # f: less
    _b("article", "ctrl+b,pageup", "page_up", "Page up"),  # less's ^B: `b` bookmarks
    _b("article", "ctrl+d,d", "half_page_down", "Half a page down"),
    _b("article", "ctrl+u", "half_page_up", "Half a page up"),  # less's u: `u` is read/unread
    _b("article", "g,home", "top", "Top"),
    _b("article", "G,end", "bottom", "Bottom"),
]

ARTICLE = READING + [
    _b("article", "n", "next_hit", "Next hit", show=True),
    _b("article", "N", "previous_hit", "Previous hit"),
    _b("article", "u", "toggle_read", "Read/unread"),
    _b("article", "C", "passage_comments", "Comments quoting this passage"),
    _b("article", "o", "open_url", "Open in the browser"),
    # links (reader.tui.links), shown numbered after their text: text[3]
    _b("article", "L", "links", "Links", show=True),
    _b("article", "t", "contents", "Contents", show=True),
    # the articles opened, as a browser's history (vim's ^I forward is Tab: not here)
    _b("article", "H,backspace,alt+left", "history_back", "Back to the article before",
       key_display="H, backspace, alt+left"),
    _b("article", "alt+right,ctrl+right", "history_forward", "Forward again"),
    _b("article", "y", "copy_passage", "Copy the passage (OSC 52)"),
    # bookmarks (reader.tui.selection): `b` bookmarks the paragraph, or the selection
    _b("article", "b", "bookmark", "Bookmark", show=True),
    _b("article", "v", "toggle_selection", "Select (then j k w e, b)"),
    _b("article", "m", "next_bookmark", "Next bookmark"),
    _b("article", "M", "previous_bookmark", "Previous bookmark"),
    # only while selecting (check_action hides them otherwise)
    _b("article", "w", "word_forward", "Selection: to next word"),
    _b("article", "e", "word_end", "Selection: to end of word"),
    _b("article", "W", "big_word_forward", "Selection: to next WORD (blank-separated)"),
    _b("article", "E", "big_word_end", "Selection: to end of WORD"),
    _b("article", "escape", "cancel_selection", "Cancel selection"),
]

COMMENTS = [
    _b("comments", "j,down", "cursor_down", "Next comment"),
    _b("comments", "k,up", "cursor_up", "Previous comment"),
    _b("comments", "space,enter", "toggle_fold", "Fold/unfold", show=True),
    _b("comments", "u", "cursor_parent", "Parent comment"),
    _b("comments", "left_square_bracket", "cursor_previous_sibling", "Previous sibling", key_display="["),
    _b("comments", "right_square_bracket", "cursor_next_sibling", "Next sibling", key_display="]"),
    _b("comments", "z", "fold_all", "Fold all", show=True),
    _b("comments", "Z", "unfold_all", "Unfold all"),
    _b("comments", "p", "show_passage", "Show quoted passage"),  # `a` is the app's (add a URL)
    _b("comments", "full_stop", "next_new", "Next new comment", key_display="."),
    _b("comments", "n", "next_hit", "Next hit (then the next comment that matches)"),
    _b("comments", "N", "previous_hit", "Previous hit (then the previous comment that matches)"),
    _b("comments", "less_than_sign", "widen", "Widen the pane", key_display="<"),
    _b("comments", "greater_than_sign", "narrow", "Narrow the pane", key_display=">"),
    _b("comments", "equals_sign", "zoom", "Zoom the pane (whole screen)", key_display="="),
    _b("comments", "g,home", "scroll_home", "First comment"),
    _b("comments", "G,end", "scroll_end", "Last comment"),
    _b("comments", "pagedown", "page_down", "Page down"),
    _b("comments", "pageup", "page_up", "Page up"),
]

RESULTS = [
    _b("results", "j,down", "cursor_down", "Next result"),
    _b("results", "k,up", "cursor_up", "Previous result"),
    _b("results", "space,pagedown", "page_down", "Page down"),
    _b("results", "b,pageup", "page_up", "Page up"),
    _b("results", "g,home", "first", "First result"),
    _b("results", "G,end", "last", "Last result"),
    _b("results", "enter,l", "open", "Open", show=True),
    _b("results", "plus", "more", "Every hit of this article (+N more)", key_display="+"),
    _b("results", "less_than_sign", "previous_bar", "Pick the previous period (hits over time)", key_display="<"),
    _b("results", "greater_than_sign", "next_bar", "Pick the next period (Enter narrows to it)", key_display=">"),
]

BOOKMARKS = [  # the bookmarks view (reader.tui.bookmarks_view)
    _b("bookmarks", "j,down", "cursor_down", "Next bookmark"),
    _b("bookmarks", "k,up", "cursor_up", "Previous bookmark"),
    _b("bookmarks", "pagedown", "page_down", "Page down"),
    _b("bookmarks", "pageup", "page_up", "Page up"),
    _b("bookmarks", "g,home", "first", "First bookmark"),
    _b("bookmarks", "G,end", "last", "Last bookmark"),
    _b("bookmarks", "enter,l", "jump", "Go to passage", show=True),
    _b("bookmarks", "slash", "filter", "Filter", show=True, key_display="/"),
    _b("bookmarks", "e", "edit", "Edit note/tags", show=True),
    _b("bookmarks", "d", "delete", "Delete", show=True),
    _b("bookmarks", "u", "undo", "Undo delete"),
    _b("bookmarks", "x", "export", "Export Markdown", show=True),
    _b("bookmarks", "escape,q", "close", "Close", show=True),
]

QUERY = [
    _b("query", "up", "history_previous", "Previous query"),
    _b("query", "down", "history_next", "Next query"),
    _b("query", "ctrl+s", "save_search", "Save search"),
]

SCOPES: dict[str, tuple[str, list[Binding]]] = {
    "app": ("Anywhere", APP),
    "list": ("Article list", LIST),
    "results": ("Search results", RESULTS),
    "query": ("Query line", QUERY),
    "article": ("Reading pane", ARTICLE),
    "comments": ("Comments", COMMENTS),
    "bookmarks": ("Bookmarks", BOOKMARKS),
}


def display_keys(binding: Binding) -> str:
    """How a binding's keys read in the help screen (``j, down``)."""
    if binding.key_display:
        return binding.key_display
    names = {"question_mark": "?", "slash": "/", "left_square_bracket": "[",
             "right_square_bracket": "]", "left_curly_bracket": "{", "right_curly_bracket": "}",
             "full_stop": ".",
             "space": "space"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))
