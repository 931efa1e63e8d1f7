-- before loading rows: tables
CREATE SCHEMA IF NOT EXISTS "shop";
CREATE TABLE "shop"."customers" (
  "id" bigint NOT NULL,
  "email" varchar(120) NOT NULL,
  "name" text DEFAULT 'anonymous' NOT NULL,
  "created" timestamptz DEFAULT CURRENT_TIMESTAMP,
  "updated" timestamptz
);
CREATE TABLE "shop"."Order Details" (
  "order_id" bigint NOT NULL,
  "line" bigint NOT NULL,
  "customer_id" bigint,
  "sku" text,
  "quantity" integer DEFAULT 1 NOT NULL
);
CREATE TABLE "shop"."categories" (
  "id" bigint NOT NULL,
  "parent_id" bigint
);
CREATE TABLE "shop"."employees" (
  "id" bigint NOT NULL,
  "department_id" bigint
);
CREATE TABLE "shop"."departments" (
  "id" bigint NOT NULL,
  "manager_id" bigint,
  "name" text
);
CREATE TABLE "shop"."order" (
  "references" text NOT NULL,
  "OrderDetails" jsonb,
  "the_date_on_which_this_order_was_first_promised_to_the_e60e4970" date DEFAULT '2024-01-31',
  "Order ""Details""" boolean DEFAULT false NOT NULL,
  "created" timestamptz
);

-- after loading rows: primary keys
ALTER TABLE "shop"."customers" ADD CONSTRAINT "customers_pkey" PRIMARY KEY ("id");
ALTER TABLE "shop"."Order Details" ADD CONSTRAINT "Order Details_pkey" PRIMARY KEY ("order_id", "line");
ALTER TABLE "shop"."categories" ADD CONSTRAINT "categories_pkey" PRIMARY KEY ("id");
ALTER TABLE "shop"."employees" ADD CONSTRAINT "employees_pkey" PRIMARY KEY ("id");
ALTER TABLE "shop"."departments" ADD CONSTRAINT "departments_pkey" PRIMARY KEY ("id");
ALTER TABLE "shop"."order" ADD CONSTRAINT "order_pkey" PRIMARY KEY ("references");

-- after loading rows: unique and other indexes
CREATE UNIQUE INDEX "customers_email_key" ON "shop"."customers" ("email");
CREATE INDEX "by_created" ON "shop"."customers" ("created");
CREATE INDEX "by_created_2" ON "shop"."order" ("created");

-- after loading rows: foreign keys
ALTER TABLE "shop"."Order Details" ADD CONSTRAINT "Order Details_fk1" FOREIGN KEY ("customer_id") REFERENCES "shop"."customers" ("id");
ALTER TABLE "shop"."categories" ADD CONSTRAINT "categories_fk1" FOREIGN KEY ("parent_id") REFERENCES "shop"."categories" ("id");
ALTER TABLE "shop"."employees" ADD CONSTRAINT "employees_fk1" FOREIGN KEY ("department_id") REFERENCES "shop"."departments" ("id");
ALTER TABLE "shop"."departments" ADD CONSTRAINT "departments_fk1" FOREIGN KEY ("manager_id") REFERENCES "shop"."employees" ("id");

-- after loading rows: sequences
CREATE SEQUENCE IF NOT EXISTS "shop"."customers_id_seq" AS bigint OWNED BY "shop"."customers"."id";
ALTER TABLE "shop"."customers" ALTER COLUMN "id" SET DEFAULT nextval('"shop"."customers_id_seq"');
SELECT setval('"shop"."customers_id_seq"', (SELECT greatest(coalesce(max("id"), 0) + 1, 1) FROM "shop"."customers"), false);
CREATE SEQUENCE IF NOT EXISTS "shop"."categories_id_seq" AS bigint OWNED BY "shop"."categories"."id";
ALTER TABLE "shop"."categories" ALTER COLUMN "id" SET DEFAULT nextval('"shop"."categories_id_seq"');
SELECT setval('"shop"."categories_id_seq"', (SELECT greatest(coalesce(max("id"), 0) + 1, 1) FROM "shop"."categories"), false);

-- notes
-- renamed index "by_created" of table "order" to "by_created_2": the name is taken in the same namespace
-- renamed column "order"."the_date_on_which_this_order_was_first_promised_to_the_customer_origin" to "the_date_on_which_this_order_was_first_promised_to_the_e60e4970": longer than 63 bytes
-- skipped the default of "customers"."updated": default (datetime('now')) is not translated: only numbers, quoted strings, TRUE/FALSE and CURRENT_TIMESTAMP are
-- skipped index "by_lower_email" of table "customers": it indexes an expression, which is not translated yet
-- skipped foreign key "Order Details_fk2" of table "Order Details": it references table "products", not copied
-- skipped foreign key "departments_fk2" of table "departments": PostgreSQL needs a primary key or unique index on "customers" ("name")
