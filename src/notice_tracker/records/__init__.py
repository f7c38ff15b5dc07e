"""The records kept in ``data/``: pydantic models, schedule rules and document dates.

Pure values: nothing here reads files, runs git or looks at the clock.
"""
