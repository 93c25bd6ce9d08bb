"""Read one YAML file and check it against the format, keeping every position.

The file is composed into YAML nodes with the safe C loader (never constructed into
arbitrary Python objects), then walked against :mod:`game.loading.spec`. The walk turns
nodes into plain values (dict, list, str, int, float, bool), reports every problem it
finds with its line and column, and records every id defined and every reference made,
so that references can be checked once all files are read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from game.base.files import FileRefused, read_bounded
from game.base.i18n import N_, _
from game.base.text import UNSAFE, describe_char, first_unsafe
from game.loading import spec as S
from game.loading.files import MAX_FILE_BYTES
from game.loading.problems import ERROR, WARNING, Problem, did_you_mean

try:  # the C loader is much faster; the pure-Python one is the same format
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    # The ignore matters only where PyYAML's stubs are installed (else yaml is untyped).
    from yaml import SafeLoader as _Loader  # type: ignore[assignment, unused-ignore]

# The C parser asks PyYAML's Python resolver for the tag of every scalar, and that is
# most of the time spent composing a large file; content repeats the same short words
# (keys, meter ids, numbers) thousands of times, so their tags are remembered.
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_MAX = 50_000


class _TooManyValues(Exception):
    pass


class _ContentLoader(_Loader):  # type: ignore[misc, valid-type, unused-ignore]  # as above
    # The composer asks for the tag of every node written without one, so counting here
    # stops a flood of values while it is being composed, at no cost to the rest.
    values = 0
    max_values = 1 << 62

    def resolve(self, kind, value, implicit):
        self.values += 1
        if self.values > self.max_values:
            raise _TooManyValues
        if kind is yaml.ScalarNode and len(value) <= 40:
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                if len(_RESOLVED) >= _RESOLVED_MAX:
                    _RESOLVED.clear()
                tag = _RESOLVED[key] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


MAX_NODES = 2_000_000  # per file, counting alias re-visits: stops "billion laughs"
MAX_DEPTH = 64
# Values (scalars, lists, mappings) in one file once aliases are expanded. The whole base
# game holds about 11,000; composing and checking 100,000 takes well under a second,
# while an 8 MB file of "[1,1,1,...]" would hold four million and take a minute.
MAX_VALUES = 100_000
# Files larger than this are counted with the parser's events (about a fifth of the cost
# of composing) before they are composed, so a flood of values is refused early.
_PRESCAN_BYTES = 64 * 1024
# Problems reported in one file: a mangled file gets a screenful, not a million lines.
MAX_PROBLEMS = 200
# Control characters (escape sequences, carriage returns) and bidirectional overrides in
# a text could rewrite or disguise what the terminal shows; YAML's "\e" writes them.
_CONTROL = UNSAFE

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:timestamp",
}
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Place:
    path: str
    line: int
    col: int


@dataclass(frozen=True)
class Definition:
    kind: str
    id: str
    place: Place


@dataclass(frozen=True)
class Reference:
    kind: str
    value: str
    place: Place


@dataclass
class FileResult:
    """What reading one file produced: its values, problems, ids and references."""

    path: str
    data: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    # Where each top-level item starts: (kind, index in data[kind]) -> Place.
    item_places: dict[tuple[str, int], Place] = field(default_factory=dict)
    # Which definitions and references each top-level item made: (kind, index) ->
    # (first definition, end, first reference, end), so that an item a mod replaces or
    # disables can take its ids and references with it.
    item_spans: dict[tuple[str, int], tuple[int, int, int, int]] = field(default_factory=dict)
    # Where each key of a top-level mapping (rivalry, card_weights) is: (kind, key) -> Place.
    key_places: dict[tuple[str, str], Place] = field(default_factory=dict)
    # How many values the file holds with its aliases expanded (0 if it was not composed).
    values: int = 0


class _TooBig(Exception):
    pass


class _TooManyProblems(Exception):
    pass


def read_file(path: Path, display: str | None = None, root_spec: S.Obj = S.CONTENT_FILE) -> FileResult:
    """Read and check one content file. Never raises for bad content."""
    shown = display or str(path)
    result = FileResult(path=shown)
    try:
        raw = read_bounded(path, MAX_FILE_BYTES, "content file")
    except FileRefused as refusal:
        _problem(result, 1, 1, "file", str(refusal))
        return result
    except OSError as error:
        _problem(result, 1, 1, "file", _("cannot read file: {reason}").format(reason=error.strerror or error))
        return result
    return read_text(raw, shown, result, root_spec)


def read_text(raw: bytes, shown: str, result: FileResult | None = None, root_spec: S.Obj = S.CONTENT_FILE) -> FileResult:
    """Check the bytes of one content file (see :func:`read_file`)."""
    result = result or FileResult(path=shown)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line, col = _position_of(raw, raw.index(b"\x00"))
        _problem(result, line, col, "file", _("binary data (a NUL byte): content files are UTF-8 text"))
        return result
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _position_of(raw, error.start)
        _problem(result, line, col, "file", _("not UTF-8 text (byte 0x{byte}); save the file as UTF-8").format(
            byte=f"{raw[error.start]:02x}"))
        return result
    result.lines = text.splitlines()
    if len(raw) > _PRESCAN_BYTES and _more_values_than(text, MAX_VALUES):
        _problem(result, 1, 1, "unsafe-yaml", _too_many_values())
        return result
    loader = _ContentLoader(text)
    loader.max_values = MAX_VALUES
    try:
        node = loader.get_single_node()
    except _TooManyValues:
        _problem(result, 1, 1, "unsafe-yaml", _too_many_values())
        return result
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # PyYAML's words decide the hints; the reader sees them in the language in use.
        english = " ".join(str(part) for part in (error.context, error.problem) if part)
        message = " ".join(_yaml_words(str(part)) for part in (error.context, error.problem) if part)
        source = result.lines[line - 1] if 0 < line <= len(result.lines) else ""
        if "\t" in source:
            message += " (" + _("tabs cannot indent YAML; use spaces") + ")"
        else:
            message = _indent_message(english, result.lines, line) or message + _yaml_hint(english, source)
        _problem(result, line, col, "yaml", message or _("invalid YAML"))
        return result
    except yaml.YAMLError as error:
        _problem(result, 1, 1, "yaml", str(error).splitlines()[0] if str(error) else _("invalid YAML"))
        return result
    except RecursionError:
        _problem(result, 1, 1, "unsafe-yaml", _("the YAML is nested too deeply"))
        return result
    finally:
        loader.dispose()
    if node is None:
        return result  # an empty file is allowed
    # An alias needs an anchor (&name) and a star (*name); without both, every value was
    # composed once and counted.
    maybe_aliases = "*" in text and "&" in text
    result.values = _expanded_size(node, MAX_VALUES) if maybe_aliases else loader.values
    if result.values > MAX_VALUES:
        _problem(result, 1, 1, "unsafe-yaml",
                 _("the file holds more than {limit} values once its aliases (*name) and merge keys (<<) are "
                   "expanded (an alias bomb?); write the values out, or split the file").format(limit=f"{MAX_VALUES:,}"))
        return result
    walker = _Walker(result)
    try:
        if not isinstance(node, yaml.MappingNode):
            walker.error(node, "not-a-mapping", _("a content file must be a mapping with keys like cards:, meters:, endings:"))
            return result
        data = walker.walk(node, root_spec, depth=0, top=True)
        result.data = data if isinstance(data, dict) else {}
    except _TooBig:
        _problem(result, 1, 1, "unsafe-yaml", _("the file expands to more than {limit} values (alias bomb?)").format(
            limit=f"{MAX_NODES:,}"))
        result.data = {}
    except _TooManyProblems:
        result.problems.append(Problem(result.path, result.problems[-1].line, result.problems[-1].col, ERROR,
                                       "file", _("more than {limit} problems in this file; the rest are not shown "
                                                 "(fix these first)").format(limit=MAX_PROBLEMS)))
        result.data = {}
    except RecursionError:
        _problem(result, 1, 1, "unsafe-yaml", _("the YAML is nested too deeply"))
        result.data = {}
    return result


def _too_many_values() -> str:
    return _("the file holds more than {limit} values, the limit for one file; split it into several files").format(
        limit=f"{MAX_VALUES:,}")


def _more_values_than(text: str, limit: int) -> bool:
    """Whether the YAML holds more than ``limit`` values, counted without composing it."""
    counted = (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)
    values = 0
    try:
        for event in yaml.parse(text, Loader=_ContentLoader):
            if isinstance(event, counted):
                values += 1
                if values > limit:
                    return True
    except yaml.YAMLError:
        pass  # composing reports it, with its place
    return False


def _expanded_size(root: yaml.Node, limit: int) -> int:
    """How many values the node stands for with every alias written out (at most limit + 1).

    An alias is the node it names, shared: counted once per node, as a sum of its
    children's sizes, this is linear in the file however much the aliases multiply.
    """
    scalar = yaml.ScalarNode
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        if node.__class__ is scalar:
            sizes[key] = 1
            continue
        children = [part for pair in node.value for part in pair] if node.id == "mapping" else node.value
        if children_done:
            total = 1
            for child in children:
                total += sizes[id(child)]
            sizes[key] = min(limit + 1, total)
        else:
            stack.append((node, True))
            for child in children:
                if child.__class__ is scalar:
                    sizes[id(child)] = 1
                elif id(child) not in sizes:
                    stack.append((child, False))
    return sizes[id(root)]


# PyYAML's most frequent messages, in the game's catalogues: its words, with {found} where
# it quotes what it found (each pattern is made from its message). The rest stay in
# PyYAML's English.
_YAML_MESSAGES = (
    N_("mapping values are not allowed here"),
    N_("while scanning a simple key"),
    N_("could not find expected ':'"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("while parsing a block node"),
    N_("while parsing a flow node"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("expected <block end>, but found {found}"),
    N_("expected ',' or ']', but got {found}"),
    N_("expected ',' or '}}', but got {found}"),
    N_("expected the node content, but found {found}"),
    N_("expected alphabetic or numeric character, but found {found}"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while scanning for the next token"),
    N_("found unexpected end of stream"),
    N_("found character {found} that cannot start any token"),
    N_("found undefined alias {found}"),
    N_("found unknown escape character {found}"),
    N_("found duplicate anchor {found}; first occurrence"),
    N_("second occurrence"),
    N_("found unexpected document separator"),
    N_("expected a single document in the stream"),
    N_("but found another document"),
    N_("sequence entries are not allowed here"),
    N_("mapping keys are not allowed here"),
    N_("invalid indentation or unclosed '[' or '{{'"),
    N_("mapping values are not allowed in this context"),
    N_("mapping keys are not allowed in this context"),
    N_("block sequence entries are not allowed in this context"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}}'"),
    N_("did not find expected <document start>"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"),
    N_("found character that cannot start any token"),
    N_("found undefined alias"),
    N_("found unknown escape character"),
    N_("found duplicate anchor; first occurrence"),
    N_("found unexpected ':'"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
)


def _pattern(message: str) -> re.Pattern[str]:
    """PyYAML's words a message translates: the message itself, {found} any text."""
    words = message.replace("{{", "{").replace("}}", "}")  # format()'s braces, as printed
    return re.compile(re.escape(words).replace(re.escape("{found}"), "(.+)"))


_YAML_WORDS = (
    *((_pattern(message), message) for message in _YAML_MESSAGES),
    # Two phrases of PyYAML's in one message of ours.
    (re.compile(r"while scanning an (alias|anchor)"), N_("while scanning an alias or anchor")),
)


def _yaml_words(part: str) -> str:
    """One of PyYAML's phrases (its context or its problem) in the language in use."""
    for pattern, message in _YAML_WORDS:
        found = pattern.fullmatch(part)
        if found:
            return _(message).format(found=found.group(1) if found.groups() else "")
    return part


# What PyYAML's messages usually mean for someone writing a card by hand.
_YAML_HINTS = (  # (PyYAML's words, the game's, marked for translation)
    ("mapping values are not allowed",
     N_("a text on this line probably contains ': ' (a colon and a space); put the whole text "
     "in quotes, or write '>' after the key and the text on the lines below")),
    ("cannot start any token",
     N_("a text cannot begin with this character unless it is in quotes")),
    ("found undefined alias",
     N_("a text that begins with '*' must be in quotes")),
    ("could not find expected ':'",
     N_("a line is missing its ':' after the key, or a text in quotes is not closed")),
    ("did not find expected key",
     N_("check the indentation: keys of one item line up under each other, and list items start with '- '")),
    ("expected <block end>, but found '-'",
     N_("a list item is indented differently from the ones before it")),
    ("expected <block end>",
     N_("check the indentation of this line against the lines above")),
    ("found unexpected end of stream",
     N_("a quote, [ or { is opened and never closed")),
    ("did not find expected ',' or ']'",
     N_("a [ list ] is not closed, or a text inside it contains ',' or ':' and needs quotes")),
    ("did not find expected ',' or '}'",
     N_("a { mapping } is not closed, or a text inside it contains ',' or ':' and needs quotes")),
)


_BRACKETED_TEXT = re.compile(r"^\s*(-\s+)?[\w.]+:\s+([\[{])(.*)$")


def _yaml_hint(message: str, source: str) -> str:
    bracketed = _BRACKETED_TEXT.match(source)
    if bracketed and not bracketed.group(3).rstrip().endswith("]}"[bracketed.group(2) == "{"]):
        return " (" + _("a text that begins with '{bracket}' must be in quotes, or YAML reads it as a list or a "
                        "mapping").format(bracket=bracketed.group(2)) + ")"
    for needle, hint in _YAML_HINTS:
        if needle in message:
            return f" ({_(hint)})"
    return ""


_KEY_LINE = re.compile(r"^(\s*)(-\s+)?([^\s#'\"{\[][^:#]*?):(\s+(.*))?$")
# PyYAML's messages for a line that is indented wrongly.
_INDENT_MESSAGES = ("mapping values are not allowed", "did not find expected key",
                    "did not find expected '-' indicator", "expected <block end>")


def _key_line(text: str) -> tuple[int, int, str, str, bool] | None:
    """``(indent, column of the key, key, value, starts with '- ')`` of a ``key: value``
    line, or None for any other line."""
    found = _KEY_LINE.match(text)
    if found is None:
        return None
    indent, dash, key, _colon, value = found.groups()
    return len(indent), len(indent) + len(dash or ""), key.strip(), (value or "").strip(), dash is not None


def _indent_message(message: str, lines: list[str], line: int) -> str | None:
    """The game's own words for a key or list item indented too far or not far enough,
    naming the column to move it to; None when the line is not recognisably that."""
    if not any(needle in message for needle in _INDENT_MESSAGES) or not 0 < line <= len(lines):
        return None
    current = _key_line(lines[line - 1])
    above = [(number, text) for number, text in enumerate(lines[:line - 1], start=1)
             if text.strip() and not text.lstrip().startswith("#")]
    if current is None or not above:
        return None
    indent, key_col, key, _value, dash = current
    if dash:
        for number, text in reversed(above):
            other = _key_line(text)
            other_indent = len(text) - len(text.lstrip())
            if other_indent < indent:
                break
            if other is not None and other[4] and other_indent != indent:
                return _("this list item starts at column {col}, but the item before it on line {line} starts "
                         "at column {other}: the '- ' of every item of one list lines up, so move it to column "
                         "{other}").format(col=indent + 1, line=number, other=other_indent + 1)
        return None
    number, text = above[-1]
    previous = _key_line(text)
    if previous is None:
        return None
    _indent, prev_key_col, prev_key, prev_value, _dash = previous
    opens_block = prev_value == "" or prev_value[:1] in "|>"
    if key_col > prev_key_col and not opens_block:
        return _("'{key}:' is indented more than '{previous}:' on line {line} (column {col}, not {other}): keys "
                 "of one item line up under each other, so start '{key}:' at column {other}; or, if '{previous}:' "
                 "is a text that goes on over several lines, write '>' after '{previous}:' and the text on the "
                 "lines below").format(key=key, previous=prev_key, line=number, col=key_col + 1, other=prev_key_col + 1)
    if key_col < prev_key_col:
        return _("'{key}:' starts at column {col}, left of '{previous}:' on line {line} (column {other}): if it "
                 "belongs to the same item, indent it to column {other} so that the keys line up").format(
            key=key, previous=prev_key, line=number, col=key_col + 1, other=prev_key_col + 1)
    return None


def _position_of(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def _problem(result: FileResult, line: int, col: int, code: str, message: str, severity: str = ERROR) -> None:
    if len(result.problems) >= MAX_PROBLEMS:
        raise _TooManyProblems
    source = result.lines[line - 1] if 0 < line <= len(result.lines) else ""
    result.problems.append(Problem(result.path, line, col, severity, code, message, source))


_MISSING = object()


class _Walker:
    def __init__(self, result: FileResult) -> None:
        self.result = result
        self.nodes = 0
        self.card_hint_given = False
        # (pattern, value) pairs already found to match: ids repeat thousands of times.
        self.matched: set[tuple[str, str]] = set()

    # -- reporting --

    def place(self, node: yaml.Node) -> Place:
        return Place(self.result.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node: yaml.Node, code: str, message: str) -> object:
        place = self.place(node)
        _problem(self.result, place.line, place.col, code, message)
        return _MISSING

    def warn(self, node: yaml.Node, code: str, message: str) -> None:
        place = self.place(node)
        _problem(self.result, place.line, place.col, code, message, WARNING)

    def control_character(self, node: yaml.ScalarNode) -> object:
        found = first_unsafe(node.value)
        assert found is not None
        # Zero-width and direction marks are format characters (Cf): they show as nothing.
        if unicodedata.category(found) == "Cf":
            message = _("invisible control character {char} in a text (written as an escape such as \\e or \\u "
                        "in quotes, or pasted?): texts are shown as typed, so they may not hold terminal controls or "
                        "invisible marks")
        else:
            message = _("control character {char} in a text (written as an escape such as \\e or \\u in quotes, "
                        "or pasted?): texts are shown as typed, so they may not hold terminal controls or invisible "
                        "marks")
        return self.error(node, "value", message.format(char=describe_char(found)))

    # -- walking --

    def walk(self, node: yaml.Node, spec: S.Spec, depth: int, top: bool = False):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig
        if depth > MAX_DEPTH:
            return self.error(node, "unsafe-yaml", _("nested too deeply"))
        if node.tag not in _STANDARD_TAGS:
            return self.error(node, "unsafe-yaml", _tag_message(node))
        if isinstance(spec, S.PatchItem):
            from game.loading.patches import walk_patch

            return walk_patch(self, node, depth)
        if isinstance(spec, S.Obj):
            return self.walk_obj(node, spec, depth, top)
        if isinstance(spec, S.ListOf):
            return self.walk_list(node, spec, depth)
        if isinstance(spec, S.MapOf):
            return self.walk_map(node, spec, depth)
        if isinstance(spec, S.Range):
            return self.walk_range(node, spec, depth)
        if isinstance(spec, S.Text):
            return self.walk_text(node, spec, depth)
        if isinstance(spec, S.OneOf):
            return self.walk_one_of(node, spec, depth)
        return self.walk_scalar(node, spec)

    def walk_one_of(self, node: yaml.Node, spec: S.OneOf, depth: int):
        for option in spec.options:
            if isinstance(node, _NODE_FOR.get(type(option), yaml.ScalarNode)):
                return self.walk(node, option, depth)
        wanted = _(spec.expected) if spec.expected else _("something else")
        return self.error(node, "type", _expected(wanted, node))

    def mapping_pairs(self, node: yaml.MappingNode, depth: int):
        """The node's key/value pairs with ``<<`` merge keys expanded (later keys win)."""
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        own: list[tuple[yaml.Node, yaml.Node]] = []
        for key, value in node.value:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise _TooBig
            if key.tag == _MERGE:
                sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
                for source in sources:
                    if isinstance(source, yaml.MappingNode) and depth < MAX_DEPTH:
                        merged.extend(self.mapping_pairs(source, depth + 1))
                    else:
                        self.error(source, "type", _("a merge key (<<) takes a mapping or a list of mappings"))
            else:
                own.append((key, value))
        own_keys = {k.value for k, _ in own if isinstance(k, yaml.ScalarNode)}
        return [(k, v) for k, v in merged if k.value not in own_keys] + own

    def walk_obj(self, node: yaml.Node, spec: S.Obj, depth: int, top: bool):
        if not isinstance(node, yaml.MappingNode):
            return self.error(node, "type", _expected(_("a mapping ({kind})").format(kind=spec.name), node))
        values: dict = {}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in self.mapping_pairs(node, depth):
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "type", _("a key must be a plain word"))
                continue
            key = key_node.value
            if key in seen:
                self.error(key_node, "duplicate-id", _("key '{key}' appears twice in this {kind}").format(key=key, kind=spec.name))
                continue
            seen[key] = key_node
            if top:
                self.result.key_places[("", key)] = self.place(key_node)
            field_spec = spec.fields.get(key)
            if field_spec is None:
                message = _unknown_key_message(key, spec, top)
                if top and key in S.CARD.fields and spec is S.CONTENT_FILE:
                    if self.card_hint_given:  # once is enough for a card written at the top
                        message = message.split(";")[0]
                    self.card_hint_given = True
                self.error(key_node, "unknown-key", message)
                continue
            if top and isinstance(value_node, yaml.SequenceNode) and isinstance(field_spec.spec, S.ListOf):
                value = self.walk_top_list(key, value_node, field_spec.spec, depth + 1)
            else:
                if top and isinstance(value_node, yaml.MappingNode):
                    for item_key, _value in value_node.value:
                        if isinstance(item_key, yaml.ScalarNode):
                            self.result.key_places.setdefault((key, item_key.value), self.place(item_key))
                value = self.walk(value_node, field_spec.spec, depth + 1)
            if value is not _MISSING:
                values[key] = value
        for name, field_spec in spec.fields.items():
            if field_spec.required and name not in seen:
                ident = values.get("id")
                if isinstance(ident, str):
                    message = _("{kind} '{id}' has no '{key}'").format(kind=spec.name, id=ident, key=name)
                else:
                    message = _("this {kind} has no '{key}'").format(kind=spec.name, key=name)
                self.error(node, "missing-key", message)
        # A threshold needs exactly one of below/above.
        if spec is S.THRESHOLD and ("below" in values) == ("above" in values):
            self.error(node, "value", _("give exactly one of 'below' or 'above'"))
            return _MISSING
        return values

    def walk_top_list(self, key: str, node: yaml.SequenceNode, spec: S.ListOf, depth: int):
        """A top-level list (cards:, meters:...): each item's place and span recorded."""
        self.nodes += 1
        if node.tag not in _STANDARD_TAGS:
            return self.error(node, "unsafe-yaml", _tag_message(node))
        result = self.result
        definitions, references = result.definitions, result.references
        items: list = []
        for item in node.value:
            d0, r0 = len(definitions), len(references)
            value = self.walk(item, spec.item, depth + 1)
            if value is not _MISSING:
                index = len(items)
                result.item_places[(key, index)] = self.place(item)
                result.item_spans[(key, index)] = (d0, len(definitions), r0, len(references))
                items.append(value)
        return items

    def walk_list(self, node: yaml.Node, spec: S.ListOf, depth: int):
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.MappingNode):
                hint = " (" + _("each item of a list starts on its own line with '- ', a dash and a space") + ")"
            elif isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
                hint = " (" + _("the items go on the lines below, indented, each starting with '- '") + ")"
            else:
                hint = ""
            return self.error(node, "type", _expected(_("a list"), node) + hint)
        items = []
        for item in node.value:
            value = self.walk(item, spec.item, depth + 1)
            if value is not _MISSING:
                items.append(value)
        count = len(node.value)
        if count < spec.min_items or (spec.max_items is not None and count > spec.max_items):
            # The items as the format names them (choices, outcomes...: its keys), else "items".
            kinds = f"{spec.item.name}s" if isinstance(spec.item, S.Obj) and spec.item.name.isalpha() else _("items")
            low, high = spec.min_items, spec.max_items
            if high is None:
                message = _("expected at least {low} {kinds}, found {count}")
            elif low == high:
                message = _("expected exactly {low} {kinds}, found {count}")
            elif low == 0:
                message = _("expected at most {high} {kinds}, found {count}")
            else:
                message = _("expected {low} to {high} {kinds}, found {count}")
            # Too many: shown at the first one past the limit, where the list needs cutting.
            where = node.value[high] if high is not None and count > high else node
            self.error(where, "count", message.format(low=low, high=high, kinds=kinds, count=f"{count:,}"))
        return items

    def walk_map(self, node: yaml.Node, spec: S.MapOf, depth: int):
        if not isinstance(node, yaml.MappingNode):
            return self.error(node, "type", _expected(_("a mapping"), node))
        values = {}
        for key_node, value_node in self.mapping_pairs(node, depth):
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "type", _("a key must be a plain word"))
                continue
            key = self.walk_scalar(key_node, spec.key)
            value = self.walk(value_node, spec.value, depth + 1)
            if key is _MISSING or value is _MISSING:
                continue
            if key in values:
                self.error(key_node, "duplicate-id", _("'{key}' appears twice").format(key=key))
                continue
            values[key] = value
        return values

    def walk_range(self, node: yaml.Node, spec: S.Range, depth: int):
        if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
            return self.error(node, "type", _expected(_("a range [low, high]"), node))
        low_node, high_node = node.value
        item = spec.item
        if isinstance(item, S.Int):
            low = self.scalar_number(low_node, int_only=True)
            high = self.scalar_number(high_node, int_only=True)
            if low is _MISSING or high is _MISSING:
                return _MISSING
            if low > high:
                return self.error(node, "unsatisfiable", _("range [{low}, {high}]: low is above high, so it never "
                                                           "holds").format(low=low, high=high))
            lo_bound = item.min if item.min is not None else low
            hi_bound = item.max if item.max is not None else high
            if high < lo_bound or low > hi_bound:
                return self.error(node, "unsatisfiable", _("range [{low}, {high}] lies outside {min}..{max}, so it "
                                                           "never holds").format(low=low, high=high, min=lo_bound,
                                                                                 max=hi_bound))
            if low < lo_bound or high > hi_bound:
                return self.error(node, "range", _("range [{low}, {high}] goes outside {min}..{max}").format(
                    low=low, high=high, min=lo_bound, max=hi_bound))
            return [low, high]
        low = self.walk_scalar(low_node, item)
        high = self.walk_scalar(high_node, item)
        if low is _MISSING or high is _MISSING:
            return _MISSING
        return [low, high]

    def walk_text(self, node: yaml.Node, spec: S.Text, depth: int):
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL:
                return self.error(node, "type", _expected(_("text"), node))
            if len(node.value) > spec.max_length:
                return self.error(node, "range", _too_long(node.value, spec.max_length))
            if _CONTROL.search(node.value):
                return self.control_character(node)
            return node.value
        if isinstance(node, yaml.MappingNode):
            texts = {}
            for key_node, value_node in self.mapping_pairs(node, depth):
                if not isinstance(key_node, yaml.ScalarNode) or (
                        key_node.value not in S.LANGUAGES and not re.match(S.LANG_PATTERN, key_node.value)):
                    self.error(key_node, "value", _("a translated text is a map of language codes (en, ru, kk) to text"))
                    continue
                if key_node.value not in S.LANGUAGES:
                    self.warn(key_node, "language", _language_message(key_node.value))
                value = self.walk_text(value_node, spec, depth + 1) if isinstance(value_node, yaml.ScalarNode) else self.error(value_node, "type", _expected(_("text"), value_node))
                if value is not _MISSING:
                    texts[key_node.value] = value
            if not texts:
                return self.error(node, "value", _("a translated text needs at least one language"))
            return texts
        return self.error(node, "type", _expected(_("text"), node))

    def scalar_number(self, node: yaml.Node, int_only: bool):
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (_INT, _FLOAT) or (int_only and node.tag != _INT):
            wanted = _("a whole number") if int_only else _("a number")
            return self.error(node, "type", _expected(wanted, node))
        text = node.value.replace("_", "")
        try:
            if node.tag == _INT:
                return int(text, 0) if text.lower().startswith(("0x", "0o", "0b")) else int(text)
            value = float(text)
        except ValueError:
            return self.error(node, "type", _("'{value}' is not a number this format understands").format(
                value=node.value))
        if value != value or value in (float("inf"), float("-inf")):
            return self.error(node, "value", _("not a finite number"))
        return value

    def walk_scalar(self, node: yaml.Node, spec: S.Spec):
        if isinstance(spec, (S.Int, S.Num)):
            value = self.scalar_number(node, int_only=isinstance(spec, S.Int))
            if value is _MISSING:
                return _MISSING
            if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
                return self.error(node, "range", _("{value} is outside {min}..{max}").format(
                    value=value, min=spec.min, max=spec.max))
            return value
        if isinstance(spec, S.Bool):
            if not isinstance(node, yaml.ScalarNode) or node.tag != _BOOL:
                return self.error(node, "type", _expected(_("true or false"), node))
            return node.value.lower() in ("true", "yes", "on", "y")
        assert isinstance(spec, S.Str)
        if not isinstance(node, yaml.ScalarNode) or node.tag == _NULL:
            return self.error(node, "type", _expected(_("a word"), node))
        value = node.value
        if len(value) > spec.max_length:
            return self.error(node, "range", _too_long(value, spec.max_length))
        if _CONTROL.search(value):
            return self.control_character(node)
        if spec.one_of is not None and value not in spec.one_of:
            options = ", ".join(spec.one_of)
            return self.error(node, "value", _("'{value}' is not one of: {options}").format(value=value, options=options)
                              + did_you_mean(value, spec.one_of))
        if spec.pattern is not None and (spec.pattern, value) not in self.matched:
            if not re.match(spec.pattern, value):
                return self.error(node, "value", _("'{value}' is not valid here: use {hint}").format(
                    value=value, hint=_(spec.pattern_hint)) + _id_suggestion(value, spec))
            self.matched.add((spec.pattern, value))
        if spec.defines:
            self.result.definitions.append(Definition(spec.defines, value, self.place(node)))
        if spec.ref:
            self.result.references.append(Reference(spec.ref, value, self.place(node)))
        return value


def _language_message(code: str) -> str:
    known = ", ".join(S.LANGUAGES)
    if code == "kz":
        hint = " (" + _("Kazakh is 'kk'; KZ is the country code") + ")"
    else:
        hint = did_you_mean(code, S.LANGUAGES)
    return _("language '{code}' is not one the game is played in ({known}){hint}; this text shows only to "
             "players who choose --lang {code}").format(code=code, known=known, hint=hint)


def _unknown_key_message(key: str, spec: S.Obj, top: bool) -> str:
    suggestion = did_you_mean(key, spec.fields)
    if not top:
        return _("unknown key '{key}' in a {kind}").format(key=key, kind=spec.name) + suggestion
    if spec is S.MOD_MANIFEST:
        message = _("unknown key '{key}' in {file}").format(key=key, file=S.MANIFEST_NAME) + suggestion
        if not suggestion and key in S.CONTENT_FILE.fields:
            message += "; " + _("{file} only describes the mod: put '{key}:' in another .yaml file of the mod, "
                                "such as {key}.yaml").format(file=S.MANIFEST_NAME, key=key)
        return message
    message = _("unknown key '{key}' at the top of a content file").format(key=key) + suggestion
    if suggestion:
        return message
    if key in S.MOD_MANIFEST.fields and key not in S.CARD.fields:
        message += "; " + _("a mod's {key} goes in its {file}").format(key=key, file=S.MANIFEST_NAME)
    elif key in S.CARD.fields:
        message += "; " + _("a card goes in the list under 'cards:' (write 'cards:' above it and start the card "
                            "with '- ')")
    else:
        message += "; " + _("a content file starts with one of: {keys}").format(keys=", ".join(spec.fields))
    return message


def _id_suggestion(value: str, spec: S.Str) -> str:
    """`` (try 'my_card')`` for an id written with capitals, spaces or dashes."""
    pattern = spec.pattern
    if pattern is None or pattern not in (S.ID_PATTERN, S.MOD_ID.pattern):
        return ""
    keep_dots = pattern == S.ID_PATTERN
    slug = re.sub(r"[^a-z0-9_.]+" if keep_dots else r"[^a-z0-9_]+", "_", value.strip().lower())
    slug = re.sub(r"_+", "_", slug).strip("_.")
    slug = re.sub(r"\._|_\.", ".", slug)
    if slug and slug[0].isdigit():
        slug = "n" + slug
    if slug and slug != value and re.match(pattern, slug):
        return " (" + _("try '{id}'").format(id=slug) + ")"
    return ""


# The node each spec reads; scalars for the rest.
_NODE_FOR = {
    S.Obj: yaml.MappingNode,
    S.MapOf: yaml.MappingNode,
    S.ListOf: yaml.SequenceNode,
    S.Range: yaml.SequenceNode,
}


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return _("a mapping")
    if isinstance(node, yaml.SequenceNode):
        return _("a list")
    if node.tag == _NULL:
        return _("nothing")
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if node.tag in (_INT, _FLOAT):
        return _("a number '{value}'").format(value=shown)
    if node.tag == _BOOL:
        return _("true/false '{value}'").format(value=shown)
    return _("text '{value}'").format(value=shown)


def _expected(wanted: str, node: yaml.Node) -> str:
    """What the format wants here and what the file has: one sentence with both as
    placeholders (each already in the reader's language), so a translator orders them."""
    return _("expected {wanted}, found {found}").format(wanted=wanted, found=_describe(node))


def _too_long(text: str, limit: int) -> str:
    return _("text is {length} characters; the limit is {limit}").format(length=len(text), limit=limit)


def _tag_message(node: yaml.Node) -> str:
    return _("YAML tag {tag} is not allowed in content").format(tag=repr(node.tag))
