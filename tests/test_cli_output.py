"""The CLI prints through one module: ``reader.cli.output`` (which uses the one terminal-text
sanitiser, ``reader.safe_text``). No other module of ``reader.cli`` prints or writes to the
standard streams itself."""

from __future__ import annotations

import ast

from conftest import REPO_ROOT

CLI = REPO_ROOT / "reader" / "cli"


def _writes(path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "Console"):
            found.append(f"{path.name}:{node.lineno}: {node.func.id}()")
        if (isinstance(node, ast.Attribute) and node.attr in ("stdout", "stderr")
                and isinstance(node.value, ast.Name) and node.value.id == "sys"):
            found.append(f"{path.name}:{node.lineno}: sys.{node.attr}")
    return found


def test_only_the_output_module_prints():
    offenders = []
    for path in sorted(CLI.glob("*.py")):
        if path.name == "output.py":
            continue
        offenders += _writes(path)
    assert offenders == []


def test_the_check_sees_a_print(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import sys\nprint('x')\nsys.stderr.write('y')\n")
    assert len(_writes(bad)) == 2
