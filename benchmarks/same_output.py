"""Does the cleaner still give the same output? Snapshot, then compare, `reader clean --json`.

    uv run python benchmarks/same_output.py save DIR [--synth N]     # before a change
    uv run python benchmarks/same_output.py check DIR [--synth N]    # after it: lists differences

The pages are every page of ../shared/corpus/pages (when present), the five bundled seeds, the
two LWN test pages, and N synthetic files (benchmarks/synth.py, seed 1, default 300) written
to a temporary folder. Each page's JSON is ``Article.to_dict()``, what ``reader clean --json``
prints; DIR holds one file per page (keep it outside the repository).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
from pathlib import Path

from reader.content import clean_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402


def pages(synth_dir: Path, n: int) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    if CORPUS.is_dir():
        found += [(f"corpus--{p.name}", p) for p in sorted(CORPUS.glob("*.html")) if not p.name.endswith(".expected.html")]
    found += [(f"seed--{p.name}", p) for p in sorted((ROOT / "content").rglob("*.*")) if p.is_file()]
    found += [(f"test--{p.name}", p) for p in sorted((ROOT / "tests" / "data").glob("*.html"))]
    if n:
        synth.generate(synth_dir, n, seed=1)
        files = sorted(p for p in (synth_dir / "content").rglob("*.*") if p.is_file())
        found += [("synth--" + str(p.relative_to(synth_dir / "content")).replace("/", "--"), p) for p in files]
    return found


def as_json(path: Path) -> str:
    return json.dumps(clean_file(path).to_dict(), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("action", choices=("save", "check"))
    p.add_argument("dir", type=Path)
    p.add_argument("--synth", type=int, default=300)
    args = p.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        todo = pages(Path(tmp), args.synth)
        for name, path in todo:
            out = as_json(path)
            saved = args.dir / f"{name}.json"
            if args.action == "save":
                saved.write_text(out, encoding="utf-8")
                continue
            before = saved.read_text(encoding="utf-8") if saved.exists() else ""
            if before != out:
                differ += 1
                diff = list(difflib.unified_diff(before.splitlines(), out.splitlines(), "before", "after", lineterm="", n=1))
                print(f"== {name}: {len(diff)} diff lines")
                print("\n".join(diff[:40]))
    if args.action == "save":
        print(f"saved {len(todo)} outputs in {args.dir}")
        return 0
    print(f"{len(todo) - differ} of {len(todo)} pages give the same output; {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
