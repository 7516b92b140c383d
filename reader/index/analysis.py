"""The text and name analysers: Whoosh's chain of a tokenizer and four filters, run as one loop.

Whoosh runs ``RegexTokenizer | LowercaseFilter | CharsetFilter | StopFilter | StemFilter`` as
five generators handing one ``Token`` along, and its stem cache (an LFU wrapper) costs more than
most stems: ~8 µs a word, 40% of a build's time (4.5 s of the 300-file sample's 20.6 s on
one core). ``WordAnalyzer`` keeps the same five parts (so it pickles, compares and reports
``has_morph`` as the chain does, and any call it does not speed up goes to the chain) and
runs them as one loop with a dict in front of the stemmer. Its tokens are the chain's: text,
positions (renumbered past stop words, as ``StopFilter`` does), characters, boosts and stops
(``tests/test_analysis.py`` compares them).

Indexes pickle their schema, this class included: it must stay importable under this name
(an index built before it keeps Whoosh's chain, and searches and updates the same).
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.acore import Token
from whoosh.analysis.analyzers import CompositeAnalyzer

STEMS_KEPT = 100_000  # distinct words whose stems are remembered; the dict starts over past this


class WordAnalyzer(CompositeAnalyzer):
    """``RegexTokenizer | LowercaseFilter | CharsetFilter | StopFilter [| StemFilter]``."""

    def __init__(self, *items) -> None:
        super().__init__(*items)
        kinds = [type(item) for item in self.items]
        if kinds[:4] != [RegexTokenizer, LowercaseFilter, CharsetFilter, StopFilter] \
                or kinds[4:] not in ([], [StemFilter]) or self.items[0].gaps:
            raise TypeError(f"not the chain WordAnalyzer runs: {kinds}")
        self._stems: dict[str, str] = {}

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "_stems"}

    def __setstate__(self, state) -> None:
        self.__dict__.update(state)
        self._stems = {}

    def clean(self) -> None:
        super().clean()
        self._stems = {}

    def __call__(self, value, no_morph=False, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if keeporiginal or not tokenize:  # rare: the chain itself
            return super().__call__(value, no_morph=no_morph, positions=positions, chars=chars,
                                    keeporiginal=keeporiginal, removestops=removestops,
                                    start_pos=start_pos, start_char=start_char, tokenize=tokenize,
                                    mode=mode, **kwargs)
        assert isinstance(value, str), f"{value!r} is not unicode"
        return self._run(value, no_morph, positions, chars, removestops, start_pos, start_char,
                         mode, kwargs)

    def _run(self, value, no_morph, positions, chars, removestops, start_pos, start_char, mode, kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end, stopped in self._words(value, no_morph, positions, removestops, start_pos):
            t.stopped = stopped
            if positions:
                t.pos = pos
            t.text = text
            t.boost = 1.0
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t

    def spans(self, value: str):
        """(text, position, start char, end char) of each word ``__call__(value, positions=True,
        chars=True)`` yields a token for, without the tokens (``segment_writer`` indexes with
        it)."""
        for text, pos, start, end, _stopped in self._words(value, False, True, True, 0):
            yield text, pos, start, end

    def _words(self, value, no_morph, positions, removestops, start_pos):
        """(text, position, start, end, stopped) of each word: the chain's five steps in one loop."""
        tokenizer, _lower, charset, stop = self.items[:4]
        stem = None if no_morph or len(self.items) < 5 else self.items[4]
        stems = self._stems
        stemfn = stem._stem if stem is not None else None
        ignore = stem.ignore if stem is not None else frozenset()
        charmap = charset.charmap
        stoplist, minsize, maxsize = stop.stops, stop.min, stop.max
        renumber = stop.renumber and positions
        pos = None
        for i, match in enumerate(tokenizer.expression.finditer(value)):
            text = match.group(0).lower().translate(charmap)
            size = len(text)
            if size >= minsize and (maxsize is None or size <= maxsize) and text not in stoplist:
                if stemfn is not None and text not in ignore:
                    stemmed = stems.get(text)
                    if stemmed is None:
                        if len(stems) >= STEMS_KEPT:
                            stems.clear()
                        stemmed = stems[text] = stemfn(text)
                    text = stemmed
                if renumber:
                    pos = start_pos + i if pos is None else pos + 1
                    yield text, pos, match.start(), match.end(), False
                else:
                    yield text, start_pos + i, match.start(), match.end(), False
            elif not removestops:  # a stop word kept, marked (a query's phrase counts its place)
                yield text, start_pos + i, match.start(), match.end(), True
