"""``python -m notice_tracker``."""

from notice_tracker.cli import main

main()
