"""Reading a fact base: YAML read safely, every record validated in one pass, every problem with its line.

`load` returns a FactBase or raises DataError listing every error; warnings (doubtful but usable data)
travel with the FactBase. The rules are listed in the README ("Problem codes").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kzfacts import dates, rules
from kzfacts.errors import DataError
from kzfacts.paths import (
    UnreadableFileError,
    check_data_dir,
    data_dir,
    display_path,
    exists,
    fact_files,
    read_text,
    seed_path,
)
from kzfacts.records import KINDS, Citation, Fact, Source, fact_fields, source_fields
from kzfacts.reports import Problem
from kzfacts.seeds import Seed
from kzfacts.text import printable

MIN_ALIASES = 2
MAX_DEPTH = 64  # a fact nests four levels deep; far deeper YAML is an attack on the recursion limit
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class _Node:
    """A YAML value with the line it starts on; mappings and sequences hold _Nodes."""

    value: Any
    line: int


@dataclass(frozen=True, slots=True)
class FactBase:
    """A validated fact base: sources by id, topics, alias groups, facts in file order, warnings, translations.

    translations: (English words, the words of other languages a reader may type for them) pairs.
    """

    root: Path
    sources: dict[str, Source]
    topics: dict[str, str]
    aliases: tuple[tuple[str, ...], ...]
    facts: tuple[Fact, ...]
    seeds: dict[str, Seed] = field(repr=False)
    warnings: tuple[Problem, ...] = ()
    translations: tuple[tuple[str, tuple[str, ...]], ...] = ()


class _YamlFile:
    """One YAML file: read into _Nodes, its values checked, each problem recorded with its line."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.shown = display_path(path)
        self.problems = problems
        self._seen: set[int] = set()
        self._alias_reported = False
        self._constructor = yaml.constructor.SafeConstructor()

    def problem(self, line: int, code: str, message: str, severity: str = "error") -> None:
        """Record a problem at a line of this file."""
        self.problems.append(Problem(self.shown, line, code, printable(message, lines=False), severity))

    def read(self) -> _Node | None:
        """Return the file's root node, or None (with a problem recorded) when it cannot be used."""
        text = ""
        try:
            text = read_text(self.path)
            root = yaml.compose(text, Loader=_Loader)
            if root is None:
                self.problem(1, "empty-file", "the file is empty")
                return None
            return self._convert(root)
        except UnreadableFileError as error:
            self.problem(error.line, "unreadable", str(error))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            self.problem(mark.line + 1 if mark else 0, "yaml-syntax", f"invalid YAML: {error.problem or error}")
        except yaml.YAMLError as error:
            self.problem(0, "yaml-syntax", f"invalid YAML: {error}")
        except RecursionError:
            message = f"invalid YAML: values nested more than {MAX_DEPTH} levels deep"
            self.problem(_deep_line(text), "yaml-too-deep", message)
        return None

    def _alias_line(self) -> int:
        tokens = yaml.scan(read_text(self.path), Loader=_Loader)
        return next((t.start_mark.line + 1 for t in tokens if isinstance(t, yaml.AliasToken)), 0)

    def _convert(self, node: yaml.Node) -> _Node | None:
        line = node.start_mark.line + 1
        if id(node) in self._seen:
            if not self._alias_reported:
                self.problem(self._alias_line(), "yaml-alias", "YAML aliases (*name) are not supported")
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
                self.problem(line, "bad-value", f"invalid value {node.value!r}: {error}")
                return None
        self.problem(line, "yaml-tag", f"unsupported YAML tag {node.tag}")
        return None

    def _mapping(self, node: yaml.MappingNode) -> dict[str, _Node]:
        mapping: dict[str, _Node] = {}
        for key_node, value_node in node.value:
            key, value = self._convert(key_node), self._convert(value_node)
            if key is None or value is None:
                continue
            if not isinstance(key.value, str):
                self.problem(key.line, "bad-key", f"keys must be text, not {key.value!r}")
            elif key.value in mapping:
                self.problem(key.line, "duplicate-key", f"'{key.value}' is given twice")
            else:
                mapping[key.value] = value
        return mapping

    def fields(self, node: _Node, allowed: tuple[str, ...], required: tuple[str, ...], what: str) -> dict[str, _Node]:
        """Return a record's fields, reporting unknown and missing ones (an empty mapping if not a mapping)."""
        if not isinstance(node.value, dict):
            kind = type(node.value).__name__
            self.problem(node.line, "not-a-mapping", f"each {what} must be a mapping of fields, not {kind}")
            return {}
        fields: dict[str, _Node] = node.value
        for key in fields.keys() - set(allowed):
            self.problem(fields[key].line, "unknown-field", f"unknown field '{key}' (expected {', '.join(allowed)})")
        for key in required:
            if key not in fields or fields[key].value is None:
                self.problem(node.line, "missing-field", f"{what} is missing '{key}'")
        return fields

    def text(self, fields: dict[str, _Node], key: str) -> str | None:
        """Return a field's non-empty text, or None (a problem recorded if it was given but is not text)."""
        node = fields.get(key)
        if node is None or node.value is None:
            return None
        value = _text(node.value)
        if value is None:
            self.problem(node.line, "not-text", f"'{key}' must be non-empty text")
        elif rules.has_control_characters(value):
            self.problem(node.line, "control-character", f"'{key}' contains a control character")
        return value

    def texts(self, fields: dict[str, _Node], key: str) -> list[str]:
        """Return a field's list of non-empty texts ([] when absent or broken, with a problem recorded)."""
        node = fields.get(key)
        if node is None:
            return []
        values = _texts(node)
        if values is None:
            self.problem(node.line, "not-a-list", f"'{key}' must be a list of non-empty texts")
            return []
        if any(rules.has_control_characters(value) for value in values):
            self.problem(node.line, "control-character", f"'{key}' contains a control character")
        return values

    def date(self, fields: dict[str, _Node], key: str) -> dates.FactDate | None:
        """Return a field's date, or None (a problem recorded if it is not a valid date)."""
        node = fields.get(key)
        if node is None or node.value is None:
            return None
        try:
            return dates.parse(_date_text(node.value))
        except (TypeError, ValueError) as error:
            self.problem(node.line, "bad-date", str(error))
            return None

    def slug(self, fields: dict[str, _Node], key: str, example: str) -> str | None:
        """Return a field's text if it is a lower-case slug (a problem recorded if not)."""
        value = self.text(fields, key)
        if value is not None and not SLUG.fullmatch(value):
            self.problem(fields[key].line, "bad-id", f"{key} '{value}' must be a lower-case slug like '{example}'")
            return None
        return value


def _deep_line(text: str) -> int:
    """Return the line where the YAML text first nests deeper than MAX_DEPTH (0 if it does not)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark else 0
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return 0


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _texts(node: _Node) -> list[str] | None:
    if not isinstance(node.value, list):
        return None
    values = [_text(item.value) for item in node.value]
    return None if None in values else [v for v in values if v]


def _date_text(value: object) -> str:
    """Return a date value as text: YAML reads 2004 as a number and 2004-06-17 as a date."""
    if isinstance(value, bool) or not isinstance(value, (str, int, date)):
        raise TypeError(f"a date must be text like 2019-09-10, not {value!r}")
    return value.isoformat() if isinstance(value, date) else str(value)


def _read(path: Path, problems: list[Problem]) -> tuple[_YamlFile, _Node | None]:
    file = _YamlFile(path, problems)
    return file, file.read()


def _load_sources(root: Path, problems: list[Problem]) -> tuple[dict[str, Source], dict[str, Seed]]:
    sources: dict[str, Source] = {}
    seeds: dict[str, Seed] = {}
    file, node = _read(root / "facts" / "sources.yaml", problems)
    if node is None:
        return sources, seeds
    if not isinstance(node.value, list):
        file.problem(node.line, "not-a-list", "expected a list of sources")
        return sources, seeds
    for item in node.value:
        fields = file.fields(item, source_fields(), Source.REQUIRED, "source")
        source_id, name = file.slug(fields, "id", "weitz2012"), file.text(fields, "file")
        title, published = file.text(fields, "title"), file.date(fields, "published")
        boilerplate = file.texts(fields, "boilerplate")
        for pattern in boilerplate:
            error = rules.pattern_problem(pattern)
            if error:
                file.problem(fields["boilerplate"].line, "bad-pattern", f"boilerplate {pattern!r}: {error}")
        if source_id in sources:
            file.problem(item.line, "duplicate-id", f"duplicate source id '{source_id}'")
            continue
        if not (source_id and name and title and published):
            continue
        try:
            seeds[source_id] = Seed(read_text(seed_path(root, name)))
        except UnreadableFileError as error:
            file.problem(fields["file"].line, "bad-seed", f"seed {display_path(root / 'seeds' / name)}: {error}")
            continue
        sources[source_id] = Source(
            id=source_id,
            file=name,
            title=title,
            published=published.text,
            author=file.text(fields, "author"),
            publisher=file.text(fields, "publisher"),
            published_note=file.text(fields, "published_note"),
            boilerplate=tuple(boilerplate),
        )
    return sources, seeds


def _load_topics(root: Path, problems: list[Problem]) -> dict[str, str]:
    file, node = _read(root / "facts" / "topics.yaml", problems)
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        file.problem(node.line, "not-a-mapping", "expected a mapping of topic id to description")
        return {}
    topics: dict[str, str] = {}
    for key, value in node.value.items():
        description = _text(value.value)
        if not SLUG.fullmatch(key) or description is None:
            file.problem(value.line, "bad-topic", f"topic '{key}' needs a lower-case-slug id and a description")
        else:
            topics[key] = description
    return topics


def _read_optional(root: Path, name: str, problems: list[Problem]) -> tuple[_YamlFile, _Node] | None:
    """Return a file of facts/ that a base may leave out, read; None when it is absent or unusable."""
    path = root / "facts" / name
    if not exists(path):
        return None
    file, node = _read(path, problems)
    return None if node is None else (file, node)


def _load_aliases(root: Path, problems: list[Problem]) -> tuple[tuple[str, ...], ...]:
    read = _read_optional(root, "aliases.yaml", problems)
    if read is None:
        return ()
    file, node = read
    groups: list[tuple[str, ...]] = []
    for item in node.value if isinstance(node.value, list) else [node]:
        names = _texts(item)
        if names is None or len(names) < MIN_ALIASES:
            file.problem(item.line, "bad-alias", "each alias group must be a list of at least two names")
        else:
            groups.append(tuple(names))
    return tuple(groups)


def _load_translations(root: Path, problems: list[Problem]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    read = _read_optional(root, "translations.yaml", problems)
    if read is None:
        return ()
    file, node = read
    if not isinstance(node.value, dict):
        file.problem(node.line, "not-a-mapping", "expected a mapping of English words to lists of their translations")
        return ()
    translated: dict[str, str] = {}
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for key, value in node.value.items():
        words = _texts(value)
        if _text(key) is None or not words:
            file.problem(value.line, "bad-translation", f"'{key}' needs a list of the words that translate it")
            continue
        for word in words:
            if translated.setdefault(word.casefold(), key) != key:
                message = f"'{word}' translates both '{translated[word.casefold()]}' and '{key}': keep one"
                file.problem(value.line, "duplicate-translation", message)
        pairs.append((key, tuple(words)))
    return tuple(pairs)


@dataclass(frozen=True, slots=True)
class _Written:
    """What a fact item says about its identity, valid or not, so that cross-checks see every fact."""

    id: str
    conflicts_with: tuple[str, ...]
    path: str
    line: int


class _FactBuilder:
    """Builds the facts of each fact file, checked against the sources and topics."""

    def __init__(self, sources: dict[str, Source], seeds: dict[str, Seed], topics: dict[str, str]) -> None:
        self.sources, self.seeds, self.topics = sources, seeds, topics
        self.written: list[_Written] = []

    def facts(self, path: Path, problems: list[Problem]) -> Iterator[Fact]:
        """Yield the valid facts of one file, recording the problems of the others."""
        file, node = _read(path, problems)
        if node is None:
            return
        if not isinstance(node.value, list):
            file.problem(node.line, "not-a-list", "expected a list of facts (each item starting with '- id: ...')")
            return
        for item in node.value:
            fact = self._fact(file, item)
            if fact is not None:
                yield fact

    def _fact(self, file: _YamlFile, item: _Node) -> Fact | None:
        before = len(file.problems)
        fields = file.fields(item, fact_fields(), Fact.REQUIRED, "fact")
        fact_id = file.slug(fields, "id", "border-length-1600-km")
        claim, kind = file.text(fields, "claim"), file.text(fields, "kind")
        conflicts = file.texts(fields, "conflicts_with")
        if fact_id:
            self.written.append(_Written(fact_id, tuple(conflicts), file.shown, item.line))
        if kind and kind not in KINDS:
            file.problem(fields["kind"].line, "unknown-kind", f"unknown kind '{kind}' (expected {', '.join(KINDS)})")
        when = file.date(fields, "date")
        if kind == "event" and "date" not in fields:
            file.problem(item.line, "event-without-date", "an event needs a date")
        topics = self._topics(file, fields)
        questions = file.texts(fields, "questions")
        for problem in rules.question_problems(questions):
            file.problem(fields["questions"].line, "bad-question", problem)
        if len(questions) > rules.MAX_QUESTIONS:
            message = f"{len(questions)} questions: keep the {rules.MAX_QUESTIONS} a reader is likeliest to ask"
            file.problem(fields["questions"].line, "too-many-questions", message, "warning")
        citations = self._citations(file, fields["citations"]) if "citations" in fields else []
        failed = any(problem.severity == "error" for problem in file.problems[before:])
        if failed or not (fact_id and claim and kind and citations):
            return None
        return Fact(
            id=fact_id,
            claim=claim,
            kind=kind,
            topics=tuple(topics),
            citations=tuple(citations),
            date=when,
            date_note=file.text(fields, "date_note"),
            entities=tuple(file.texts(fields, "entities")),
            questions=tuple(questions),
            conflicts_with=tuple(conflicts),
            editor_note=file.text(fields, "editor_note"),
            path=file.shown,
            line=item.line,
        )

    def _topics(self, file: _YamlFile, fields: dict[str, _Node]) -> list[str]:
        topics = file.texts(fields, "topics")
        for topic in topics:
            if topic not in self.topics:
                file.problem(fields["topics"].line, "unknown-topic", f"unknown topic '{topic}' (see facts/topics.yaml)")
        if "topics" in fields and fields["topics"].value is not None and not topics:
            file.problem(fields["topics"].line, "no-topic", "a fact needs at least one topic")
        return topics

    def _citations(self, file: _YamlFile, node: _Node) -> list[Citation]:
        if not isinstance(node.value, list) or not node.value:
            file.problem(node.line, "no-citation", "'citations' must be a non-empty list of {source, quote}")
            return []
        citations = []
        for item in node.value:
            fields = file.fields(item, Citation.WRITTEN, Citation.WRITTEN, "citation")
            source_id, quote = file.text(fields, "source"), file.text(fields, "quote")
            if source_id is None or quote is None:
                continue
            source = self.sources.get(source_id)
            if source is None:
                known = ", ".join(sorted(self.sources))
                file.problem(fields["source"].line, "unknown-source", f"unknown source '{source_id}' (known: {known})")
                continue
            seed = self.seeds[source_id]
            found = seed.find(quote)
            if found is None:
                message = f"quote not found in seeds/{source.file}: {quote[:60]!r}"
                closest = seed.closest(quote)
                if closest is not None:
                    message += f"; closest passage, line {closest[0]}: {closest[1]!r}"
                file.problem(fields["quote"].line, "quote-not-found", message)
                continue
            citations.append(Citation.of(source, quote, seed.line_of(found[0])))
        return citations


def _cross_check(builder: _FactBuilder, facts: list[Fact], problems: list[Problem]) -> list[Fact]:
    """Report duplicate ids and conflicts that point nowhere or one way only; return the facts that pass."""
    first: dict[str, _Written] = {}
    for written in builder.written:
        if written.id in first:
            other = first[written.id]
            message = f"duplicate id '{written.id}' (first at {other.path}:{other.line})"
            problems.append(Problem(written.path, written.line, "duplicate-id", message))
        else:
            first[written.id] = written
    for written in first.values():
        for other_id in written.conflicts_with:
            where = (written.path, written.line)
            if other_id == written.id:
                problems.append(Problem(*where, "bad-conflict", f"'{written.id}' conflicts_with itself"))
            elif other_id not in first:
                problems.append(Problem(*where, "bad-conflict", f"conflicts_with '{other_id}': no such fact"))
            elif written.id not in first[other_id].conflicts_with:
                message = f"conflicts_with '{other_id}', which does not list '{written.id}' back"
                problems.append(Problem(*where, "one-way-conflict", message))
    return [fact for fact in facts if (first[fact.id].path, first[fact.id].line) == (fact.path, fact.line)]


def _shown(problem: Problem) -> Problem:
    """Return the problem with control characters in its file name and message (ids, names echoed) replaced."""
    path, message = printable(problem.path, lines=False), printable(problem.message, lines=False)
    return (
        problem if (path, message) == (problem.path, problem.message) else replace(problem, path=path, message=message)
    )


def read(
    root: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> tuple[FactBase, list[Problem]]:
    """Return the fact base at root (valid facts only) and every problem, errors and warnings, sorted."""
    root = data_dir(root)
    check_data_dir(root)
    problems: list[Problem] = []
    sources, seeds = _load_sources(root, problems)
    topics = _load_topics(root, problems)
    aliases = _load_aliases(root, problems)
    translations = _load_translations(root, problems)
    builder = _FactBuilder(sources, seeds, topics)
    files = fact_files(root)
    facts: list[Fact] = []
    for done, path in enumerate(files):
        facts.extend(builder.facts(path, problems))
        if progress:
            progress(done + 1, len(files))
    facts = _cross_check(builder, facts, problems)
    problems += rules.fact_problems(facts, sources, seeds)
    problems = [_shown(problem) for problem in problems]
    problems.sort(key=lambda p: (p.path, p.line))
    warnings = tuple(p for p in problems if p.severity != "error")
    base = FactBase(root, sources, topics, aliases, tuple(facts), seeds, warnings, translations)
    return base, problems


def load(root: Path | None = None, progress: Callable[[int, int], None] | None = None) -> FactBase:
    """Return the validated fact base at root; raise DataError listing every error."""
    base, problems = read(root, progress)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise DataError(errors)
    return base
