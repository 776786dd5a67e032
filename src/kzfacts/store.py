"""Locating a fact base, reading its YAML safely and validating every record."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kzfacts import dates
from kzfacts.errors import DataError
from kzfacts.model import KINDS, Citation, Fact, Problem, Source
from kzfacts.paths import check_data_dir, data_dir, display_path, fact_files
from kzfacts.seeds import Seed, read_seed

MAX_FILE_BYTES = 64 * 1024 * 1024
MIN_ALIASES = 2
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_FACT_FIELDS = {
    "id", "claim", "kind", "date", "date_note", "topics", "entities", "citations", "conflicts_with",
    "questions", "editor_note",
}  # fmt: skip
_SOURCE_FIELDS = {
    "id", "file", "title", "author", "publisher", "published", "published_note", "boilerplate",
}  # fmt: skip
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class _Node:
    """A YAML value with the line it starts on; mappings and sequences hold _Nodes."""

    value: Any
    line: int


class _Reader:
    """Reads one YAML file into _Nodes, recording problems with their lines."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.shown = display_path(path)
        self.problems = problems
        self._seen: set[int] = set()
        self._alias_reported = False
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def _alias_line(self) -> int:
        """Return the line of the first YAML alias (`*name`) in the file."""
        tokens = yaml.scan(self.path.read_text(encoding="utf-8"), Loader=_Loader)
        return next((t.start_mark.line + 1 for t in tokens if isinstance(t, yaml.AliasToken)), 0)

    def read(self) -> _Node | None:  # noqa: PLR0911 - one return per way a file can fail
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            self.problem(0, f"cannot read: {error.strerror}")
            return None
        if len(raw) > MAX_FILE_BYTES:
            self.problem(0, f"file is too large ({len(raw) // 2**20} MiB; the limit is 64 MiB)")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            self.problem(line, f"not UTF-8 text (byte 0x{raw[error.start]:02x})")
            return None
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            self.problem(mark.line + 1 if mark else 0, f"invalid YAML: {error.problem or error}")
            return None
        except yaml.YAMLError as error:
            self.problem(0, f"invalid YAML: {error}")
            return None
        if root is None:
            self.problem(1, "the file is empty")
            return None
        return self._convert(root)

    def _mapping(self, node: yaml.MappingNode) -> dict[str, _Node]:
        mapping: dict[str, _Node] = {}
        for key_node, value_node in node.value:
            key = self._convert(key_node)
            value = self._convert(value_node)
            if key is None or value is None:
                continue
            if not isinstance(key.value, str):
                self.problem(key.line, f"keys must be text, not {key.value!r}")
            elif key.value in mapping:
                self.problem(key.line, f"'{key.value}' is given twice")
            else:
                mapping[key.value] = value
        return mapping

    def _convert(self, node: yaml.Node) -> _Node | None:
        line = node.start_mark.line + 1
        if id(node) in self._seen:
            if not self._alias_reported:
                self.problem(self._alias_line(), "YAML aliases (*name) are not supported")
                self._alias_reported = True
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
            return _Node(self._mapping(node), line)
        if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            items = [self._convert(item) for item in node.value]
            return _Node([item for item in items if item is not None], line)
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            try:
                return _Node(self._constructor.construct_object(node), line)
            except (yaml.YAMLError, ValueError) as error:
                self.problem(line, f"invalid value {node.value!r}: {error}")
                return None
        self.problem(line, f"unsupported YAML tag {node.tag}")
        return None


@dataclass(frozen=True, slots=True)
class FactBase:
    """A validated fact base: sources by id, topics, alias groups and facts in file order."""

    sources: dict[str, Source]
    topics: dict[str, str]
    aliases: tuple[tuple[str, ...], ...]
    facts: tuple[Fact, ...]
    seeds: dict[str, Seed] = field(repr=False)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _texts(node: _Node | None) -> list[str] | None:
    if node is None or not isinstance(node.value, list):
        return None
    values = [_text(item.value) for item in node.value]
    return None if None in values else [v for v in values if v]


def _date_text(value: object) -> str:
    """Return a date value as text: YAML reads 2004 as a number and 2004-06-17 as a date."""
    if isinstance(value, bool) or not isinstance(value, (str, int, date)):
        raise TypeError(f"a date must be text like 2019-09-10, not {value!r}")
    return value.isoformat() if isinstance(value, date) else str(value)


class _Validator:
    """Builds records from _Nodes, one problem per broken rule."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader

    def fields(self, node: _Node, allowed: set[str], required: tuple[str, ...], what: str) -> dict[str, _Node] | None:
        if not isinstance(node.value, dict):
            self.reader.problem(node.line, f"each {what} must be a mapping of fields, not {type(node.value).__name__}")
            return None
        fields: dict[str, _Node] = node.value
        for key in fields.keys() - allowed:
            self.reader.problem(fields[key].line, f"unknown field '{key}' (expected {', '.join(sorted(allowed))})")
        ok = True
        for key in required:
            if key not in fields or fields[key].value is None:
                self.reader.problem(node.line, f"{what} is missing '{key}'")
                ok = False
        return fields if ok else None

    def text(self, fields: dict[str, _Node], key: str, *, optional: bool = False) -> str | None:
        node = fields.get(key)
        if node is None or (optional and node.value is None):
            return None
        value = _text(node.value)
        if value is None:
            self.reader.problem(node.line, f"'{key}' must be non-empty text")
        return value

    def texts(self, fields: dict[str, _Node], key: str) -> list[str] | None:
        node = fields.get(key)
        if node is None:
            return []
        values = _texts(node)
        if values is None:
            self.reader.problem(node.line, f"'{key}' must be a list of non-empty texts")
        return values

    def date(self, fields: dict[str, _Node], key: str) -> dates.FactDate | None:
        node = fields.get(key)
        if node is None or node.value is None:
            return None
        try:
            return dates.parse(_date_text(node.value))
        except (TypeError, ValueError) as error:
            self.reader.problem(node.line, str(error))
            return None


def _read_mapping_file(path: Path, problems: list[Problem]) -> tuple[_Reader, _Node] | None:
    reader = _Reader(path, problems)
    node = reader.read()
    return (reader, node) if node is not None else None


def _load_sources(root: Path, problems: list[Problem]) -> tuple[dict[str, Source], dict[str, Seed]]:
    sources: dict[str, Source] = {}
    seeds: dict[str, Seed] = {}
    read = _read_mapping_file(root / "facts" / "sources.yaml", problems)
    if read is None:
        return sources, seeds
    reader, node = read
    if not isinstance(node.value, list):
        reader.problem(node.line, "expected a list of sources")
        return sources, seeds
    check = _Validator(reader)
    for item in node.value:
        fields = check.fields(item, _SOURCE_FIELDS, ("id", "file", "title", "published"), "source")
        if fields is None:
            continue
        source_id, file, title = check.text(fields, "id"), check.text(fields, "file"), check.text(fields, "title")
        published = check.date(fields, "published")
        boilerplate = check.texts(fields, "boilerplate")
        if not (source_id and file and title and published and boilerplate is not None):
            continue
        for pattern in boilerplate:
            try:
                re.compile(pattern)
            except re.error as error:
                reader.problem(fields["boilerplate"].line, f"invalid pattern {pattern!r}: {error}")
        if source_id in sources:
            reader.problem(item.line, f"duplicate source id '{source_id}'")
            continue
        try:
            seeds[source_id] = read_seed(root, file)
        except (OSError, UnicodeDecodeError) as error:
            reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "file not found"
            reader.problem(fields["file"].line, f"seed {display_path(root / 'seeds' / file)}: {reason}")
            continue
        sources[source_id] = Source(
            id=source_id,
            file=file,
            title=title,
            author=check.text(fields, "author", optional=True),
            publisher=check.text(fields, "publisher", optional=True),
            published=published.text,
            published_note=check.text(fields, "published_note", optional=True),
            boilerplate=tuple(boilerplate),
        )
    return sources, seeds


def _load_topics(root: Path, problems: list[Problem]) -> dict[str, str]:
    read = _read_mapping_file(root / "facts" / "topics.yaml", problems)
    if read is None:
        return {}
    reader, node = read
    if not isinstance(node.value, dict):
        reader.problem(node.line, "expected a mapping of topic id to description")
        return {}
    topics: dict[str, str] = {}
    for key, value in node.value.items():
        if not _SLUG.fullmatch(key) or _text(value.value) is None:
            reader.problem(value.line, f"topic '{key}' needs a lower-case-slug id and a description")
        else:
            topics[key] = value.value
    return topics


def _load_aliases(root: Path, problems: list[Problem]) -> tuple[tuple[str, ...], ...]:
    path = root / "facts" / "aliases.yaml"
    if not path.exists():
        return ()
    read = _read_mapping_file(path, problems)
    if read is None:
        return ()
    reader, node = read
    groups: list[tuple[str, ...]] = []
    for item in node.value if isinstance(node.value, list) else [node]:
        names = _texts(item)
        if names is None or len(names) < MIN_ALIASES:
            reader.problem(item.line, "each alias group must be a list of at least two names")
        else:
            groups.append(tuple(names))
    return tuple(groups)


class _FactReader:
    """Validates the facts of one file against the sources and topics."""

    def __init__(self, sources: dict[str, Source], seeds: dict[str, Seed], topics: dict[str, str]) -> None:
        self.sources, self.seeds, self.topics = sources, seeds, topics
        self.ids: set[str] = set()  # every id written, valid fact or not, so problems do not cascade

    def read(self, path: Path, problems: list[Problem]) -> Iterator[Fact]:
        read = _read_mapping_file(path, problems)
        if read is None:
            return
        reader, node = read
        if not isinstance(node.value, list):
            reader.problem(node.line, "expected a list of facts (each item starting with '- id: ...')")
            return
        check = _Validator(reader)
        for item in node.value:
            fact = self._fact(check, item)
            if fact is not None:
                yield fact

    def _fact(self, check: _Validator, item: _Node) -> Fact | None:
        reader = check.reader
        written_id = item.value.get("id") if isinstance(item.value, dict) else None
        if written_id is not None and isinstance(written_id.value, str):
            self.ids.add(written_id.value.strip())
        fields = check.fields(item, _FACT_FIELDS, ("id", "claim", "kind", "topics", "citations"), "fact")
        if fields is None:
            return None
        problems_before = len(reader.problems)
        fact_id, claim, kind = check.text(fields, "id"), check.text(fields, "claim"), check.text(fields, "kind")
        if fact_id and not _SLUG.fullmatch(fact_id):
            reader.problem(fields["id"].line, f"id '{fact_id}' must be a lower-case slug like 'border-length-1600-km'")
        if kind and kind not in KINDS:
            reader.problem(fields["kind"].line, f"unknown kind '{kind}' (expected {', '.join(KINDS)})")
        when = check.date(fields, "date")
        if kind == "event" and "date" not in fields:
            reader.problem(item.line, "an event needs a date")
        topics = check.texts(fields, "topics") or []
        for topic in topics:
            if topic not in self.topics:
                reader.problem(fields["topics"].line, f"unknown topic '{topic}' (see facts/topics.yaml)")
        if "topics" in fields and not topics:
            reader.problem(fields["topics"].line, "a fact needs at least one topic")
        entities = check.texts(fields, "entities") or []
        conflicts = check.texts(fields, "conflicts_with") or []
        questions = check.texts(fields, "questions") or []
        for question in questions:
            if not question.endswith("?"):
                reader.problem(fields["questions"].line, f"question {question[:60]!r} must end with '?'")
        if len(set(questions)) < len(questions):
            reader.problem(fields["questions"].line, "'questions' lists the same question twice")
        citations = self._citations(check, fields["citations"])
        if len(reader.problems) > problems_before or not (fact_id and claim and kind and citations):
            return None
        return Fact(
            id=fact_id,
            claim=claim,
            kind=kind,
            date=when,
            date_note=check.text(fields, "date_note", optional=True),
            topics=tuple(topics),
            entities=tuple(entities),
            citations=tuple(citations),
            conflicts_with=tuple(conflicts),
            questions=tuple(questions),
            editor_note=check.text(fields, "editor_note", optional=True),
            path=reader.shown,
            line=item.line,
        )

    def _citations(self, check: _Validator, node: _Node) -> list[Citation]:
        reader = check.reader
        if not isinstance(node.value, list) or not node.value:
            reader.problem(node.line, "'citations' must be a non-empty list of {source, quote}")
            return []
        citations = []
        for item in node.value:
            fields = check.fields(item, {"source", "quote"}, ("source", "quote"), "citation")
            if fields is None:
                continue
            source, quote = check.text(fields, "source"), check.text(fields, "quote")
            if source is None or quote is None:
                continue
            if source not in self.sources:
                known = ", ".join(sorted(self.sources))
                reader.problem(fields["source"].line, f"unknown source '{source}' (known: {known})")
                continue
            seed = self.seeds[source]
            found = seed.find(quote)
            if found is None:
                reader.problem(
                    fields["quote"].line, f"quote not found in seeds/{self.sources[source].file}: {quote[:60]!r}"
                )
                continue
            citations.append(Citation(source, quote, seed.line_of(found[0])))
        return citations


def _cross_check(facts: list[Fact], ids: set[str], problems: list[Problem]) -> list[Fact]:
    """Report duplicate ids and conflicts that point nowhere or one way only; return the facts that pass."""
    first: dict[str, Fact] = {}
    for fact in facts:
        if fact.id in first:
            other = first[fact.id]
            problems.append(
                Problem(fact.path, fact.line, f"duplicate id '{fact.id}' (first at {other.path}:{other.line})")
            )
        else:
            first[fact.id] = fact
    for fact in first.values():
        for other_id in fact.conflicts_with:
            if other_id == fact.id:
                problems.append(Problem(fact.path, fact.line, f"'{fact.id}' conflicts_with itself"))
            elif other_id not in ids:
                problems.append(Problem(fact.path, fact.line, f"conflicts_with '{other_id}': no such fact"))
            elif other_id in first and fact.id not in first[other_id].conflicts_with:
                message = f"conflicts_with '{other_id}', which does not list '{fact.id}' back"
                problems.append(Problem(fact.path, fact.line, message))
    return list(first.values())


def load(root: Path | None = None, progress: Callable[[int, int], None] | None = None) -> FactBase:
    """Return the validated fact base at root; raise DataError listing every problem."""
    root = data_dir(root)
    check_data_dir(root)
    problems: list[Problem] = []
    sources, seeds = _load_sources(root, problems)
    topics = _load_topics(root, problems)
    aliases = _load_aliases(root, problems)
    reader = _FactReader(sources, seeds, topics)
    files = fact_files(root)
    facts: list[Fact] = []
    for done, path in enumerate(files):
        facts.extend(reader.read(path, problems))
        if progress:
            progress(done + 1, len(files))
    facts = _cross_check(facts, reader.ids, problems)
    if problems:
        raise DataError(problems)
    return FactBase(sources, topics, aliases, tuple(facts), seeds)
