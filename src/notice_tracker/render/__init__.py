"""States to text: terminal tables, JSON, board papers and their templates.

Renderers never touch data files or git: they are given values and return text."""
