-- before loading rows: tables
CREATE SCHEMA IF NOT EXISTS "shop";
CREATE TABLE "shop"."orders" (
  "id" integer NOT NULL,
  "status" varchar(12) DEFAULT 'new' NOT NULL CONSTRAINT "orders_status_check" CHECK ("status" IN ('new', 'paid', 'it''s shipped')),
  "references" varchar(20),
  "amount" numeric(10,2) DEFAULT 0.00 NOT NULL,
  "doc" jsonb,
  "a""b" varchar(10),
  "Order Details" text,
  "customer_id" integer
);
CREATE TABLE "shop"."customers" (
  "id" numeric(20,0) NOT NULL,
  "tier" varchar(70) CONSTRAINT "customers_tier_check" CHECK ("tier" IN ('gold', 'silver', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'))
);
CREATE TABLE "shop"."a" (
  "b_c" varchar(1) CONSTRAINT "a_b_c_check" CHECK ("b_c" IN ('x'))
);
CREATE TABLE "shop"."a_b" (
  "c" varchar(1) CONSTRAINT "a_b_c_check" CHECK ("c" IN ('y'))
);
CREATE TABLE "shop"."orders_status" (
  "code" integer NOT NULL
);

-- after loading rows: primary keys
ALTER TABLE "shop"."orders" ADD CONSTRAINT "orders_pkey" PRIMARY KEY ("id");
ALTER TABLE "shop"."customers" ADD CONSTRAINT "customers_pkey" PRIMARY KEY ("id");
ALTER TABLE "shop"."orders_status" ADD CONSTRAINT "orders_status_pkey" PRIMARY KEY ("code");

-- after loading rows: unique and other indexes
CREATE UNIQUE INDEX "orders_references_key" ON "shop"."orders" ("references");

-- after loading rows: checks
ALTER TABLE "shop"."orders" ADD CONSTRAINT "orders_chk_1" CHECK ("amount" >= 0);
ALTER TABLE "shop"."orders" ADD CONSTRAINT "status_known" CHECK ("status" IN ('new','paid'));
ALTER TABLE "shop"."orders" ADD CONSTRAINT "quotes" CHECK ("a""b" <> 'it''s' AND char_length("Order Details") < 100);
ALTER TABLE "shop"."orders" ADD CONSTRAINT "orders_pkey_2" CHECK (octet_length("references") BETWEEN 1 AND 20);

-- after loading rows: sequences
CREATE SEQUENCE IF NOT EXISTS "shop"."orders_id_seq" AS integer OWNED BY "shop"."orders"."id";
ALTER TABLE "shop"."orders" ALTER COLUMN "id" SET DEFAULT nextval('"shop"."orders_id_seq"');
SELECT setval('"shop"."orders_id_seq"', (SELECT greatest(coalesce(max("id"), 0) + 1, 1) FROM "shop"."orders"), false);
CREATE SEQUENCE IF NOT EXISTS "shop"."customers_id_seq" AS bigint OWNED BY "shop"."customers"."id";
ALTER TABLE "shop"."customers" ALTER COLUMN "id" SET DEFAULT nextval('"shop"."customers_id_seq"');
SELECT setval('"shop"."customers_id_seq"', (SELECT greatest(coalesce(max("id"), 0) + 1, 1)::bigint FROM "shop"."customers"), false);

-- notes
-- renamed check "orders_pkey" of table "orders" to "orders_pkey_2": the name is taken in the same namespace
-- skipped foreign key "orders_customer" of table "orders": "orders"."customer_id" is int but "customers"."id" is decimal(20,0)
-- left out check "doc" of table "orders": column "doc" is jsonb, which holds only valid JSON
-- skipped check "code_shape" of table "orders" ((`references` regexp _utf8mb4'^[a-z]+$')): "regexp" is neither a column of the table nor translated
