"""``python -m syncsystem …``: the same command as the ``syncsystem`` console script.

For hosts where the venv's scripts folder is not on ``PATH`` (a Windows service account, ``py -m``).
"""

from syncsystem.cli import main

raise SystemExit(main())
