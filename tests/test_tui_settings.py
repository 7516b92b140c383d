"""reader.yaml (theme, keys, comments), saved searches, and the error guard (never a
traceback on screen)."""

from __future__ import annotations

import pytest
import yaml
from tui_support import ROOT, SIZE, messages, run, screen_text, settle

from reader.settings import load_settings
from reader.tui.app import ReaderApp
from reader.tui.help import HelpScreen
from reader.tui.main_screen import MainScreen
from reader.tui.saved import SavedSearches
from reader.tui.user_settings import known_binding_ids

# -- reader.settings (no Textual) ------------------------------------------------------------

def test_settings_missing_file_is_defaults(tmp_path):
    s = load_settings(tmp_path / "reader.yaml")
    assert (s.theme, s.keys, s.comments, s.warnings) == ("", {}, "", [])


@pytest.mark.parametrize("text, warning", [
    ("theme: [nord\n", "not valid YAML (line"),
    ("- a\n- b\n", "expected a mapping"),
    (b"\xff\xfe\x00", "cannot read it"),
])
def test_settings_bad_file_is_one_warning(tmp_path, text, warning):
    path = tmp_path / "reader.yaml"
    (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    before = path.read_bytes()
    s = load_settings(path)
    assert len(s.warnings) == 1 and warning in s.warnings[0] and "\n" not in s.warnings[0]
    assert (s.theme, s.keys) == ("", {})
    assert path.read_bytes() == before  # never written


def test_settings_values_checked_one_by_one(tmp_path):
    path = tmp_path / "reader.yaml"
    path.write_text(
        "theme: nord\n"
        "comments: open\n"
        "colour: red\n"
        "keys:\n"
        "  reader.app.search: ctrl+f, slash\n"
        "  reader.list.first: [home, '1']\n"
        "  reader.list.last: 9\n"
        "  reader.app.quit: {a: b}\n"
        "  reader.app.help: 'page up'\n",
        encoding="utf-8")
    s = load_settings(path)
    assert s.theme == "nord" and s.comments == "open"
    assert s.keys == {"reader.app.search": "ctrl+f,slash", "reader.list.first": "home,1",
                      "reader.list.last": "9"}
    assert len(s.warnings) == 3
    assert any("unknown setting 'colour'" in w for w in s.warnings)
    assert any("reader.app.quit" in w for w in s.warnings)
    assert any("reader.app.help" in w and "space" in w for w in s.warnings)
    path.write_text("theme: 3\ncomments: maybe\nkeys: [a]\n", encoding="utf-8")
    s = load_settings(path)
    assert (s.theme, s.comments, s.keys) == ("", "", {}) and len(s.warnings) == 3
    path.write_text("comments: off\n", encoding="utf-8")  # YAML's boolean
    assert load_settings(path).comments == "closed"


def test_docs_list_every_binding_id():
    docs = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [i for i in known_binding_ids() if f"`{i}`" not in docs]
    assert not missing, f"add to docs/settings.md: {missing}"


# -- the app -----------------------------------------------------------------------------------

def test_keys_and_theme_from_reader_yaml(library, start_app):
    library.settings.write_text(
        "theme: nord\n"
        "comments: open\n"
        "keys:\n"
        "  reader.app.search: ctrl+f\n"
        "  reader.list.cursor_down: ctrl+n\n"
        "  reader.no.such: x\n",
        encoding="utf-8")
    before = library.settings.read_bytes()

    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            assert app.theme == "nord"
            assert main.comments_open and main.comments.display
            warnings = [m for m in messages(app) if "reader.yaml" in m]
            assert len(warnings) == 1 and "reader.no.such" in warnings[0]
            assert "^f Search" in screen_text(app)  # the Footer shows the rebound key
            await pilot.press("ctrl+n")
            assert main.article_list.cursor == 1
            await pilot.press("slash")  # no longer bound
            assert main.list_pane.query_mode == ""
            await pilot.press("ctrl+f")
            assert main.list_pane.query_mode == "search" and app.focused is main.query_input
            await pilot.press("escape")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            help_text = str(app.screen.query_one("#help-text").render())
            assert "ctrl+f" in help_text and "ctrl+n" in help_text
            await pilot.press("escape")
            commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
            assert commands["Anywhere: Search"] == "key: ctrl+f"

    run(go())
    assert library.settings.read_bytes() == before


def test_unknown_theme_and_broken_file_are_warnings(library, start_app):
    library.settings.write_text("theme: no-such-theme\n", encoding="utf-8")

    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            warnings = [m for m in messages(app) if "reader.yaml" in m]
            assert len(warnings) == 1 and "no-such-theme" in warnings[0] and "nord" in warnings[0]
        library.settings.write_text("keys: {\n", encoding="utf-8")
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            assert app.is_running
            assert [m for m in messages(app) if "reader.yaml" in m and "not valid YAML" in m]

    run(go())


# -- saved searches ---------------------------------------------------------------------------

def test_save_pick_run_and_delete_a_search(library, start_app):
    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("slash", *"panic")
            await settle(app, pilot)
            await pilot.press("ctrl+s")
            assert [(s.name, s.query) for s in app.state.saved] == [("panic", "panic")]
            on_disk = yaml.safe_load(library.state.read_text(encoding="utf-8"))
            assert on_disk["saved"] == [{"name": "panic", "query": "panic"}]  # saved at once
            await pilot.press("ctrl+u", *"kernel")
            await settle(app, pilot)
            await pilot.press("ctrl+s")
            await pilot.press("escape", "escape")
            assert not main.list_pane.searching
            await pilot.press("S")
            assert isinstance(app.screen, SavedSearches)
            assert "panic" in screen_text(app) and "kernel" in screen_text(app)
            await pilot.press("enter")  # the first: panic
            await settle(app, pilot)
            await pilot.pause()
            assert not isinstance(app.screen, SavedSearches)
            assert main.list_pane.searching and main.query_input.value == "panic"
            assert main.search_results.results.query == "panic"
            assert app.focused is main.search_results
            await pilot.press("S", "j", "d")  # delete the second: kernel
            assert [s.name for s in app.state.saved] == ["panic"]
            await pilot.press("d", "d")  # the last one, then nothing left to delete
            assert app.state.saved == [] and "No saved searches yet" in screen_text(app)
            await pilot.press("escape")
            assert not isinstance(app.screen, SavedSearches) and app.is_running
            await pilot.press("Q")
        assert yaml.safe_load(library.state.read_text(encoding="utf-8"))["saved"] == []

    run(go())


def test_save_with_nothing_to_save_and_in_filter_mode(library, start_app):
    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("slash", "ctrl+s")
            assert app.state.saved == [] and any("Nothing to save" in m for m in messages(app))
            await pilot.press("escape", "f", *"kernel", "ctrl+s")
            assert app.state.saved == [] and any("not a search" in m for m in messages(app))

    run(go())


# -- never a traceback on screen ---------------------------------------------------------------

def test_an_exception_in_an_action_is_a_one_line_notification(library, monkeypatch, start_app):
    def boom(self):
        raise RuntimeError("something broke\nsecond line")

    monkeypatch.setattr(ReaderApp, "action_toggle_comments", boom)

    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("c")
            await pilot.pause()
            assert app.is_running and app.return_code is None
            errors = [m for m in messages(app) if "Unexpected error" in m]
            assert errors == ["Unexpected error: RuntimeError: something broke second line"]
            await pilot.press("j")  # and the app still answers keys
            assert main.article_list.cursor == 1
        assert app.return_code in (None, 0)  # run_test re-raises what ended the app: nothing did

    run(go())


def test_an_exception_in_a_message_handler_is_a_notification(library, monkeypatch, start_app):
    """``ArticleList.Opened`` is handled by the main screen (``@on``): the guard on its message
    dispatch (a private Textual hook, see reader.tui.guard) catches what the handler raises."""
    def boom(self, entry, *, focus=True):
        raise KeyError("x")

    from textual.message_pump import MessagePump

    monkeypatch.setattr(MainScreen, "open_entry", boom)
    assert "_dispatch_message" in vars(MessagePump)  # the hook the guard overrides still exists

    async def go():
        async with start_app(size=SIZE, notifications=True) as (app, pilot, main):
            await settle(app, pilot)
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running
            assert "Unexpected error: KeyError: 'x'" in messages(app)
            await pilot.press("j")
            assert main.article_list.cursor == 1
        assert app.return_code in (None, 0)  # run_test re-raises what ended the app: nothing did

    run(go())
