#!/usr/bin/env python3
"""Deterministic `orders` rows for bench/migrate.sh, written three ways from one pass.

    python3 bench/orders.py ROWS OUT_DIR

writes into OUT_DIR:
  orders.db      SQLite: the table the SQLite → PostgreSQL cases read
  orders.csv     PostgreSQL CSV (NULL = empty unquoted field) for the `\\copy` ceiling
  orders.tsv     MariaDB LOAD DATA text (tab separated, backslash escapes, \\N = NULL)
  expected.txt   the figures every target must show afterwards (count, sums, NULLs, first/last time)

Row i (1..ROWS) is a pure function of i, so every run and every format holds the same rows. The
schema is in the DDL strings below; bench/migrate.sh creates the MariaDB and PostgreSQL tables
with the same columns.
"""

import csv
import os
import sqlite3
import sys
import time

SQLITE_DDL = """
CREATE TABLE orders (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  status      VARCHAR(20) NOT NULL,
  amount      DECIMAL(12,2) NOT NULL,
  quantity    INTEGER NOT NULL,
  note        TEXT,
  created_at  DATETIME NOT NULL,
  active      BOOLEAN NOT NULL
)
"""

STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled", "refunded")

# Notes exercise what a CSV or COPY path has to get right: commas, double quotes, a line break,
# a tab, a backslash, accented Latin, Greek, CJK and an emoji (4-byte UTF-8).
NOTES = (
    "leave at the door",
    'gift wrap, "fragile" sticker',
    "call before delivery\nsecond floor, ring twice",
    "Grüße aus Köln – café crème",
    "Ωμέγα τάξη, señor Muñoz",
    "東京の注文です",
    "rocket 🚀 express",
    "path C:\\orders\\tab\there",
)

EPOCH_2026 = 1767225600  # 2026-01-01 00:00:00 UTC; row i is 37·i seconds before it


def row(i):
    cents = (i * 104729) % 1000000
    note = None if i % 8 == 5 else f"{NOTES[(i * 3) % len(NOTES)]} #{i % 1000}"
    return (
        i,
        1 + (i * 7919) % 50000,
        STATUSES[(i * 31 + i // 7) % len(STATUSES)],
        f"{cents // 100}.{cents % 100:02d}",
        1 + (i * 13) % 20,
        note,
        time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(EPOCH_2026 - 37 * i)),
        1 if (i * 7) % 10 < 8 else 0,
    )


def tsv_field(value):
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: orders.py ROWS OUT_DIR")
    rows, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    db_path = os.path.join(out, "orders.db")
    if os.path.exists(db_path):
        os.remove(db_path)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute(SQLITE_DDL)

    cents_sum = quantity_sum = notes = active = 0
    batch = []
    with open(os.path.join(out, "orders.csv"), "w", newline="", encoding="utf-8") as c, open(
        os.path.join(out, "orders.tsv"), "w", newline="", encoding="utf-8"
    ) as t:
        writer = csv.writer(c, lineterminator="\n")
        for i in range(1, rows + 1):
            r = row(i)
            writer.writerow(r)
            t.write("\t".join(tsv_field(v) for v in r) + "\n")
            batch.append(r)
            if len(batch) == 50000:
                db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
                batch.clear()
            cents_sum += (i * 104729) % 1000000
            quantity_sum += r[4]
            notes += r[5] is not None
            active += r[7]
    db.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
    db.commit()
    db.close()

    first, last = row(rows)[6], row(1)[6]
    with open(os.path.join(out, "expected.txt"), "w", encoding="utf-8") as e:
        # One line, the same fields in the same order as migrate.sh's check query prints them.
        e.write(
            f"{rows}|{cents_sum // 100}.{cents_sum % 100:02d}|{quantity_sum}|{notes}|{active}"
            f"|{first}|{last}\n"
        )


if __name__ == "__main__":
    main()
