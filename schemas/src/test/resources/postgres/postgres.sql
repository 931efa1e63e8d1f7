-- before loading rows: types
CREATE SCHEMA IF NOT EXISTS "app";
DO $ferry$
BEGIN
  IF to_regtype('"app"."mood"') IS NULL THEN
    CREATE TYPE "app"."mood" AS ENUM ('sad', 'ok', 'happy');
  END IF;
END
$ferry$;
DO $ferry$
BEGIN
  IF to_regtype('"app"."mood_not_sad"') IS NULL THEN
    CREATE DOMAIN "app"."mood_not_sad" AS "app"."mood" CHECK (VALUE <> 'sad'::"app"."mood");
  END IF;
END
$ferry$;
DO $ferry$
BEGIN
  IF to_regtype('"app"."posint"') IS NULL THEN
    CREATE DOMAIN "app"."posint" AS integer DEFAULT 1 NOT NULL CHECK (VALUE > 0) CHECK (VALUE < 1000);
  END IF;
END
$ferry$;
DO $ferry$
BEGIN
  IF to_regtype('"app"."Email"') IS NULL THEN
    CREATE DOMAIN "app"."Email" AS text CHECK (VALUE ~ '@'::text);
  END IF;
END
$ferry$;

-- before loading rows: tables
CREATE TABLE "app"."people" (
  "id" bigint NOT NULL,
  "serial_no" integer NOT NULL,
  "feeling" "app"."mood" DEFAULT 'ok',
  "feelings" "app"."mood"[],
  "strict" "app"."mood_not_sad",
  "age" "app"."posint",
  "addr" inet,
  "tags" text[] DEFAULT '{}' NOT NULL,
  "amount" numeric(50,10),
  "email" "app"."Email",
  "label" varchar(20) DEFAULT 'none'
);
CREATE TABLE "app"."references" (
  "id" integer NOT NULL,
  "parent_id" integer,
  "feeling" "app"."mood"
);

-- after loading rows: primary keys
ALTER TABLE "app"."people" ADD CONSTRAINT "people_pkey" PRIMARY KEY ("id");
ALTER TABLE "app"."references" ADD CONSTRAINT "references_pkey" PRIMARY KEY ("id");

-- after loading rows: unique and other indexes
CREATE UNIQUE INDEX "people_email_key" ON "app"."people" ("email");

-- after loading rows: foreign keys
ALTER TABLE "app"."references" ADD CONSTRAINT "references_parent" FOREIGN KEY ("parent_id") REFERENCES "app"."references" ("id");

-- after loading rows: checks
ALTER TABLE "app"."people" ADD CONSTRAINT "people_age_check" CHECK ((age < 200));
ALTER TABLE "app"."people" ADD CONSTRAINT "feeling_not_sad" CHECK (((feeling <> 'sad'::"app"."mood")));
ALTER TABLE "app"."people" ADD CONSTRAINT "two_feelings" CHECK ((cardinality(feelings) <= 2)) NOT VALID;

-- after loading rows: sequences
CREATE SEQUENCE IF NOT EXISTS "app"."people_id_seq" AS bigint OWNED BY "app"."people"."id";
ALTER TABLE "app"."people" ALTER COLUMN "id" SET DEFAULT nextval('"app"."people_id_seq"');
SELECT setval('"app"."people_id_seq"', (SELECT greatest(coalesce(max("id"), 0) + 1, 1) FROM "app"."people"), false);
CREATE SEQUENCE IF NOT EXISTS "app"."people_serial_no_seq" AS integer OWNED BY "app"."people"."serial_no";
ALTER TABLE "app"."people" ALTER COLUMN "serial_no" SET DEFAULT nextval('"app"."people_serial_no_seq"');
SELECT setval('"app"."people_serial_no_seq"', (SELECT greatest(coalesce(max("serial_no"), 0) + 1, 1) FROM "app"."people"), false);

