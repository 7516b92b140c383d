"""Textual stays inside reader/tui: the core and the CLI never import it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reader"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_textual_import_outside_tui():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "tui") in path.parents:
            continue
        for name in _imports(path):
            if name == "textual" or name.startswith("textual."):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []


def test_cli_and_core_load_without_textual():
    code = (
        "import sys, reader.cli, reader.library, reader.state, reader.content, reader.paths\n"
        "import reader.tui\n"  # the package itself is light: run() imports the app lazily
        "from reader.cli import main\n"
        "main(['where'])\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
