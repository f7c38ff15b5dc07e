"""JSON Schemas of the data files, for editors (the ``# yaml-language-server`` line).

``python -m notice_tracker.records.schema schemas/`` writes them (``make docs``); a test fails
when the checked-in files differ from the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from notice_tracker.records.kinds import KINDS

SCHEMAS: dict[str, type[BaseModel]] = {kind.name: kind.model for kind in KINDS}


def schema_text(name: str) -> str:
    schema = SCHEMAS[name].model_json_schema(by_alias=True)
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SCHEMAS:
        (folder / f"{name}.schema.json").write_text(schema_text(name), encoding="utf-8")


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas"))
