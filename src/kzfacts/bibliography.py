"""Citations of the sources: CSL-JSON, APA, Chicago (author-date), MLA, BibTeX, RIS and the house's plain text.

Every format is written from one CSL item per source, so they agree on what is known and leave out what
is not: an author-less page has no author (the styles' own rules put the title or site first), a source
without a publisher has none, and a date the document does not print (its `published_note` says so) is
marked as inferred: CSL's `circa`, `ca. 2022` in APA, `[2022?]` in Chicago and MLA, a note elsewhere.
The three styles follow what CSL processors make of these items with the official APA 7, Chicago
author-date 17 and MLA 9 styles (plain text, so without italics).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kzfacts.records import Citation, Source

_PERIODICAL = re.compile(r"^(?P<name>.+?),\s+Volume\s+(?P<volume>\w+),\s+Issue\s+(?P<issue>\w+)$")
_INFERRED = re.compile(r"\bno date\b|\b(?:date|year)\b[^.;]*\binferred\b", re.IGNORECASE)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def date_inferred(source: Source) -> bool:
    """Return whether the source's date is inferred rather than printed, as its `published_note` says."""
    return bool(source.published_note and _INFERRED.search(source.published_note))


@dataclass(frozen=True, slots=True)
class Pinpoint:
    """Where a fact's claim is in a source: the fact, and its citation (quote, `seeds/<file>:<line>`)."""

    fact: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class _Work:
    """A source described as CSL describes it."""

    source: Source
    type: str
    given: str | None
    family: str | None
    container: str | None
    volume: str | None
    issue: str | None
    date: tuple[int, ...]
    circa: bool

    @classmethod
    def of(cls, source: Source) -> _Work:
        given, _, family = (source.author or "").rpartition(" ")
        periodical = _PERIODICAL.match(source.publisher or "")
        parts = periodical.groupdict() if periodical else {"name": source.publisher, "volume": None, "issue": None}
        return cls(
            source,
            "article-journal" if periodical else "webpage",
            given or None,
            family or None,
            parts["name"],
            parts["volume"],
            parts["issue"],
            tuple(int(part) for part in source.published.split("-")),
            date_inferred(source),
        )

    @property
    def title(self) -> str:
        return self.source.title

    def csl(self, key: str, note: str | None) -> dict[str, Any]:
        """Return the CSL-JSON item."""
        item: dict[str, Any] = {"id": key, "type": self.type, "title": self.title}
        if self.family:
            item["author"] = [{"family": self.family, **({"given": self.given} if self.given else {})}]
        fields = {"container-title": self.container, "volume": self.volume, "issue": self.issue, "note": note}
        item.update({name: value for name, value in fields.items() if value})
        item["issued"] = {"date-parts": [list(self.date)], **({"circa": True} if self.circa else {})}
        return item


def _sentence(text: str) -> str:
    """Return text ending in a full stop (unless it ends in one, or in ? or !)."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _quoted(title: str) -> str:
    """Return a title in quotation marks with the full stop inside, American style."""
    return f"“{_sentence(title)}”"


def _year(work: _Work, template: str) -> str:
    return template.format(work.date[0]) if work.circa else str(work.date[0])


def apa(work: _Work) -> str:
    """Return the APA 7 reference."""
    date = _year(work, "ca. {}")
    if work.type == "webpage" and len(work.date) > 1:
        date += f", {MONTHS[work.date[1] - 1]}" + (f" {work.date[2]}" if len(work.date) > 2 else "")  # noqa: PLR2004
    initials = " ".join(f"{name[0]}." for name in (work.given or "").split())
    author = f"{work.family}, {initials}" if initials else work.family
    head = [_sentence(author), f"({date}).", _sentence(work.title)] if author else [_sentence(work.title), f"({date})."]
    if work.type == "article-journal":
        return " ".join([*head, f"{work.container}, {work.volume}({work.issue})."])
    return " ".join(head + ([_sentence(work.container)] if work.container else []))


def chicago(work: _Work) -> str:
    """Return the Chicago (author-date, 17th edition) reference-list entry."""
    year = _year(work, "[{}?]")
    author = f"{work.family}, {work.given}" if work.given else work.family
    if work.type == "article-journal":
        first = [_sentence(author), f"{year}.", _quoted(work.title)] if author else [_quoted(work.title), f"{year}."]
        return " ".join([*first, f"{work.container} {work.volume} ({work.issue})."])
    day = " ".join([MONTHS[work.date[1] - 1], *(str(d) for d in work.date[2:])]) if len(work.date) > 1 else ""
    if author or work.container:  # a web page without an author is listed under its site
        container = work.container if author else None
        tail = ", ".join(part for part in (container, day) if part)
        return " ".join(
            [_sentence(author or work.container or ""), f"{year}.", _quoted(work.title)]
            + ([f"{tail}."] if tail else [])
        )
    return " ".join([_quoted(work.title), f"{year}."] + ([f"{day}."] if day else []))


def mla(work: _Work) -> str:
    """Return the MLA 9 works-cited entry."""
    month = MLA_MONTHS[work.date[1] - 1] if len(work.date) > 1 else None
    if work.circa:
        date = f"[{work.date[0]}?]"
    elif work.type == "webpage" and len(work.date) > 2:  # noqa: PLR2004
        date = f"{work.date[2]} {month} {work.date[0]}"
    else:
        date = " ".join(part for part in (month, str(work.date[0])) if part)
    author = [_sentence(f"{work.family}, {work.given}" if work.given else work.family)] if work.family else []
    if work.type == "article-journal":
        return " ".join(
            [*author, _quoted(work.title), f"{work.container}, vol. {work.volume}, no. {work.issue}, {date}."]
        )
    if work.container:
        return " ".join([*author, _quoted(work.title), f"{work.container}, {date}."])
    return " ".join([*author, _sentence(work.title), f"{date}."])


def plain(work: _Work) -> str:
    """Return the house reference: author, “title”, publisher, date (inferred dates said so)."""
    source = work.source
    return source.label() + (" (date inferred)" if work.circa else "")


_STYLED = {"text": plain, "apa": apa, "chicago": chicago, "mla": mla}


def _note(work: _Work, pinpoint: Pinpoint | None) -> str | None:
    """Return the note an entry carries: the quote and where it is, and why the date is inferred."""
    parts = [f"“{pinpoint.citation.quote}” ({pinpoint.citation.location})"] if pinpoint else []
    if work.circa and work.source.published_note:
        parts.append(f"Date inferred: {work.source.published_note}")
    return ". ".join(parts) or None


def _bibtex_value(text: str) -> str:
    return "{" + _BIBTEX_SPECIAL.sub(r"\\\1", text) + "}"


def bibtex(work: _Work, key: str, note: str | None) -> str:
    """Return the BibTeX entry (@article for a periodical, else @misc), biblatex's `date` beside `year`."""
    fields = {
        "author": f"{work.family}, {work.given}" if work.given else work.family,
        "title": work.title,
        "journal" if work.type == "article-journal" else "howpublished": work.container,
        "volume": work.volume,
        "number": work.issue,
        "year": str(work.date[0]),
        "date": None if work.circa else work.source.published,
        "note": note,
    }
    body = "".join(
        f"  {name} = {{{_bibtex_value(value)}}},\n" if name == "title" else f"  {name} = {_bibtex_value(value)},\n"
        for name, value in fields.items()
        if value
    )
    return f"@{'article' if work.type == 'article-journal' else 'misc'}{{{key},\n{body}}}\n"


def ris(work: _Work, key: str, note: str | None) -> str:
    """Return the RIS record (JOUR for a periodical, ELEC for a web page)."""
    date = "/".join(f"{part:02d}" for part in work.date) + "/" * (4 - len(work.date))
    tags = [
        ("TY", "JOUR" if work.type == "article-journal" else "ELEC"),
        ("ID", key),
        ("AU", f"{work.family}, {work.given}" if work.given else work.family),
        ("TI", work.title),
        ("T2", work.container),
        ("VL", work.volume),
        ("IS", work.issue),
        ("PY", str(work.date[0])),
        ("DA", None if work.circa else date),
        ("N1", note),
    ]
    return "".join(f"{tag}  - {value}\n" for tag, value in tags if value) + "ER  - \n"


def _entries(
    sources: dict[str, Source], pinpoints: Sequence[Pinpoint] | None
) -> list[tuple[str, _Work, Pinpoint | None]]:
    """Return (key, work, pinpoint) for each entry: every source, or each citation of each fact."""
    if pinpoints is None:
        return [(source.id, _Work.of(source), None) for source in sources.values()]
    entries: list[tuple[str, _Work, Pinpoint | None]] = []
    keys = Counter[str]()
    for pinpoint in pinpoints:
        key = f"{pinpoint.citation.source}:{pinpoint.fact}"
        keys[key] += 1
        entries.append(
            (key if keys[key] == 1 else f"{key}-{keys[key]}", _Work.of(sources[pinpoint.citation.source]), pinpoint)
        )
    return entries


def _sort_key(entry: str) -> str:
    return entry.lstrip("“\"'[").casefold()


def _people(entries: Iterable[tuple[str, _Work, Pinpoint | None]], style: str, *, bibliography: bool) -> str:
    """Return the entries for people: a sorted reference list, or each fact's references with their quotes."""
    format_reference = _STYLED[style]
    if bibliography:
        references = [format_reference(work) for _, work, _ in entries]
        return "".join(f"{line}\n" for line in (references if style == "text" else sorted(references, key=_sort_key)))
    blocks: dict[str, list[str]] = {}
    for _, work, pinpoint in entries:
        assert pinpoint is not None  # noqa: S101 - entries of facts have their pinpoints
        quote = f"    “{pinpoint.citation.quote}” ({pinpoint.citation.location})"
        blocks.setdefault(pinpoint.fact, []).extend([f"    {format_reference(work)}", quote])
    return "\n".join(f"{fact}\n" + "".join(f"{line}\n" for line in lines) for fact, lines in blocks.items())


def write(sources: dict[str, Source], pinpoints: Sequence[Pinpoint] | None, style: str) -> str:
    """Return the citations in a style: of each pinpoint (a fact's citation), or of every source when None."""
    entries = _entries(sources, pinpoints)
    if style in _STYLED:
        return _people(entries, style, bibliography=pinpoints is None)
    if style == "csl-json":
        items = [work.csl(key, _note(work, pinpoint)) for key, work, pinpoint in entries]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    writer = bibtex if style == "bibtex" else ris
    return "\n".join(writer(work, key, _note(work, pinpoint)) for key, work, pinpoint in entries)
