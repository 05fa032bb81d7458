"""The workshop loader: the data file practices/loader/data/vienna_2019.toml into the database.

The data file is the versioned source of the knowledge base's starting content. It serves no
URL; `manage.py load_workshop` (and `make load`) runs it.

- `schema.py`: what the file may contain (each record's keys, types and defaults), reading it,
  and the messages that say where and why a file cannot be loaded (WorkshopDataError);
- `sync.py`: writing what the schema let through to the database in one transaction, matched
  on natural keys, so that loading the same file twice changes nothing;
- `summary.py`: what a load did, per kind of record;
- `data/`: the data file itself.
"""

from practices.loader.schema import WorkshopDataError, read_workshop_file
from practices.loader.summary import LoadSummary
from practices.loader.sync import DEFAULT_PATH, load_workshop

__all__ = [
    "DEFAULT_PATH",
    "LoadSummary",
    "WorkshopDataError",
    "load_workshop",
    "read_workshop_file",
]
