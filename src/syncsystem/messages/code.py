"""The message code: a name and its placeholders, called with the values to make a `Message`.

``CELL_DECIMALS(count=3, most=2, cell="1,234")`` is a :class:`~syncsystem.messages.Message`; the words
are in ``de.po`` and ``en.po`` under the code. A code's placeholders are exactly the names its
templates use (a test walks every code in both catalogues); calling a code with other names raises.
"""

from __future__ import annotations

from dataclasses import dataclass

from syncsystem.messages import PARAMS, Message, Value

__all__ = ["CODES", "Code", "declare"]


@dataclass(frozen=True, slots=True)
class Code:
    """A message code and the names of the values its wording needs."""

    name: str
    params: tuple[str, ...]
    names: frozenset[str]  # the params as a set: checked on every call, on the hot path of bulk reads

    def __call__(self, **values: Value) -> Message:
        if values.keys() != self.names:
            taken = ", ".join(self.params) or "no values"
            raise TypeError(f"{self.name} takes {taken}, not {', '.join(values)}")
        return Message(self.name, tuple(map(values.__getitem__, self.params)))


CODES: dict[str, Code] = {}


def declare(name: str, *params: str) -> Code:
    """Declare code ``name`` with its placeholders (once; a second declaration is a bug)."""
    assert name not in CODES, name
    CODES[name] = code = Code(name, params, frozenset(params))
    PARAMS[name] = params
    return code
