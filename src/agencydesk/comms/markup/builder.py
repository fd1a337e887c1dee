"""The model of html5ever's stack of open elements, and the bounded output."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from .tokens import (
    _AMP,
    _CLOSES_P,
    _HEADINGS,
    _IN_TABLE,
    _LT,
    _MAX_ATTRIBUTE_ENTITIES,
    _MAX_ATTRIBUTES,
    _NBSP,
    _RAW_END,
    _SCOPE_LIMITS,
    _SCOPED_END,
    _SECTIONS,
    _SINGLETONS,
    _SPACE,
    _TABLE_CONTEXT,
    _TABLE_INNER,
    _TABLE_PARTS,
    _VOID,
    MAX_DEPTH,
)


@dataclass
class Bounded:
    """Markup that nh3 parses in linear time, and what was cut to get it."""

    markup: str
    defects: list[str] = field(default_factory=list)


class _Builder:
    """The model of html5ever's stack of open elements, and the output."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[str] = []
        self.at: dict[str, list[int]] = {}
        self.tags = 0
        self.flattened = 0
        self.stripped = 0

    def top(self) -> str:
        return self.stack[-1] if self.stack else ""

    def index(self, name: str) -> int:
        found = self.at.get(name)
        return found[-1] if found else -1

    def push(self, name: str) -> None:
        self.at.setdefault(name, []).append(len(self.stack))
        self.stack.append(name)

    def pop_to(self, index: int) -> None:
        """Pop the element at ``index`` and every one above it."""
        stack, at = self.stack, self.at
        while len(stack) > index:
            at[stack.pop()].pop()

    def foreign(self) -> bool:
        return self.index("svg") >= 0 or self.index("math") >= 0

    def text(self, text: str, *, decode: bool = True) -> None:
        if not text:
            return
        if self.top() in _TABLE_CONTEXT and text.strip(_SPACE):
            self.cell()
        if decode and "&" in text:
            text = html_lib.unescape(text)
        if "&" in text:
            text = text.replace("&", _AMP)
        if "<" in text:
            text = text.replace("<", _LT)
        if "\xa0" in text:
            text = text.replace("\xa0", _NBSP)
        self.out.append(text)

    def cell(self) -> None:
        """Put content met directly in a table into a cell, where html5ever
        would move it out before the table; too deep for a cell, close the
        table, so that the content follows it."""
        if self.row_parts("td"):
            self.out.append("<td>")
            self.push("td")
        else:
            self.out.append("</table>")
            self.pop_to(self.index("table"))

    def row_parts(self, name: str) -> bool:
        """Close what a new ``name`` (td, th, tr) closes and add the parents
        html5ever adds; False, with nothing changed, when that is too deep."""
        stack = self.stack
        table = self.index("table")
        length = len(stack)
        if name in ("td", "th"):
            inner = max(self.index("td"), self.index("th"))
            stop: tuple[str, ...] = ("tr", *_SECTIONS, "table")
        else:
            inner = self.index("tr")
            stop = (*_SECTIONS, "table")
        if inner > table:
            length = inner
        while length > table + 1 and stack[length - 1] not in stop:
            length -= 1
        top = stack[length - 1] if length else ""
        missing = []
        if top == "table":
            missing.append("tbody")
        if name != "tr" and top != "tr":
            missing.append("tr")
        if length + len(missing) + 1 > MAX_DEPTH:
            return False
        self.pop_to(length)
        for parent in missing:
            self.push(parent)
        return True

    def start(self, name: str, raw: str, closed_by_slash: bool) -> bool:
        """Model one start tag; False when it is dropped."""
        if name in _SINGLETONS:
            return True
        if self.foreign():
            if closed_by_slash:
                return True
            return self.open(name)
        top = self.top()
        if name in _TABLE_PARTS:
            table = self.index("table")
            if table < 0:
                return False  # html5ever ignores it outside a table
            if name in ("td", "th", "tr"):
                if not self.row_parts(name):
                    return self.flatten()
            elif table + 3 > MAX_DEPTH:
                return self.flatten()
            elif name == "col":
                group = self.index("colgroup")
                if group <= table:
                    self.pop_to(table + 1)
                    self.push("colgroup")
                else:
                    self.pop_to(group + 1)
                return True
            else:
                self.pop_to(table + 1)
            return self.open(name)
        if name == "table" and (top in _TABLE_CONTEXT or top in _TABLE_INNER):
            self.pop_to(self.index("table"))
            return self.open(name)
        if top in _TABLE_CONTEXT:
            if name == "form":
                return True  # html5ever inserts it and closes it at once
            if name not in _IN_TABLE:
                self.cell()
        top = self.top()
        if top == "p" and name in _CLOSES_P:
            self.pop_to(len(self.stack) - 1)
            top = self.top()
        if (
            (name == top and name in ("li", "option", "a", "nobr", "button"))
            or (name in ("dd", "dt") and top in ("dd", "dt"))
            or (name in _HEADINGS and top in _HEADINGS)
            or (name == "optgroup" and top in ("option", "optgroup"))
        ):
            self.pop_to(len(self.stack) - 1)
        if name in _VOID:
            return True
        return self.open(name)

    def open(self, name: str) -> bool:
        if len(self.stack) >= MAX_DEPTH:
            return self.flatten()
        self.push(name)
        return True

    def flatten(self) -> bool:
        self.flattened += 1
        return False

    def end(self, name: str) -> bool:
        """Model one end tag; False when it is dropped."""
        if name in _SINGLETONS:
            return False
        if name in _HEADINGS:
            index = max(self.index(heading) for heading in _HEADINGS)
        else:
            index = self.index(name)
        if index < 0:
            return True
        if index == len(self.stack) - 1:
            self.pop_to(index)
        elif self.foreign():
            pass
        elif name == "table" or name in _TABLE_PARTS:
            if index > self.index("table") or name == "table":
                self.pop_to(index)
        elif name in _SCOPED_END:
            limits = _SCOPE_LIMITS
            if name == "li":
                limits = (*limits, "ol", "ul")
            elif name == "p":
                limits = (*limits, "button")
            if index > max(self.index(limit) for limit in limits):
                self.pop_to(index)
        return True


def _raw_end(name: str) -> re.Pattern[str]:
    pattern = _RAW_END.get(name)
    if pattern is None:
        pattern = re.compile(rf"</{name}[\t\n\f\r />]", re.I)
        _RAW_END[name] = pattern
    return pattern


def _too_many_attributes(attrs: str) -> bool:
    if len(attrs) < _MAX_ATTRIBUTES:
        return False
    entities = attrs.count("&") + attrs.count("\xa0")
    separators = sum(attrs.count(c) for c in "\t\n\f\r /\"'")
    return entities > _MAX_ATTRIBUTE_ENTITIES or separators > 2 * _MAX_ATTRIBUTES
