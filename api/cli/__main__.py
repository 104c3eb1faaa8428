"""``python -m api.cli ...``: the ``meetingpack`` command without an installed entry point."""

import sys

from api.cli import main

sys.exit(main())
