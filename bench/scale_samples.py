"""Grow a samples database to N samples for the report benchmarks (quality.md: 200 samples for the
expert template, 2 000 for the inventory).

    python3 bench/scale_samples.py isofind.db 2000

The demo samples are copied, with every measurement, as "<name>-C<k>", until there are N samples;
the copies keep the originals' projects, so the demo projects grow too. Positions are shifted by a
few hundred metres per copy so that maps stay readable. Runs in place, in one transaction.
"""

from __future__ import annotations

import sqlite3
import sys

CHILD_TABLES = ("sample_isotope", "sample_geochem", "sample_physicochemistry", "sample_molecules")


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def scale(path: str, target: int) -> int:
    db = sqlite3.connect(path)
    with db:
        originals = [row[0] for row in db.execute("SELECT id FROM samples ORDER BY id")]
        count = len(originals)
        sample_columns = [c for c in columns(db, "samples") if c != "id"]
        copy = 0
        while count < target:
            copy += 1
            for original in originals:
                if count >= target:
                    break
                values = dict(zip(sample_columns, db.execute(
                    f"SELECT {', '.join(sample_columns)} FROM samples WHERE id = ?", (original,)).fetchone()))
                values["name"] = f"{values['name']}-C{copy}"
                if values.get("latitude") is not None:
                    values["latitude"] += 0.002 * copy
                if values.get("longitude") is not None:
                    values["longitude"] += 0.002 * copy
                cursor = db.execute(
                    f"INSERT INTO samples ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
                    list(values.values()))
                new_id = cursor.lastrowid
                for table in CHILD_TABLES:
                    child = [c for c in columns(db, table) if c not in ("id", "sample_id")]
                    db.execute(f"INSERT INTO {table} (sample_id, {', '.join(child)}) "
                               f"SELECT ?, {', '.join(child)} FROM {table} WHERE sample_id = ?", (new_id, original))
                count += 1
    db.close()
    return count


if __name__ == "__main__":
    print(scale(sys.argv[1], int(sys.argv[2])))
