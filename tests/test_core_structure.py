"""The core's shape: modules under reader/ outside reader/tui stay small (the house's few hundred
lines), split by what they hold when they grow — as reader/index/build.py was (675 lines: the
content walk, the report, the staleness checks, the builder and its Whoosh writes)."""

from __future__ import annotations

from conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "reader"
LIMIT = 460

# Modules still over the limit, to be split by what they hold (none since the splits of
# 2026-12-03); the set only shrinks, and no other module may grow past the limit. (reader/tui
# has its own test: test_tui_structure.py.)
OVERSIZE: set[str] = set()


def core_sizes() -> dict[str, int]:
    """Lines of each module under reader/, reader/tui left out, by path from the repository."""
    return {path.relative_to(REPO_ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
            for path in sorted(PACKAGE.rglob("*.py"))
            if path.relative_to(PACKAGE).parts[0] != "tui"}


def test_core_modules_are_small():
    sizes = core_sizes()
    assert "reader/index/build.py" in sizes and not any(name.startswith("reader/tui/") for name in sizes)
    assert sizes["reader/index/build.py"] <= 420  # split by what it holds
    over = {name: lines for name, lines in sizes.items() if lines > LIMIT}
    assert set(over) <= OVERSIZE, f"over {LIMIT} lines: split by what they hold {over}"
    assert OVERSIZE <= set(sizes), "a module in OVERSIZE is gone: drop it from the set"
