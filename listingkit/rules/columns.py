"""A chunk of listings (:class:`~listingkit.rules.chunk.Chunk`) seen column by column: each
text field of the chunk joined into one string, so that screens and rules can ask "which rows
may matter?" in a few passes in C (``str.find``, ``bytes.translate``, ``split``, set
operations) instead of a Python call per row.

A :class:`Column` holds the texts of one field, one per row, joined and framed by line breaks
(``"\\n" + "\\n".join(texts) + "\\n"``), and maps a position in that string back to its row. A
text may hold line breaks of its own: rows are found by offsets, never by counting breaks.
Everything a column answers is a superset test's input: a rule still looks at each row it picks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate, compress, count
from operator import not_, sub
from typing import Any

from listingkit.rules.matching import ASCII_RUNS, WIDE_WORD, tokens

#: :data:`~listingkit.rules.matching.ASCII_RUNS` keeping line breaks (where rows part)
LINE_RUNS = ASCII_RUNS[:10] + b"\n" + ASCII_RUNS[11:]
#: the printable ASCII bytes and the line break
_PRINTABLE_NL = bytes(range(32, 127)) + b"\n"
#: whitespace (str.isspace) other than the space and the line break, and the invisible
#: characters, as one class (the regex then skips to them at memchr speed; a test checks it
#: against str.isspace for every code point)
_ODD_SPACE = re.compile("[\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200c\u2028\u2029\u202f"
                        "\u205f\u2060\u3000\ufeff\xad]")
_PLUS_ONE = (1).__add__


class Column:
    """The texts of one field of a chunk, joined and framed by line breaks."""

    __slots__ = ("_ascii", "_lower", "_narrow", "_odd_space", "_one_line", "_outside",
                 "_printable", "_row_runs", "_run_set", "_runs", "_spaces", "_split", "_starts",
                 "joined", "texts")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.joined = "\n" + "\n".join(texts) + "\n"
        self._ascii: bool | None = None
        self._one_line: bool | None = None
        self._printable: bool | None = None
        self._starts: list[int] | None = None
        self._runs: str | None = None
        self._lower: str | None = None
        self._split: tuple[Column, list[int], list[int]] | None = None
        self._run_set: set[str] | None = None
        self._row_runs: tuple[list[int], list[set[str]]] | None = None
        self._spaces: set[int] | None = None
        self._odd_space: set[int] | None = None
        self._outside: Column | None = None
        self._narrow: tuple[Column, list[int], list[int]] | None = None

    @property
    def ascii(self) -> bool:
        """Whether every text is ASCII (the fast paths below need it)."""
        if self._ascii is None:
            self._ascii = self.joined.isascii()
        return self._ascii

    @property
    def printable(self) -> bool:
        """Whether every text is printable ASCII without line breaks: its only whitespace is
        then the plain space."""
        return self.plain_lines and self.one_line

    @property
    def plain_lines(self) -> bool:
        """Whether every text is printable ASCII but for line breaks: the only whitespace of
        each of its lines is then the plain space."""
        if self._printable is None:
            self._printable = self.ascii and len(
                self.joined.encode("ascii").translate(None, _PRINTABLE_NL)) == 0
        return self._printable

    @property
    def one_line(self) -> bool:
        """Whether no text holds a line break of its own (the line breaks of :attr:`joined`
        then part the rows, and nothing else); worked out once."""
        if self._one_line is None:
            self._one_line = self.joined.count("\n") == len(self.texts) + 1
        return self._one_line

    @property
    def runs(self) -> str:
        """ASCII columns: :attr:`joined` with letters and digits in lower case and every other
        character but the line break a space (the texts' letter/digit runs, at the same
        offsets: see :func:`~listingkit.rules.matching.token_list`)."""
        if self._runs is None:
            self._runs = self.joined.encode("ascii").translate(LINE_RUNS).decode("ascii")
        return self._runs

    @property
    def lower(self) -> str:
        """:attr:`joined` in lower case (ASCII columns: the same offsets)."""
        if self._lower is None:
            self._lower = self.joined.lower()
        return self._lower

    def row_of(self, position: int) -> int:
        """The row whose text holds ``position`` of :attr:`joined` (or of a string of the same
        offsets: :attr:`runs`, :attr:`lower`, a ``translate`` of an ASCII column)."""
        if self._starts is None:  # each text's first offset: after the frame's line break
            self._starts = list(accumulate(map(_PLUS_ONE, map(len, self.texts)), initial=1))
        return bisect_right(self._starts, position) - 1

    def span(self, row: int) -> tuple[int, int]:
        """Where the text of ``row`` starts and ends in :attr:`joined`."""
        self.row_of(0)  # (the offsets, worked out once)
        start = self._starts[row]  # type: ignore[index]
        return start, start + len(self.texts[row])

    def lines(self, within: str | None = None) -> list[str]:
        """The text of each row: cut from :attr:`joined`, or from ``within``, a string of the
        same offsets (one ``split`` when no text holds a line break of its own)."""
        text = self.joined if within is None else within
        if self.one_line:
            return text[1:-1].split("\n")
        return [text[slice(*self.span(row))] for row in range(len(self.texts))]

    def rows_with(self, *needles: str, within: str | None = None) -> set[int]:
        """The rows where any needle occurs in their text (or in ``within``, a string of the
        same offsets). A needle may start or end with the frame's line break: "\\n " finds
        texts that start with a space, " \\n" texts that end with one."""
        text = self.joined if within is None else within
        rows: set[int] = set()
        for needle in needles:
            shift = 1 if needle[:1] == "\n" else 0
            position = text.find(needle)
            while position != -1:
                row = self.row_of(position + shift)
                rows.add(row)
                position = text.find(needle, self.after(row))  # (one hit a row is enough)
        return rows

    def rows_matching(self, pattern: re.Pattern[str], within: str | None = None) -> set[int]:
        """The rows where ``pattern`` matches in their text (or in ``within``, a string of the
        same offsets): one regex pass, from each hit on to the next row (one hit a row is
        enough). A match must not start at a line break of the frame."""
        text = self.joined if within is None else within
        rows: set[int] = set()
        match = pattern.search(text)
        while match is not None:
            row = self.row_of(match.start())
            rows.add(row)
            match = pattern.search(text, self.after(row))
        return rows

    def after(self, row: int) -> int:
        """Where the text after ``row`` begins, less one (the line break before it): where a
        search for the next row's hits starts."""
        return self._starts[row + 1] - 1  # type: ignore[index]

    def rows_with_spaces(self) -> set[int]:
        """The rows whose text starts or ends with a space or holds two in a row: one search
        when there are none (the usual case), three when there are (or a text is empty).
        Worked out once (several rules ask); treat it as read-only."""
        if self._spaces is None:
            self._spaces = self.rows_with("  ", "\n ", " \n") \
                if "  " in self.joined.replace("\n", " ") else set()
        return self._spaces

    def rows_with_odd_space(self) -> set[int]:
        """The rows whose text holds whitespace other than the space and the line break, or
        an invisible character (none in a :attr:`plain_lines` column; elsewhere one regex
        pass, in a column not all ASCII over its other texts alone when its ASCII texts are
        plain). Worked out once; treat it as read-only."""
        if self._odd_space is None:
            if self.plain_lines:
                self._odd_space = set()
            elif self.ascii:
                self._odd_space = self.rows_matching(_ODD_SPACE)
            else:
                part, index, others = self.split()
                self._odd_space = {index[row] for row in part.rows_with_odd_space()} | {
                    others[row] for row in self.outside().rows_matching(_ODD_SPACE)}
        return self._odd_space

    def rows_with_stray_space(self) -> set[int]:
        """The rows where a line of the text starts or ends with whitespace, holds two in a
        row, or holds other whitespace than the space or something invisible:
        :meth:`rows_with_spaces` and :meth:`rows_with_odd_space` (a new set)."""
        return self.rows_with_spaces() | self.rows_with_odd_space()

    @property
    def run_set(self) -> set[str]:
        """Every lower-case letter/digit run of the column's texts (worked out once: the
        screens and rules of a chunk ask about the same columns)."""
        if self._run_set is None:
            if self._row_runs is not None:  # (the rows' sets: their strings hashed already)
                self._run_set = set().union(*self._row_runs[1])
            elif self.ascii:
                self._run_set = set(self.runs.split())
            else:
                shaped, _, wide = self.narrowed()
                texts = self.outside().texts
                self._run_set = self.split()[0].run_set.union(
                    shaped.run_set, *(tokens(texts[k]) for k in wide))
        return self._run_set

    @property
    def words_known(self) -> bool:
        """Whether :attr:`run_set` is worked out already (a screen asked for it), or, in a
        column not all ASCII, those of its ASCII texts and of :meth:`narrowed` (a screen went
        over them, and looked at each text with letters outside ASCII on its own: their runs
        are in :func:`tokens`' cache)."""
        return self._run_set is not None or (
            self._split is not None and self._split[0].words_known and (
                not self._split[2] or self._narrow is not None and (
                    not self._narrow[0].texts or self._narrow[0].words_known)))

    def repeated_rows(self, limit: int) -> set[int]:
        """ASCII columns: the rows where at least ``limit`` of the letter/digit runs repeat an
        earlier one of the same text (a split and a set a row, in ``map``: no Python call
        per row). Each row's set of runs is kept: :attr:`run_set` is their union."""
        if self._row_runs is None:
            lists = list(map(str.split, self.lines(self.runs)))
            self._row_runs = (list(map(len, lists)), list(map(set, lists)))
        counts, sets = self._row_runs
        return set(compress(count(), map(limit.__le__, map(sub, counts, map(len, sets)))))

    def present(self, words: frozenset[str] | set[str]) -> set[str]:
        """Those of ``words`` that are a run of some text of the column."""
        if self.ascii or self._run_set is not None:
            return self.run_set.intersection(words)
        shaped, _, wide = self.narrowed()  # (not worth a set of every run)
        texts = self.outside().texts
        return self.split()[0].present(words).union(
            shaped.present(words), *(tokens(texts[k]) & words for k in wide))

    def rows_with_words(self, words: frozenset[str] | set[str]) -> set[int]:
        """The rows where any of ``words`` (lower-case letter/digit runs) is a run of the text:
        ``not words.isdisjoint(tokens(text))``, over the whole column at once."""
        if not self.ascii:
            part, index, others = self.split()
            shaped, narrow, wide = self.narrowed()
            texts = self.outside().texts
            return {index[row] for row in part.rows_with_words(words)} | {
                others[narrow[j]] for j in shaped.rows_with_words(words)} | {
                others[k] for k in wide if not words.isdisjoint(tokens(texts[k]))}
        runs = self.runs
        rows: set[int] = set()
        for word in self.run_set.intersection(words):
            size = len(word)
            position = runs.find(word)
            while position != -1:
                if runs[position - 1] in " \n" and runs[position + size] in " \n":
                    row = self.row_of(position)
                    rows.add(row)
                    position = runs.find(word, self.after(row))  # (one hit a row is enough)
                else:
                    position = runs.find(word, position + 1)
        return rows

    def distinct(self) -> Column:
        """A column of the distinct texts (for questions about the texts, not the rows:
        :attr:`run_set`, :meth:`present`; catalogues repeat brands and bullets). The column
        itself when its run set is known already (search terms a screen has looked at)."""
        if self.words_known:
            return self
        texts = list(dict.fromkeys(self.texts))
        return self if len(texts) == len(self.texts) else Column(texts)

    def split(self) -> tuple[Column, list[int], list[int]]:
        """The column of the ASCII texts (the fast paths need ASCII; one text in another
        script must not send a whole chunk down the slow path), the row of each of its rows,
        and the other rows."""
        if self._split is None:
            texts = self.texts
            ascii_ = list(map(str.isascii, texts))  # (in C: no Python call per row)
            index = list(compress(count(), ascii_))
            others = list(compress(count(), map(not_, ascii_)))
            self._split = (Column(list(compress(texts, ascii_))), index, others)
        return self._split

    def outside(self) -> Column:
        """The column of the texts outside ASCII (the other rows of :meth:`split`, in order)."""
        if self._outside is None:
            texts = self.texts
            self._outside = Column([texts[i] for i in self.split()[2]])
        return self._outside

    def narrowed(self) -> tuple[Column, list[int], list[int]]:
        """The texts of :meth:`outside` whose only characters outside ASCII are not letters
        or digits (dashes, quotes, degrees, emoji: most of them in real catalogues), as an
        ASCII column with "?" for each such character: the same letter/digit runs at the same
        offsets (:func:`~listingkit.rules.matching.token_list` reads them so), so questions
        about words have their answers over it in a few passes. With the row in
        :meth:`outside` of each, and the rows of :meth:`outside` with letters or digits
        outside ASCII (one regex pass finds them). Worked out once."""
        if self._narrow is None:
            rest = self.outside()
            wide = sorted(rest.rows_matching(WIDE_WORD))
            narrow = list(compress(count(), map(not_, map(set(wide).__contains__,
                                                          range(len(rest.texts))))))
            texts = rest.texts
            self._narrow = (Column([texts[k].encode("ascii", "replace").decode("ascii")
                                    for k in narrow]), narrow, wide)
        return self._narrow

    def rows_where(self, test: Callable[[str], Any], among: Iterable[int]) -> set[int]:
        """The rows of ``among`` whose text passes ``test``, one call each."""
        texts = self.texts
        return {i for i in among if test(texts[i])}

    def odd_rows(self) -> set[int]:
        """The rows whose text is not printable ASCII (none in a :attr:`printable` column):
        where whitespace other than the space, or invisible characters, may be."""
        if self.printable:
            return set()
        if not self.ascii:
            part, index, others = self.split()  # (the few texts in other scripts, and
            return {index[row] for row in part.odd_rows()} | set(others)  # the ASCII rest)
        return {i for i, text in enumerate(self.texts) if not text.isprintable()}

    def empty_rows(self) -> set[int]:
        """The rows whose text is empty."""
        return set(compress(range(len(self.texts)), map(not_, self.texts)))
