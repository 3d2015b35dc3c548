"""Every message code, declared once with its placeholders; use them by name.

``CELL_DECIMALS(count=3, most=2, cell="1,234")`` is a :class:`~syncsystem.messages.Message`; the words
are in ``de.po`` and ``en.po`` under the code. The codes are declared by area in this package's
modules and all re-exported here (``from syncsystem.messages import codes as mc``; ``mc.CELL_DECIMALS``).
"""

from __future__ import annotations

from syncsystem.messages.code import CODES, Code
from syncsystem.messages.codes import (
    access,
    advisor,
    agent,
    bmd,
    cli,
    cli_help_office,
    cli_help_ops,
    config,
    demo,
    exchange,
    office,
    office_pages,
    settings,
    startup,
    transfer,
)
from syncsystem.messages.codes.access import *  # noqa: F403
from syncsystem.messages.codes.advisor import *  # noqa: F403
from syncsystem.messages.codes.agent import *  # noqa: F403
from syncsystem.messages.codes.bmd import *  # noqa: F403
from syncsystem.messages.codes.cli import *  # noqa: F403
from syncsystem.messages.codes.cli_help_office import *  # noqa: F403
from syncsystem.messages.codes.cli_help_ops import *  # noqa: F403
from syncsystem.messages.codes.config import *  # noqa: F403
from syncsystem.messages.codes.demo import *  # noqa: F403
from syncsystem.messages.codes.exchange import *  # noqa: F403
from syncsystem.messages.codes.office import *  # noqa: F403
from syncsystem.messages.codes.office_pages import *  # noqa: F403
from syncsystem.messages.codes.settings import *  # noqa: F403
from syncsystem.messages.codes.startup import *  # noqa: F403
from syncsystem.messages.codes.transfer import *  # noqa: F403

__all__ = [  # noqa: PLE0604 - the areas' names, re-exported
    "CODES",
    "Code",
    *bmd.__all__,
    *exchange.__all__,
    *config.__all__,
    *transfer.__all__,
    *office.__all__,
    *office_pages.__all__,
    *advisor.__all__,
    *cli.__all__,
    *cli_help_office.__all__,
    *cli_help_ops.__all__,
    *demo.__all__,
    *startup.__all__,
    *access.__all__,
    *agent.__all__,
    *settings.__all__,
]
