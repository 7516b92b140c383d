"""state.yaml: merged saves, saved searches, and a broken file that is never overwritten."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

from reader.state import State

ROOT = Path(__file__).resolve().parents[1]


def test_round_trip_and_unknown_keys_kept(tmp_path):
    path = tmp_path / "state.yaml"
    path.write_text("mine: keep me\nread: [a]\n", encoding="utf-8")
    state = State(path)
    assert state.warning == "" and not state.broken and state.is_read("a")
    state.mark_read("b")
    state.set_position("b", 120)
    state.add_search("kernel  panic")
    state.save_search("title:linux")
    state.save()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["mine"] == "keep me"
    assert data["read"] == ["a", "b"] and data["positions"] == {"b": 120}
    assert data["searches"] == ["kernel panic"]
    assert data["saved"] == [{"name": "title:linux", "query": "title:linux"}]
    again = State(path)
    assert again.saved[0].query == "title:linux" and again.position("b") == 120


def test_saved_searches_replace_delete_and_bad_entries(tmp_path):
    path = tmp_path / "state.yaml"
    path.write_text("saved:\n- {name: k, query: kernel}\n- oops\n- {name: empty}\n- {query: panic}\n",
                    encoding="utf-8")
    state = State(path)
    assert [(s.name, s.query) for s in state.saved] == [("k", "kernel"), ("panic", "panic")]
    state.save_search("kernel OR linux", name="k")  # same name: replaced in place
    assert [(s.name, s.query) for s in state.saved] == [("k", "kernel OR linux"), ("panic", "panic")]
    assert state.delete_saved("panic") and not state.delete_saved("nothing")
    assert state.save_search("   ") is None
    state.save()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["saved"] == [{"name": "k", "query": "kernel OR linux"}]


@pytest.mark.parametrize("text", [
    b"read: [a\npositions: {",  # not YAML
    b"- just\n- a list\n",  # not a mapping
    b"\xff\xfe\x00garbage",  # not UTF-8
])
def test_broken_file_is_never_overwritten(tmp_path, text):
    path = tmp_path / "state.yaml"
    path.write_bytes(text)
    state = State(path)
    assert state.broken and "left as it is" in state.warning and "\n" not in state.warning
    state.mark_read("x")
    state.set_position("x", 5)
    state.add_search("kernel")
    state.save_search("kernel")
    state.save()
    assert path.read_bytes() == text  # byte for byte
    assert state.is_read("x") and state.searches == ["kernel"]  # kept in memory


def test_file_broken_after_start_is_left_alone(tmp_path):
    path = tmp_path / "state.yaml"
    path.write_text("read: [a]\n", encoding="utf-8")
    state = State(path)
    path.write_text("read: [a\n", encoding="utf-8")  # a hand edit gone wrong
    state.mark_read("b")
    state.save()
    assert path.read_text(encoding="utf-8") == "read: [a\n"
    assert state.broken and "not valid YAML" in state.warning


def test_two_instances_interleaving_keep_both_changes(tmp_path):
    path = tmp_path / "state.yaml"
    one, two = State(path), State(path)
    one.mark_read("a")
    one.save_search("kernel")
    two.mark_read("b")
    two.set_position("b", 40)
    one.save()
    two.save()
    one.mark_read("a", False)
    one.add_search("panic")
    one.save()
    two.save_search("linux")
    two.save()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["read"] == ["b"] and data["positions"] == {"b": 40}
    assert data["searches"] == ["panic"]
    assert [s["name"] for s in data["saved"]] == ["kernel", "linux"]
    assert not (tmp_path / "state.yaml.lock").read_bytes()  # the lock file holds nothing


def test_save_waits_for_the_lock(tmp_path):
    """save() re-reads under the lock: a save blocked behind another holder's write merges it."""
    import threading

    from reader.atomic import locked

    path = tmp_path / "state.yaml"
    state = State(path)
    state.mark_read("mine")
    with locked(path):
        saver = threading.Thread(target=state.save)
        saver.start()
        saver.join(0.2)
        assert saver.is_alive()  # waiting for us
        path.write_text("read: [theirs]\n", encoding="utf-8")
    saver.join(5)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["read"] == ["mine", "theirs"]


def test_app_leaves_a_corrupt_state_file_untouched(library, start_app):
    from tui_support import messages

    corrupt = b"read: [lwn/2004\n\tpositions: {oops\n"
    library.state.write_bytes(corrupt)

    async def go():
        async with start_app(size=(140, 40), notifications=True) as (app, pilot, main):
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert sum("left as it is" in m for m in messages(app)) == 1
            await pilot.press("enter")  # open an article: it counts as read
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.state.read
            main.save_state()
            await pilot.press("Q")

    asyncio.run(go())
    assert library.state.read_bytes() == corrupt


def test_list_view_round_trip_and_bad_values(tmp_path):
    path = tmp_path / "state.yaml"
    path.write_text("list: {sort: nonsense, unread_only: maybe}\nread: [a]\n", encoding="utf-8")
    state = State(path)
    assert (state.list_view.sort, state.list_view.unread_only) == ("date", False)
    state.set_list_view("site", True)
    state.save()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["list"] == {"sort": "site", "unread_only": True} and data["read"] == ["a"]
    again = State(path)
    assert (again.list_view.sort, again.list_view.unread_only) == ("site", True)


def test_list_view_of_another_instance_is_kept_unless_changed_here(tmp_path):
    path = tmp_path / "state.yaml"
    mine, other = State(path), State(path)
    other.set_list_view("title", False)
    other.save()
    mine.mark_read("x")
    mine.save()  # no list change here: the other instance's sort stays
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["list"]["sort"] == "title"
    assert mine.list_view.sort == "title"
def test_comments_width_is_kept_in_range_and_merged(tmp_path):
    """The comments pane's width (percent of the screen): saved only once changed, kept in
    its range, and another instance's read marks survive the save."""
    path = tmp_path / "state.yaml"
    path.write_text("read: [a]\ncomments_width: 500\n", encoding="utf-8")
    state = State(path)
    assert state.comments_width == 80  # a hand-edited 500: the widest kept
    other = State(path)
    other.mark_read("b")
    other.save()
    state.set_comments_width(35)
    state.save()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["comments_width"] == 35 and data["read"] == ["a", "b"]
    assert State(path).comments_width == 35
    path.write_text("comments_width: wide\n", encoding="utf-8")
    assert State(path).comments_width is None
