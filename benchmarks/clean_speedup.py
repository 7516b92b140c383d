"""How much faster the cleaner is than at another commit, measured so that load does not lie.

    uv run python benchmarks/clean_speedup.py REF [--synth N] [--rounds K]

The machine is shared: a run of extraction.py at one time and another later see different
loads, and CPU time too grows with the load (caches, shared cores). So both cleaners run in
one process, page by page in random order: the `reader` package of commit REF (taken with
``git archive`` into a temporary folder and renamed ``readerbase``) and this checkout's.
Prints pages/s on one core (CPU time of clean_file) for each and the ratio, on the corpus
pages (K rounds, default 2) and on N synthetic files (benchmarks/synth.py, seed 1, default
300), overall and per kind.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402


def base_package(ref: str, into: Path) -> None:
    """``reader`` at ``ref``, as the package ``readerbase`` under ``into``."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "reader"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    (into / "reader").rename(into / "readerbase")
    for path in (into / "readerbase").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\b(from|import) reader\b", r"\1 readerbase", text)
        text = text.replace('"reader.content', '"readerbase.content')
        path.write_text(text, encoding="utf-8")


def race(files: list[Path], base: Callable, now: Callable, rounds: int) -> tuple[float, float]:
    """(files/s of base, files/s of now), CPU time, interleaved in random order."""
    spent = {"base": 0.0, "now": 0.0}
    for f in files[:2]:  # imports, rule loading, caches: out of the timing
        base(f)
        now(f)
    rng = random.Random(1)
    for _ in range(rounds):
        for f in files:
            pair = [("base", base), ("now", now)]
            rng.shuffle(pair)
            for who, clean in pair:
                start = time.process_time()
                clean(f)
                spent[who] += time.process_time() - start
    n = len(files) * rounds
    return n / spent["base"], n / spent["now"]


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("ref")
    p.add_argument("--synth", type=int, default=300)
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base_package(args.ref, Path(tmp))
        sys.path.insert(0, tmp)
        from readerbase.content import clean_file as base  # type: ignore[import-not-found]

        from reader.content import clean_file as now

        if CORPUS.is_dir():
            pages = sorted(q for q in CORPUS.glob("*.html") if not q.name.endswith(".expected.html"))
            b, n = race(pages, base, now, args.rounds)
            print(f"corpus, {len(pages)} pages x{args.rounds}: {args.ref} {b:.1f} pages/s, now {n:.1f} pages/s "
                  f"on one core: {n / b:.2f}x")
        with tempfile.TemporaryDirectory() as lib:
            synth.generate(Path(lib), args.synth, seed=1)
            content = Path(lib) / "content"
            files = sorted(q for q in content.rglob("*.*") if q.is_file())
            b, n = race(files, base, now, 1)
            print(f"synthetic, {len(files)} files: {args.ref} {b:.1f} files/s, now {n:.1f} files/s on one core: {n / b:.2f}x")
            for kind in sorted({q.relative_to(content).parts[0] for q in files}):
                subset = [q for q in files if q.relative_to(content).parts[0] == kind]
                b, n = race(subset, base, now, 1)
                print(f"  {kind:<9} {len(subset):4d} files: {b:6.1f} -> {n:6.1f} files/s  {n / b:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
