"""A deterministic generator of synthetic libraries, in the raw forms the cleaner reads.

    uv run python benchmarks/synth.py OUT_DIR --articles 1000 [--seed 1]

writes ``OUT_DIR/content/`` with three kinds of page, in about equal shares:

* LWN-style text dumps (``lwn-text/YYYY/slug.txt``): the logo line, the title, the body, then
  "(Log in to post comments)" and the comments, each a title, a ``Posted … by NAME (guest, #N)``
  line and its text — the shape of seed 002;
* LWN HTML pages (``lwn/YYYY/slug.html``): ``div.PageHeadline``, ``div.ArticleText``, a
  ``FeatureByline``, and nested ``details.CommentBox`` threads (LWN's 2023 markup);
* WordPress pages (``wp/SITE/slug.html``): the generator meta, ``h1.entry-title``,
  ``div.entry-content``, ``ol.commentlist`` with nested ``li.comment`` items.

Text comes from a Zipf-distributed vocabulary (s ≈ 1.07) of about 60,000 words, with a few
hundred real English and kernel words among the frequent ones (so queries such as ``kernel``,
``scheduler`` or ``"memory management"`` mean something). Articles are 200–2,500 words; each has
0–60 comments (mean about 10), threaded, of 10–200 words. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import html
import itertools
import random
import sys
from pathlib import Path

REAL_WORDS = (
    "the of and to a in is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there one all we their can has been if more when will would "
    "who so no kernel linux memory scheduler driver system patch developers code release support "
    "file network security performance process thread device user hardware software problem work "
    "change version time data page management interface tree project community maintainer bug "
    "feature mailing list merge window stable filesystem cache latency power virtual machine "
    "container storage block cgroup namespace tracing debugging compiler build test testing "
    "upstream vendor distribution desktop server cluster cloud panic crash lock locking race "
    "condition word world work worker workload wording words worth worry"
).split()

FIRST = ("Jonathan Jake Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niaj Olivia "
         "Peggy Rupert Sybil Trent Victor Walter Yolanda Zoe Lars Linus Greg Andrew Ingo Thomas").split()
LAST = ("Corbet Edge Smith Jones Brown Taylor Wilson Davies Evans Thomas Roberts Walker Wright "
        "Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis Martin Jackson Clarke").split()
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


class Words:
    """Zipf-distributed words: ``take(n)`` is n words, frequent ones far more often."""

    def __init__(self, rng: random.Random, size: int = 60_000, s: float = 1.07) -> None:
        syllables = [c + v for c in "bcdfghjklmnprstvwxz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
        made: set[str] = set(REAL_WORDS)
        vocab: list[str] = []
        while len(vocab) < size - len(REAL_WORDS):
            w = "".join(rng.choice(syllables) for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 4))))
            if rng.random() < 0.3:
                w += rng.choice("nrstlmk")
            if w not in made:
                made.add(w)
                vocab.append(w)
        # The real words take ranks among the most frequent, spread over the first 2,000.
        for n, w in enumerate(REAL_WORDS):
            vocab.insert(min(len(vocab), n * 7), w)
        self.vocab = vocab
        self.cum = list(itertools.accumulate(1.0 / (r ** s) for r in range(1, len(vocab) + 1)))
        self.rng = rng

    def take(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def sentence(self, n: int) -> str:
        words = self.take(n)
        words[0] = words[0].capitalize()
        return " ".join(words) + self.rng.choice(".....?!")

    def paragraph(self, n: int) -> str:
        out, left = [], n
        while left > 0:
            k = min(left, self.rng.randint(6, 24))
            out.append(self.sentence(k))
            left -= k
        return " ".join(out)

    def paragraphs(self, n: int) -> list[str]:
        out, left = [], n
        while left > 0:
            k = min(left, self.rng.randint(40, 140))
            out.append(self.paragraph(k))
            left -= k
        return out


def _comment_count(rng: random.Random) -> int:
    return min(60, int(rng.expovariate(1 / 10)))


def _thread(rng: random.Random, n: int) -> list[int | None]:
    """Parent index (or None) of each of n comments: about half are replies."""
    parents: list[int | None] = []
    for i in range(n):
        parents.append(rng.randrange(i) if i and rng.random() < 0.5 else None)
    return parents


def make_article(rng: random.Random, words: Words, n: int) -> dict:
    year = rng.randint(2000, 2024)
    date = (year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))
    title = " ".join(words.take(rng.randint(3, 9))).capitalize()
    body = words.paragraphs(rng.randint(200, 2500))
    comments = []
    k = _comment_count(rng)
    for parent in _thread(rng, k):
        day = min(28, date[2] + rng.randint(0, 3))
        comments.append({
            "title": " ".join(words.take(rng.randint(2, 7))).capitalize(),
            "author": f"user{rng.randint(1, 5000)}",
            "date": (date[0], date[1], day, rng.randint(0, 23), rng.randint(0, 59)),
            "parent": parent,
            "body": words.paragraphs(rng.randint(10, 200)),
        })
    return {
        "n": n,
        "slug": "-".join(title.lower().split()[:5]) + f"-{n}",
        "title": title,
        "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "date": date,
        "body": body,
        "comments": comments,
        "tags": sorted(set(words.take(3))),
    }


def _posted(date) -> str:
    y, m, d, hh, mm = date
    return f"{MONTHS[m - 1]} {d}, {y} {hh}:{mm:02d} UTC ({DAYS[(d + m) % 7]})"


def lwn_text(a: dict) -> str:
    out = ["LWN.net Logo", "", a["title"], ""]
    out += [p + "\n" for p in a["body"]]
    out += ["", "(Log in to post comments)", ""]
    for c in a["comments"]:
        out += [c["title"], "", f"Posted {_posted(c['date'])} by {c['author']} (guest, #{a['n']}) [Link]", ""]
        out += [p + "\n" for p in c["body"]]
    out += ["Copyright © 2024, Eklektix, Inc."]
    return "\n".join(out) + "\n"


def lwn_html(a: dict) -> str:
    e = html.escape
    y, m, d = a["date"][:3]
    children: dict[int | None, list[int]] = {}
    for i, c in enumerate(a["comments"]):
        children.setdefault(c["parent"], []).append(i)

    def box(i: int) -> str:
        c = a["comments"][i]
        inner = "".join(box(j) for j in children.get(i, []))
        text = "".join(f"<p>{e(p)}</p>" for p in c["body"])
        return (
            f'<details class="CommentBox" open><summary><h3 class="CommentTitle">{e(c["title"])}</h3>'
            f'<div class="CommentPoster">Posted {_posted(c["date"])} by <b>{e(c["author"])}</b></div></summary>'
            f'<div class="FormattedComment">{text}</div>{inner}</details>'
        )

    comments = "".join(box(i) for i in children.get(None, []))
    body = "".join(f"<p>{e(p)}</p>" for p in a["body"])
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{e(a["title"])} [LWN.net]</title>'
        f'<link rel="canonical" href="https://lwn.net/Articles/{900000 + a["n"]}/"></head><body>'
        f'<div class="PageHeadline"><h1>{e(a["title"])}</h1></div>'
        f'<div class="ArticleText"><div class="FeatureByline">By <b>{e(a["author"])}</b><br>'
        f'{MONTHS[m - 1]} {d}, {y}</div>{body}'
        f'<p class="Comments">Comments ({len(a["comments"])} posted)</p>{comments}</div></body></html>\n'
    )


def wordpress_html(a: dict, site: str) -> str:
    e = html.escape
    y, m, d, hh, mm = a["date"]
    children: dict[int | None, list[int]] = {}
    for i, c in enumerate(a["comments"]):
        children.setdefault(c["parent"], []).append(i)

    def item(i: int) -> str:
        c = a["comments"][i]
        cy, cm, cd, ch, cmin = c["date"]
        kids = children.get(i, [])
        sub = f'<ol class="children">{"".join(item(j) for j in kids)}</ol>' if kids else ""
        text = "".join(f"<p>{e(p)}</p>" for p in c["body"])
        return (
            f'<li class="comment" id="comment-{a["n"] * 100 + i}"><article class="comment-body">'
            f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{e(c["author"])}</b></div>'
            f'<div class="comment-metadata"><time datetime="{cy}-{cm:02d}-{cd:02d}T{ch:02d}:{cmin:02d}:00+00:00">'
            f"{cy}-{cm:02d}-{cd:02d}</time></div></footer>"
            f'<div class="comment-content">{text}</div></article>{sub}</li>'
        )

    comments = "".join(item(i) for i in children.get(None, []))
    body = "".join(f"<p>{e(p)}</p>" for p in a["body"])
    tags = "".join(f'<a href="https://{site}/tag/{e(t)}/" rel="tag">{e(t)}</a> ' for t in a["tags"])
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="generator" content="WordPress 6.4">'
        f'<title>{e(a["title"])} | {site}</title><meta property="og:site_name" content="{site}">'
        f'<link rel="canonical" href="https://{site}/{y}/{m:02d}/{a["slug"]}/"></head><body>'
        f'<article class="post hentry"><h1 class="entry-title">{e(a["title"])}</h1>'
        f'<div class="entry-meta"><span class="author vcard"><a class="fn">{e(a["author"])}</a></span>'
        f'<time class="entry-date" datetime="{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:00+00:00">{y}-{m:02d}-{d:02d}</time></div>'
        f'<div class="entry-content">{body}</div><footer class="entry-footer"><span class="tags-links">{tags}</span></footer></article>'
        f'<div id="comments" class="comments-area"><ol class="comment-list">{comments}</ol></div></body></html>\n'
    )


def generate(out: Path, articles: int, seed: int = 1, progress: bool = False) -> dict:
    """Write ``articles`` pages under ``out/content``; return counts (articles, comments, bytes)."""
    rng = random.Random(seed)
    words = Words(random.Random(seed * 7919))
    content = out / "content"
    total_comments = total_bytes = 0
    sites = [f"blog{k}.example.org" for k in range(40)]
    for n in range(articles):
        a = make_article(rng, words, n)
        y = a["date"][0]
        form = n % 3
        if form == 0:
            path, text = content / "lwn-text" / str(y) / f"{a['slug']}.txt", lwn_text(a)
        elif form == 1:
            path, text = content / "lwn" / str(y) / f"{a['slug']}.html", lwn_html(a)
        else:
            site = sites[n % len(sites)]
            path, text = content / "wp" / site / f"{a['slug']}.html", wordpress_html(a, site)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total_comments += len(a["comments"])
        total_bytes += len(data)
        if progress and n % 1000 == 999:
            print(f"  {n + 1} articles written", file=sys.stderr)
    return {"articles": articles, "comments": total_comments, "bytes": total_bytes}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    stats = generate(args.out, args.articles, args.seed, progress=True)
    print(f"{stats['articles']} articles, {stats['comments']} comments, {stats['bytes'] / 1e6:.1f} MB "
          f"in {args.out / 'content'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
