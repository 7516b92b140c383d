"""The layers: reader.content → reader.index → reader.bookmarks → reader.tui, with reader.cli
beside the TUI on the same core. Imports only point down, and nothing outside reader/tui
imports Textual (so the CLI, the index and the tests of the core run without a terminal UI).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path


from conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "reader"

# Rank of each layer; a module may import its own layer and lower ranks only (equal rank:
# siblings, which may not import each other). A new top-level module must be placed here (and
# in docs/architecture.md) before the test passes.
LAYERS = {
    # the shared base: the package root, user-facing errors, the library's paths, atomic saves
    "reader": 0, "reader.errors": 0, "reader.paths": 0, "reader.atomic": 0,
    "reader.safe_text": 0,  # the one terminal-text sanitiser (anything shown that came from a file)
    "reader.safe_yaml": 0,  # the one YAML loader: aliases, nodes and depth bounded
    "reader.wording": 0,  # counted nouns: "1 article", "2 articles" (every front end's messages)
    "reader.lazy": 0,  # a package's names imported on first use (PEP 562)
    "reader.safe_read": 0.5,  # reading a library file: regular files only, capped (raises errors')
    "reader.progress": 0,  # "done/total files · ETA" of a long run (the TUI's and the CLI's)
    "reader.watch": 0.5,  # noticing pages come, change or go under content/ (a stat a second)
    "reader.content": 1,  # raw page → Article
    "reader.index": 2,  # Whoosh index + catalogue
    "reader.bookmarks": 3, "reader.state": 3,  # the user's own data: bookmarks, read state
    "reader.settings": 3,  # reader.yaml: theme, keys (read only)
    "reader.library": 4,  # what front ends ask for: entries, one article
    "reader.linking": 4,  # which library article a link points to (its url)
    "reader.adding": 4.5,  # reader add / refresh: fetch, place under content/, re-anchor, report
    "reader.importing": 4.6,  # reader import: other services' exports → pages, read marks, bookmarks
    "reader.exporting": 4.7,  # bookmarks for Obsidian, Readwise, Hypothesis (importable back)
    "reader.tui": 5,  # Textual
    "reader.cli": 5, "reader.__main__": 5,  # beside the TUI (reader.cli.* : main, output, commands)
}
FRONT_ENDS = {"reader.tui", "reader.cli", "reader.__main__"}
CLI = {"reader.cli", "reader.__main__"}
TEXTUAL_LINE = re.compile(r"^\s*(import\s+textual\b|from\s+textual\b)", re.M)


def module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> tuple[str, int] | None:
    """The layer a reader.* module belongs to (its longest matching prefix)."""
    best = None
    for prefix, rank in LAYERS.items():
        if module == prefix or (prefix != "reader" and module.startswith(prefix + ".")):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, rank)
    return best


def imports_of(path: Path, module: str) -> list[tuple[int, str]]:
    """Every module an import statement names (at any depth: lazy imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from reader import tui` names a submodule
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names
                      if target.startswith("reader")]
    return found


def violations(root: Path) -> list[str]:
    """Imports that point up a layer, or Textual imported outside reader/tui."""
    out: list[str] = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root)
        mine = layer_of(module)
        if mine is None:
            out.append(f"{path}: {module} has no layer: place it in LAYERS and docs/architecture.md")
        in_tui = module == "reader.tui" or module.startswith("reader.tui.")
        text = path.read_text(encoding="utf-8")
        if not in_tui:
            for m in TEXTUAL_LINE.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                out.append(f"{path}:{line}: imports textual outside reader/tui")
        for line, target in imports_of(path, module):
            if not in_tui and (target == "textual" or target.startswith("textual.")):
                out.append(f"{path}:{line}: imports {target} outside reader/tui")
            if mine is None or not (target == "reader" or target.startswith("reader.")):
                continue
            theirs = layer_of(target)
            if theirs is None or theirs[0] == mine[0]:
                continue
            allowed = theirs[1] < mine[1]
            # the CLI side may call itself and start the TUI (lazily: see the import tests)
            if mine[0] in CLI and theirs[0] in FRONT_ENDS:
                allowed = True
            if not allowed:
                out.append(f"{path}:{line}: {module} ({mine[0]}) imports {target} ({theirs[0]}): points up")
    return out


def test_imports_only_point_down():
    assert violations(PACKAGE) == []


def test_the_scan_catches_violations(tmp_path):
    """The scanner itself: a planted upward import and a Textual import are both reported."""
    root = tmp_path / "reader"
    (root / "content").mkdir(parents=True)
    (root / "tui").mkdir()
    (root / "__init__.py").write_text("")
    (root / "content" / "__init__.py").write_text("")
    (root / "tui" / "__init__.py").write_text("import textual\nfrom reader.content import clean\n")
    (root / "content" / "bad.py").write_text(
        "def f():\n    from ..tui import app\n    from textual.widgets import Static\n"
    )
    (root / "content" / "sneaky.py").write_text("import reader.tui.app\n")
    found = "\n".join(violations(root))
    assert "bad.py:2" in found and "points up" in found
    assert "bad.py:3" in found and "textual" in found
    assert "sneaky.py:1" in found
    assert "tui/__init__.py" not in found  # the TUI may import both


def test_core_imports_without_textual(repo_root):
    """Import every module outside reader.tui, clean a seed and print the paths through the
    CLI in-process, then look at sys.modules: Textual was never loaded."""
    seed = next((repo_root / "content").rglob("*.md"))
    code = f"""
import contextlib, io, json, pkgutil, importlib, sys
import reader
names = []
for info in pkgutil.walk_packages(reader.__path__, "reader."):
    if info.name.startswith("reader.tui") or info.name == "reader.__main__":
        continue
    importlib.import_module(info.name)
    names.append(info.name)
from reader.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    assert main(["clean", "--json", {str(seed)!r}]) == 0
    assert main(["where"]) == 0
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(json.dumps({{"imported": names, "textual": loaded}}))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=repo_root, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert {"reader.cli", "reader.paths", "reader.errors", "reader.content.clean"} <= set(result["imported"])
    assert result["textual"] == []


def test_one_way_to_refresh_the_index():
    """Every front end brings the index up to date through ``reader.library.refresh_index``
    (the update, then the bookmark sync): no other module outside reader.index calls the
    builder's ``update`` itself."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path, PACKAGE)
        if module.startswith("reader.index") or module == "reader.library":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reader.index"):
                if any(alias.name == "update" for alias in node.names):
                    offenders.append(f"{path}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "update" and isinstance(node.value, ast.Name) \
                    and node.value.id in ("index", "build", "build_mod"):
                offenders.append(f"{path}:{node.lineno}")
    assert offenders == []
