"""ReaderApp: settings (keymap, theme), notices, the error guard, the command palette, quit.

The library view itself is ``MainScreen`` (main_screen.py), the app's default screen: its
panes keep their own state and talk through messages. The app's bindings (``keys.APP``: they
work on every screen) hand the library view's actions to it.
"""

from __future__ import annotations

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.widgets import Input, TextArea

from reader.paths import Library
from reader.settings import load_settings
from reader.state import State
from reader.tui import daemon, keys
from reader.tui.bookmarks_view import BookmarksScreen
from reader.tui.guard import dispatch_guarded, error, report_exception
from reader.tui.help import HelpScreen
from reader.tui.idle_gc import IdleCollector
from reader.tui.main_screen import MainScreen, StartAt
from reader.tui.sanitize import one_line
from reader.tui.saved import SavedSearches
from reader.tui.user_settings import apply_settings, keys_shown


class ReaderApp(App[None]):
    CSS_PATH = "styles.tcss"
    TITLE = "reader"
    BINDINGS = keys.APP

    def __init__(self, library: Library, *, state: State | None = None, start: StartAt | None = None,
                 collector: IdleCollector | None = None) -> None:
        super().__init__()
        self.collector = collector  # the cyclic GC run in pauses (reader.tui.run's; none in tests)
        self.library = library
        self.start = start  # reader open: the article (and passage) to open at
        self.state = state if state is not None else State(library.state)
        self.settings = load_settings(library.settings)  # reader.yaml; applied on mount
        self.user_keys: dict[str, str] = {}  # binding id → keys, as reader.yaml rebinds them

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.library, self.state, comments_open=self.settings.comments == "open",
                          start=self.start)

    @property
    def main_screen(self) -> MainScreen:
        """The library view (the bottom of the screen stack)."""
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def on_load(self) -> None:
        daemon.install()  # before any worker: a worker still busy never keeps `q` from quitting

    def on_mount(self) -> None:
        if self.collector is not None:
            self.set_interval(0.1, self.collector.tick, name="idle-gc")
        if self.state.warning:
            self.notify(one_line(self.state.warning), severity="warning", markup=False)
        for warning in apply_settings(self, self.settings):
            error(self, warning, "warning")

    # -- notices and the guard -----------------------------------------------------------

    def get_key_display(self, binding) -> str:
        """The footer's and key panel's key names: reader.yaml rebinds keys, so a key name is
        a setting, and goes through the sanitiser like every other (``reader.settings``
        already refuses names with controls in them; this is the second door)."""
        return one_line(super().get_key_display(binding))

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None,
               markup: bool = True) -> None:
        """Every notice, whoever raises it (widgets' ``notify`` lands here): one sanitised line.
        Callers already pass ``markup=False`` and clean text; this makes it true for all."""
        super().notify(one_line(message), title=one_line(title), severity=severity, timeout=timeout,
                       markup=markup)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as exc:  # reader.tui.guard: a notice, never a traceback
            report_exception(self, exc)
            return True  # handled: the key does not go on to another binding

    async def on_event(self, event: events.Event) -> None:
        if self.collector is not None and isinstance(event, events.InputEvent):
            self.collector.input()  # a key or the mouse: not a pause to collect garbage in
        await super().on_event(event)

    async def _dispatch_message(self, message) -> None:
        await dispatch_guarded(self, super()._dispatch_message, message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":  # a priority binding: the focused widget may want the key
            if isinstance(self.focused, (Input, TextArea)) or isinstance(self.screen, BookmarksScreen):
                return False  # it types the "/", or filters with it: the key goes on to it
        return True

    # -- actions (keys.APP) --------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_next_theme(self) -> None:
        names = sorted(n for n in self.available_themes if n != "textual-ansi")
        if not names:
            return
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=1.5, markup=False)

    async def action_quit(self) -> None:
        self.main_screen.save_state()
        self.exit()

    async def action_go_back(self) -> None:
        """``q``: back one level; quit from the top (the list, no search)."""
        if self.screen is not self.main_screen:  # a dialog that does not take q itself
            self.screen.dismiss(None)
        elif not self.main_screen.go_back():
            await self.action_quit()

    # the library view's: these keys work over the pickers too, as they always did
    def action_search(self) -> None:
        self.main_screen.action_search()

    def action_toggle_comments(self) -> None:
        self.main_screen.action_toggle_comments()

    def action_next_pane(self) -> None:
        self.main_screen.action_next_pane()

    def action_previous_pane(self) -> None:
        self.main_screen.action_previous_pane()

    def action_back(self) -> None:
        self.main_screen.action_back()

    def action_saved_searches(self) -> None:
        if not isinstance(self.screen, SavedSearches):
            self.main_screen.action_saved_searches()

    def action_bookmarks(self) -> None:
        self.main_screen.bookmarks_view()

    def action_add(self) -> None:
        self.main_screen.action_add()

    def action_refresh_article(self) -> None:
        self.main_screen.action_refresh_article()

    # -- command palette: every action ---------------------------------------------------

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        main = self.main_screen
        targets = {
            "app": lambda: self,
            "list": lambda: main.article_list,
            "results": lambda: main.search_results,
            "query": lambda: main.query_input,
            "article": lambda: main.view,
            "comments": lambda: main.comments.tree,
            "bookmarks": main.bookmarks_view,
        }
        for scope, (title, bindings) in keys.SCOPES.items():
            seen: set[str] = set()
            for binding in bindings:
                if binding.action in seen or binding.action == "quit":
                    continue
                seen.add(binding.action)
                yield SystemCommand(
                    f"{title}: {binding.description}",
                    f"key: {keys_shown(binding, self.user_keys)}",
                    self._command(targets[scope], binding.action),
                )
        for key in ("date", "title", "site"):
            yield SystemCommand(f"Article list: sort by {key}", "s cycles the sort",
                                lambda key=key: main.article_list.set_sort(key))

    def _command(self, target, action: str):
        async def run() -> None:
            await self.run_action(action, target())

        return run
