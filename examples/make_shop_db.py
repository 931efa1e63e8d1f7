#!/usr/bin/env python3
"""Builds the quickstart's example SQLite database: a small, realistic shop.

    python3 examples/make_shop_db.py [--out examples/data/shop.db] [--scale 1]

Standard library only. The output is deterministic: a fixed seed and a fixed base date
(2026-01-01T00:00:00Z) make the file byte-for-byte identical for the same arguments on the same
SQLite version. An existing file at --out is replaced.

Tables: customers (300), products (60), orders (1500 x scale), order_items (1-5 lines per order),
plus an index on orders(customer_id), a plain index on customers(email), the view order_totals and
the trigger orders_set_shipped_at (objects that `ferry inspect` lists but a copy does not move).

The data is deliberately messy where real shops are: accented, German, CJK and emoji names, names
in decomposed Unicode (NFD) and with stray spaces, empty-string and NULL notes, NULL countries and
weights, small binary photos, date-times with microseconds or with a +02:00 offset. It also holds
exactly the bad rows listed in BAD_ROWS below, which examples/quickstart.yaml rejects to dead
letters (the run still exits 0: max_rejected is 10).
"""

import argparse
import datetime as dt
import os
import random
import sqlite3
import sys
import unicodedata

SEED = 20260101
BASE = dt.datetime(2026, 1, 1, 0, 0, 0)  # UTC, naive on purpose: stored without an offset
ORDER_WINDOW_DAYS = 120
N_CUSTOMERS = 300
N_PRODUCTS = 60
ORDERS_PER_SCALE = 1500

# The deliberately bad rows (fixed keys, the same at every scale).
BAD_EMAIL_IDS = (57, 211)  # (a) email without '@'
DUP_EMAIL_ID, DUP_EMAIL_OF = 148, 23  # (b) customer 148 repeats customer 23's email
LOST_ORDER_ID = 777  # (c) status 'lost'
BAD_DATE_ORDER_ID = 1203  # (d) ordered_at '2024'
ZERO_QTY_ITEM = (512, 2)  # (e) order_items (order_id, line_no) with quantity 0
BAD_UTF8_ID = 264  # (f) full_name with invalid UTF-8 bytes
BAD_UTF8_NAME = b"Jos\xe9 Mart\xednez"  # Latin-1 bytes: 0xE9 and 0xED are not valid UTF-8 here
NEGATIVE_PRICE_ID = 42  # (g) price -5.00

BAD_ROWS = [
    ("customers", "id=%d" % BAD_EMAIL_IDS[0], "(a) email without '@' -> regex rule"),
    ("customers", "id=%d" % BAD_EMAIL_IDS[1], "(a) email without '@' -> regex rule"),
    ("customers", "id=%d" % DUP_EMAIL_ID,
     "(b) email duplicates customer id=%d -> unique rule" % DUP_EMAIL_OF),
    ("orders", "id=%d" % LOST_ORDER_ID, "(c) status 'lost' -> in rule (its items are fine)"),
    ("orders", "id=%d" % BAD_DATE_ORDER_ID,
     "(d) ordered_at '2024' (stored as INTEGER 2024 by NUMERIC affinity) -> not a DATETIME"),
    ("order_items", "order_id=%d,line_no=%d" % ZERO_QTY_ITEM, "(e) quantity 0 -> range min 1"),
    ("customers", "id=%d" % BAD_UTF8_ID,
     "(f) full_name is invalid UTF-8 (%s) -> invalid_utf8: reject" % BAD_UTF8_NAME.hex()),
    ("products", "id=%d" % NEGATIVE_PRICE_ID, "(g) price -5.00 -> range min 0"),
]

# (display name, ascii slug for the email address)
FIRST_NAMES = [
    ("Anna", "anna"), ("Jürgen", "juergen"), ("Zoë", "zoe"), ("José", "jose"),
    ("François", "francois"), ("Ingrid", "ingrid"), ("Søren", "soren"), ("Łukasz", "lukasz"),
    ("Małgorzata", "malgorzata"), ("Renée", "renee"), ("Chloé", "chloe"), ("Björn", "bjorn"),
    ("Håkon", "hakon"), ("Ünal", "unal"), ("Çağla", "cagla"), ("Ramón", "ramon"),
    ("Inês", "ines"), ("João", "joao"), ("Noémie", "noemie"), ("Émile", "emile"),
    ("Tomáš", "tomas"), ("Jiří", "jiri"), ("Dörte", "doerte"), ("Margarethe", "margarethe"),
    ("Oliver", "oliver"), ("Emma", "emma"), ("Liam", "liam"), ("Sofia", "sofia"),
    ("Mateo", "mateo"), ("Amélie", "amelie"), ("Nils", "nils"), ("Åsa", "asa"),
    ("Grace", "grace"), ("Ahmed", "ahmed"), ("Fatma", "fatma"), ("Priya", "priya"),
]
LAST_NAMES = [
    ("Müller", "mueller"), ("Weiß", "weiss"), ("Strauß", "strauss"), ("Groß", "gross"),
    ("Schäfer", "schaefer"), ("Dubois", "dubois"), ("Lefèvre", "lefevre"), ("García", "garcia"),
    ("Muñoz", "munoz"), ("Núñez", "nunez"), ("Peña", "pena"), ("Gonçalves", "goncalves"),
    ("Østergård", "ostergard"), ("Kowalczyk", "kowalczyk"), ("Wójcik", "wojcik"),
    ("Dvořák", "dvorak"), ("Novák", "novak"), ("Yılmaz", "yilmaz"), ("Öztürk", "ozturk"),
    ("Andersson", "andersson"), ("Lindqvist", "lindqvist"), ("Rossi", "rossi"),
    ("Brontë", "bronte"), ("O'Brien", "obrien"), ("Smith", "smith"), ("Nguyễn", "nguyen"),
    ("Fernández", "fernandez"), ("Ibáñez", "ibanez"), ("Kühn", "kuehn"), ("Jäger", "jaeger"),
]
CJK_NAMES = [
    ("王芳", "wang.fang"), ("李伟", "li.wei"), ("张静", "zhang.jing"), ("陈明", "chen.ming"),
    ("佐藤 花子", "sato.hanako"), ("鈴木 一郎", "suzuki.ichiro"), ("高橋 美咲", "takahashi.misaki"),
    ("김민준", "kim.minjun"), ("이서연", "lee.seoyeon"), ("박지훈", "park.jihoon"),
]
EMOJI_NAME = ("Sunny 🌻 Okafor", "sunny.okafor")
DOMAINS = ["example.com", "example.org", "example.net", "mail.example", "post.example.de"]
COUNTRIES = ["DE", "DE", "DE", "AT", "CH", "FR", "ES", "PT", "PL", "CZ", "SE", "DK", "NO",
             "IT", "NL", "GB", "IE", "TR", "CN", "JP", "KR", "VN", "US"]
NOTES = [
    "VIP – call before delivery", "Prefers invoices by e-mail", "Leave parcel at the neighbour's",
    "Hat Rabattcode SOMMER10 benutzt", "Ne pas sonner après 20h", "请在工作日送货",
    "Asked about gift wrapping 🎁", "Returned one item in 2025", "  leading spaces in this note",
    "Büro: 3. Stock, Zimmer 312", "Line one\nline two", "Allergic to latex packaging",
]

PRODUCT_NOUNS = {
    "Kitchen": [("Espresso cup", "ESP"), ("Crème brûlée torch", "TOR"), ("Käsereibe", "KAS"),
                ("Chef's knife 21 cm", "KNF"), ("Teapot 1.2 l", "TEA"), ("Wok Ø 32 cm", "WOK")],
    "Garden": [("Watering can", "WAT"), ("Pruning shears", "PRU"), ("Seed set „Wiese“", "SEE"),
               ("Hose reel", "HOS")],
    "Office": [("Notebook A5", "NBK"), ("Fountain pen", "PEN"), ("Desk lamp", "LMP"),
               ("Stapler", "STP")],
    "Outdoor": [("Trekking pole", "TRK"), ("Thermos 0.75 l", "THM"), ("Headlamp", "HLP")],
    "Toys": [("Wooden train", "TRN"), ("Puzzle 1000 pcs", "PZL"), ("Kite „Möwe“", "KIT")],
}
PRODUCT_STYLES = ["Classic", "Pro", "Mini", "Eco", "Deluxe", "Nordic", "Café", "Édition bleue"]


def fmt_micros(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.%f")


def fmt_offset(t_utc):
    local = t_utc + dt.timedelta(hours=2)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + "+02:00"


def make_customers(rng):
    rows = []
    used_emails = {}
    for cid in range(1, N_CUSTOMERS + 1):
        roll = rng.random()
        if cid == 99:
            name, slug = EMOJI_NAME
        elif roll < 0.08:
            name, slug = rng.choice(CJK_NAMES)
        else:
            first, fslug = rng.choice(FIRST_NAMES)
            last, lslug = rng.choice(LAST_NAMES)
            name, slug = first + " " + last, fslug + "." + lslug
        # Some names arrive decomposed ('e' + U+0301): NFC normalization has work to do.
        if rng.random() < 0.12 and unicodedata.normalize("NFD", name) != name:
            name = unicodedata.normalize("NFD", name)
        # Some arrive with stray spaces.
        r = rng.random()
        if r < 0.03:
            name = "  " + name
        elif r < 0.06:
            name = name + " "
        elif r < 0.07:
            name = " " + name + "  "
        domain = rng.choice(DOMAINS)
        email = slug + "@" + domain
        n = 2
        while email in used_emails:
            email = "%s%d@%s" % (slug, n, domain)
            n += 1
        used_emails[email] = cid
        country = None if rng.random() < 0.08 else rng.choice(COUNTRIES)
        signed = dt.datetime(2023, 1, 1) + dt.timedelta(
            seconds=rng.randrange(int((dt.datetime(2025, 8, 31) - dt.datetime(2023, 1, 1))
                                      .total_seconds())))
        opt_in = rng.choice([1, 1, 0, 0, 0, None])
        r = rng.random()
        if r < 0.45:
            notes = None
        elif r < 0.57:
            notes = ""
        elif r < 0.60:
            notes = "   "
        else:
            notes = rng.choice(NOTES)
        rows.append([cid, email, name, country, signed.strftime("%Y-%m-%d %H:%M:%S"),
                     opt_in, notes])
    # The bad rows.
    rows[BAD_EMAIL_IDS[0] - 1][1] = "anna.schmidt.example.com"
    rows[BAD_EMAIL_IDS[1] - 1][1] = "info_weber-gmbh.example"
    rows[DUP_EMAIL_ID - 1][1] = rows[DUP_EMAIL_OF - 1][1]
    rows[BAD_UTF8_ID - 1][1] = "jose.martinez@example.com"
    rows[BAD_UTF8_ID - 1][2] = BAD_UTF8_NAME  # inserted with CAST(? AS TEXT), see below
    return rows


def make_products(rng):
    rows = []
    skus = set()
    cats = list(PRODUCT_NOUNS)
    for pid in range(1, N_PRODUCTS + 1):
        cat = cats[(pid - 1) % len(cats)]
        noun, code = rng.choice(PRODUCT_NOUNS[cat])
        name = noun + " " + rng.choice(PRODUCT_STYLES)
        sku = "%s-%05d" % (code, rng.randrange(10000, 99999))
        while sku in skus:
            sku = "%s-%05d" % (code, rng.randrange(10000, 99999))
        skus.add(sku)
        category = None if rng.random() < 0.07 else cat
        cents = rng.choice([rng.randrange(199, 2999), rng.randrange(1999, 19999),
                            rng.randrange(9900, 49900)])
        cents = cents - cents % 10 + rng.choice([0, 9, 9, 5])  # .x0 / .x9 / .x5 prices
        price = cents / 100.0
        weight = None if rng.random() < 0.15 else round(rng.uniform(0.05, 12.0), 3)
        created = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1300))
        photo = None
        if rng.random() < 0.4:
            size = rng.randrange(24, 160)
            photo = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(size))
        rows.append([pid, sku, name, category, price, weight, created.isoformat(), photo])
    rows[NEGATIVE_PRICE_ID - 1][4] = -5.00
    return rows


def make_orders(rng, scale, customers, products):
    n_orders = ORDERS_PER_SCALE * scale
    good_customers = [c[0] for c in customers
                      if c[0] not in BAD_EMAIL_IDS + (DUP_EMAIL_ID, BAD_UTF8_ID)]
    good_products = [p for p in products if p[0] != NEGATIVE_PRICE_ID]
    window = ORDER_WINDOW_DAYS * 86400 * 1000000
    times = sorted(BASE - dt.timedelta(microseconds=rng.randrange(1, window))
                   for _ in range(n_orders))
    orders, items = [], []
    for oid, t in enumerate(times, start=1):
        customer = rng.choice(good_customers)
        status = rng.choices(["pending", "paid", "shipped", "cancelled"], [12, 18, 60, 10])[0]
        if (BASE - t).days < 3 and status == "shipped":
            status = "paid"
        ordered_at = fmt_offset(t) if rng.random() < 0.08 else fmt_micros(t)
        shipped_at = None
        if status == "shipped":
            shipped_at = fmt_micros(t + dt.timedelta(microseconds=rng.randrange(
                3600 * 1000000, 96 * 3600 * 1000000)))
        n_lines = rng.choices([1, 2, 3, 4, 5], [40, 25, 15, 12, 8])[0]
        if oid == ZERO_QTY_ITEM[0]:
            n_lines = max(n_lines, ZERO_QTY_ITEM[1])
        total_cents = 0
        for line_no, prod in enumerate(rng.sample(good_products, n_lines), start=1):
            qty = rng.choices([1, 2, 3, 4, 6, 12, 24], [55, 20, 10, 6, 5, 3, 1])[0]
            if (oid, line_no) == ZERO_QTY_ITEM:
                qty = 0
            unit_cents = round(prod[4] * 100)
            if rng.random() < 0.1:
                unit_cents = round(unit_cents * 0.9)  # a discounted line
            total_cents += qty * unit_cents
            items.append((oid, line_no, prod[0], qty, unit_cents / 100.0))
        total = total_cents / 100.0
        if status == "cancelled" and rng.random() < 0.5:
            total = None
        currency = rng.choices(["EUR", "USD", "GBP", "CHF"], [85, 7, 4, 4])[0]
        if oid == LOST_ORDER_ID:
            status, shipped_at = "lost", None
        if oid == BAD_DATE_ORDER_ID:
            ordered_at = "2024"
        orders.append((oid, customer, status, ordered_at, shipped_at, total, currency))
    return orders, items


SCHEMA = """
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  full_name TEXT NOT NULL,
  country CHAR(2),
  signed_up_at DATETIME NOT NULL,
  marketing_opt_in BOOLEAN,
  notes TEXT
);
CREATE INDEX idx_customers_email ON customers(email);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku VARCHAR(20) NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT,
  price DECIMAL(10,2) NOT NULL,
  weight_kg REAL,
  created_on DATE,
  photo BLOB
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  status TEXT NOT NULL,
  ordered_at DATETIME NOT NULL,
  shipped_at DATETIME,
  total DECIMAL(12,2),
  currency CHAR(3) DEFAULT 'EUR'
);
CREATE INDEX idx_orders_customer_id ON orders(customer_id);

CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  line_no INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL,
  unit_price DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (order_id, line_no)
);

CREATE VIEW order_totals AS
  SELECT o.id AS order_id, o.customer_id, o.status, o.currency,
         COUNT(i.line_no) AS lines, SUM(i.quantity * i.unit_price) AS items_total
  FROM orders o LEFT JOIN order_items i ON i.order_id = o.id
  GROUP BY o.id;

CREATE TRIGGER orders_set_shipped_at AFTER UPDATE OF status ON orders
  WHEN NEW.status = 'shipped' AND NEW.shipped_at IS NULL
BEGIN
  UPDATE orders SET shipped_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = NEW.id;
END;
"""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join("examples", "data", "shop.db"),
                    help="database file to (re)create (default: examples/data/shop.db)")
    ap.add_argument("--scale", type=int, default=1,
                    help="multiplies orders and order_items (default 1: 1500 orders)")
    args = ap.parse_args(argv)
    if args.scale < 1:
        ap.error("--scale must be 1 or more")

    rng = random.Random(SEED)
    customers = make_customers(rng)
    products = make_products(rng)
    orders, items = make_orders(rng, args.scale, customers, products)

    out = args.out
    if os.path.dirname(out):
        os.makedirs(os.path.dirname(out), exist_ok=True)
    for path in (out, out + "-journal", out + "-wal", out + "-shm"):
        if os.path.exists(path):
            os.remove(path)

    con = sqlite3.connect(out, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        con.executescript(SCHEMA)
        con.execute("BEGIN")
        for c in customers:
            name_sql = "CAST(? AS TEXT)" if isinstance(c[2], bytes) else "?"
            con.execute("INSERT INTO customers (id, email, full_name, country, signed_up_at,"
                        " marketing_opt_in, notes) VALUES (?, ?, %s, ?, ?, ?, ?)" % name_sql, c)
        con.executemany("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?)", products)
        con.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)", orders)
        con.executemany("INSERT INTO order_items VALUES (?, ?, ?, ?, ?)", items)
        con.execute("COMMIT")
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            sys.exit("foreign key check failed: %r" % broken[:5])
        con.execute("VACUUM")
        counts = {t: con.execute("SELECT count(*) FROM " + t).fetchone()[0]
                  for t in ("customers", "products", "orders", "order_items")}
    finally:
        con.close()

    print("wrote %s (%d bytes, scale %d)" % (out, os.path.getsize(out), args.scale))
    for table, n in counts.items():
        print("  %-12s %6d rows" % (table, n))
    print("deliberately bad rows (%d):" % len(BAD_ROWS))
    for table, key, why in BAD_ROWS:
        print("  %-12s %-24s %s" % (table, key, why))


if __name__ == "__main__":
    main()
