"""Track DfE improvement notices: due dates, status, CI gate and board papers."""

__version__ = "0.1.0"
