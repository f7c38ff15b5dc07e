"""``python -m notice_tracker``."""

from .cli import main

main()
