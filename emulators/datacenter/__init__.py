"""A scriptable fake datacenter for agent tests: same protocol, canned answers, faults, a journal.

`FakeDatacenter` (models) holds the state; `serve` (server) puts it on loopback HTTPS;
`InProcessClient` (client) talks to it without sockets for simulated weeks; `Faults` (control)
scripts 5xx, 429 with Retry-After, offline spans, resets mid-upload, slow answers, a wrong clock.
Where it differs from the real datacenter is listed in ``models``' docstring.
"""

from emulators.datacenter.client import InProcessClient
from emulators.datacenter.control import Faults
from emulators.datacenter.models import Answer, Arrival, FakeDatacenter, JournalEntry
from emulators.datacenter.server import Served, serve

__all__ = [
    "Answer",
    "Arrival",
    "FakeDatacenter",
    "Faults",
    "InProcessClient",
    "JournalEntry",
    "Served",
    "serve",
]
