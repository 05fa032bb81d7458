"""What a load did, per kind of record, as `manage.py load_workshop` prints it."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LoadSummary:
    """What a load did, per kind of record: created, updated, unchanged, deleted, archived."""

    path: Path
    counts: dict[str, Counter] = field(default_factory=dict)

    def count(self, label, outcome, n=1):
        self.counts.setdefault(label, Counter())[outcome] += n

    def total(self, outcome):
        return sum(c[outcome] for c in self.counts.values())

    @property
    def changed(self):
        return any(self.total(o) for o in ("created", "updated", "deleted", "archived"))

    def lines(self):
        def describe(c):
            text = f"{c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            text += f", {c['deleted']} deleted" if c["deleted"] else ""
            return text + (f", {c['archived']} archived" if c["archived"] else "")

        outcomes = ("created", "updated", "unchanged", "deleted", "archived")
        total = Counter({o: self.total(o) for o in outcomes})
        rows = [f"  {label}: {describe(c)}" for label, c in self.counts.items()]
        return [f"Loaded {self.path}", *rows, f"Total: {describe(total)}."]
