#!/usr/bin/env python3
"""Generates the MongoDB example: bank-credit contracts (Brazilian CCB) as Extended JSON lines.

    python3 examples/make_contracts.py [--out examples/data/contracts.jsonl] [--count 500]

Standard library only, deterministic (fixed seed and base date). One document per line in
MongoDB's canonical Extended JSON, so any loader keeps the BSON types (`mongoimport --file
contracts.jsonl --collection contracts` does; ferry's tests load the same file).

A contract holds the client (name, birth date), identity documents (CPF with real check digits,
RG), addresses, contacts (phones and e-mails), a bank account, the operation (amount as
Decimal128, rate, dates) with its installments (due dates ascending, amounts) and the CET
(effective total cost) breakdown. Types vary the way real collections do: ObjectId keys, int and
long in one field, Decimal128 money, dates, a binary UUID, nulls beside missing fields, keys with
dots and spaces.

BAD documents, at fixed positions (see BAD below), are the ones the example job must reject:
an invalid CPF check digit, a negative amount, installments out of date order, an operation
that is a string instead of a document, and an installment amount that is text.
"""

import argparse
import base64
import datetime as dt
import json
import os
import random
import sys

SEED = 20261121
BASE = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)

FIRST = ["Ana", "João", "Maria", "José", "Francisca", "Antônio", "Luíza", "Pedro", "Beatriz",
         "Carlos", "Júlia", "Paulo", "Fernanda", "Lucas", "Mariana", "Rafael"]
LAST = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
        "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Araújo"]
CITIES = [("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Belo Horizonte", "MG"),
          ("Porto Alegre", "RS"), ("Salvador", "BA"), ("Recife", "PE"), ("Curitiba", "PR")]
BANKS = [("001", "Banco do Brasil"), ("237", "Bradesco"), ("341", "Itaú"), ("104", "Caixa")]

# Position (0-based) → what is wrong with that document.
BAD = {
    7: "cpf_check_digit",
    19: "negative_amount",
    31: "installments_out_of_order",
    43: "operation_not_a_document",
    55: "installment_amount_text",
}


def cpf(rng, valid=True):
    """An 11-digit CPF with correct check digits (or a wrong last digit)."""
    digits = [rng.randrange(10) for _ in range(9)]
    for n in (10, 11):
        total = sum(d * w for d, w in zip(digits, range(n, 1, -1)))
        check = (total * 10) % 11
        digits.append(0 if check == 10 else check)
    if not valid:
        digits[-1] = (digits[-1] + 1) % 10
    s = "".join(map(str, digits))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def oid(n):
    return {"$oid": f"{0x650000000000000000000000 + n:024x}"}


def date(d):
    return {"$date": {"$numberLong": str(int(d.timestamp() * 1000))}}


def dec(value):
    return {"$numberDecimal": f"{value:.2f}"}


def uuid_binary(rng):
    raw = bytes(rng.randrange(256) for _ in range(16))
    return {"$binary": {"base64": base64.b64encode(raw).decode(), "subType": "04"}}


def contract(i, rng):
    bad = BAD.get(i)
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
    born = BASE - dt.timedelta(days=rng.randrange(18 * 365, 75 * 365))
    city, state = rng.choice(CITIES)
    amount = round(rng.uniform(1_000, 80_000), 2)
    if bad == "negative_amount":
        amount = -amount
    months = rng.choice([6, 12, 18, 24, 36])
    start = BASE + dt.timedelta(days=rng.randrange(0, 300))
    rate = round(rng.uniform(0.99, 4.5), 2)
    monthly = round(amount * (1 + rate / 100) / months, 2)
    installments = []
    for n in range(1, months + 1):
        due = start + dt.timedelta(days=30 * n)
        inst = {"number": n if n % 5 else {"$numberLong": str(n)},  # int and long in one field
                "due_date": date(due), "amount": dec(monthly),
                "paid": n <= rng.randrange(0, months)}
        if bad == "installment_amount_text" and n == 2:
            inst["amount"] = "cento e dez reais"
        installments.append(inst)
    if bad == "installments_out_of_order":
        installments[1]["due_date"], installments[2]["due_date"] = (
            installments[2]["due_date"], installments[1]["due_date"])
    cet = [{"component": "juros", "value": dec(amount * rate / 100)},
           {"component": "iof", "value": dec(amount * 0.0038)},
           {"component": "tarifa de cadastro", "value": dec(rng.choice([0, 150, 300]))}]
    contacts = [{"type": "phone", "value": f"+55 11 9{rng.randrange(10**7, 10**8)}"},
                {"type": "email", "value": f"{name.split()[0].lower()}{i}@exemplo.com.br"}]
    if i % 4 == 0:
        contacts.append({"type": "phone", "value": None})  # null beside missing
    doc = {
        "_id": oid(i),
        "contract_number": f"CCB-2026-{i:06d}",
        "client": {
            "name": name,
            "birth_date": date(born),
            "documents": [
                {"kind": "CPF", "number": cpf(rng, valid=(bad != "cpf_check_digit"))},
                {"kind": "RG", "number": f"{rng.randrange(10**7, 10**8)}-{rng.randrange(10)}",
                 "issuer": f"SSP/{state}"},
            ],
            "addresses": [{"street": f"Rua {rng.choice(LAST)}", "number": rng.randrange(1, 3000),
                           "city": city, "state": state,
                           "zip": f"{rng.randrange(10**4, 10**5)}-{rng.randrange(1000):03d}"}],
            "contacts": contacts,
        },
        "bank_account": {"bank_code": (b := rng.choice(BANKS))[0], "bank_name": b[1],
                         "branch": f"{rng.randrange(1, 9999):04d}",
                         "account": f"{rng.randrange(10**5, 10**6)}-{rng.randrange(10)}"},
        "operation": {"amount": dec(amount), "rate_monthly_pct": rate, "term_months": months,
                      "signed_at": date(start), "installments": installments, "cet": cet},
        "external.ref id": uuid_binary(rng),  # a key with a dot and a space
        "tags": ["ccb", "consignado"] if i % 3 == 0 else ["ccb"],
    }
    if i % 6 == 0:
        doc["client"]["addresses"].append(
            {"street": "Av. Paulista", "number": 1000 + i, "city": "São Paulo", "state": "SP",
             "zip": "01310-100", "complement": "conj. 12"})
    if bad == "operation_not_a_document":
        doc["operation"] = "see attachment"
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="examples/data/contracts.jsonl")
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(SEED)
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.count):
            out.write(json.dumps(contract(i, rng), ensure_ascii=False, sort_keys=False))
            out.write("\n")
    print(f"{args.out}: {args.count} contracts ({len([b for b in BAD if b < args.count])} bad)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
