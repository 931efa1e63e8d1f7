package dev.ferry.pipelines.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.document.FlattenSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobFileTest {

  private static final String MINIMAL =
      """
      name: shop
      source:
        kind: sqlite
        url: jdbc:sqlite:shop.db
      target:
        kind: lakehouse
        path: lake/
      """;

  private static Job parse(String yaml) {
    return JobFile.parse(yaml, "job.yaml", Map.of());
  }

  private static String error(String yaml, Map<String, String> env) {
    JobException e = assertThrows(JobException.class, () -> JobFile.parse(yaml, "job.yaml", env));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  private static String error(String yaml) {
    return error(yaml, Map.of());
  }

  @Test
  void minimalJobGetsDefaults() {
    Job job = parse(MINIMAL);
    assertEquals("shop", job.name());
    assertEquals(SourceSpec.SourceKind.SQLITE, job.source().kind());
    assertEquals(List.of("*"), job.source().tables());
    assertEquals("UTC", job.source().timezone());
    assertEquals(0L, job.maxRejected());
    assertEquals(Job.InvalidUtf8.REJECT, job.invalidUtf8());
    assertTrue(job.rules().isEmpty());
  }

  @Test
  void quickstartExampleParses() throws Exception {
    Path example = Path.of("..", "examples", "quickstart.yaml");
    Job job = JobFile.load(example, Map.of());
    assertEquals("quickstart", job.name());
    assertFalse(job.rules().isEmpty());
    assertEquals("ordered_at", job.target().partitionBy().get("orders"));
  }

  @Test
  void fullJobParses() {
    Job job =
        parse(
            MINIMAL
                + """
                casts:
                  - {column: orders.total, type: "decimal(12,2)"}
                  - {source_type: DATETIME, type: timestamp}
                normalize:
                  - column: "*.*"
                    steps: [trim, nfc, empty_to_null]
                invalid_utf8: replace
                rules:
                  - column: customers.email
                    not_null: true
                    regex: '^[^@]+@[^@]+$'
                    unique: true
                  - column: order_items.quantity
                    range: {min: 1, max: 1000}
                max_rejected: 10
                """);
    assertEquals(2, job.casts().size());
    assertEquals("DATETIME", job.casts().get(1).sourceType());
    assertEquals(Job.InvalidUtf8.REPLACE, job.invalidUtf8());
    assertEquals("1", job.rules().get(1).range().min());
    assertEquals("1000", job.rules().get(1).range().max());
    assertTrue(job.rules().get(0).unique());
    assertEquals(10L, job.maxRejected());
  }

  @Test
  void checkDigitsWhenAndAscendingParse() {
    Job job =
        parse(
            MINIMAL
                + """
                rules:
                  - {column: identities.number, check_digits: cpf, when: {kind: CPF}}
                  - column: identities.number
                    check_digits: cnpj
                    when: {kind: CNPJ, active: true, version: 2}
                  - {column: installments.due_date, ascending: true}
                  - {column: cards.number, check_digits: LUHN}
                """);
    RuleSpec cpf = job.rules().get(0);
    assertEquals("cpf", cpf.checkDigits());
    assertEquals(Map.of("kind", "CPF"), cpf.when());
    assertFalse(cpf.ascending());
    RuleSpec cnpj = job.rules().get(1);
    assertEquals(
        List.of("kind", "active", "version"), List.copyOf(cnpj.when().keySet()), "in file order");
    assertEquals(Map.of("kind", "CNPJ", "active", "true", "version", "2"), cnpj.when());
    assertTrue(job.rules().get(2).ascending());
    assertNull(job.rules().get(2).when());
    assertEquals("LUHN", job.rules().get(3).checkDigits());
  }

  @Test
  void badCheckDigitsAndWhenNameTheKey() {
    assertEquals(
        "job.yaml: rules[0].check_digits: unknown scheme 'cfp' (schemes: cpf, cnpj, luhn)",
        error(MINIMAL + "rules: [{column: a.b, check_digits: cfp}]\n"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b, not_null: true, when: {}}]\n")
            .contains("rules[0].when: name at least one column and its value"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b, not_null: true, when: {kind: }}]\n")
            .contains("rules[0].when.kind: give a value"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b, unique: true, when: {kind: x}}]\n")
            .contains("rules[0].when: does not apply to unique"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b, when: {kind: x}}]\n")
            .contains(
                "rules[0]: no rule given for a.b (not_null, type, range, regex, in, unique,"
                    + " check_digits, ascending; when only limits them to some rows)"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b, ascending: sometimes}]\n").contains("ascending"));
  }

  @Test
  void unknownKeyNamesKeyLineAndKnownKeys() {
    String msg = error(MINIMAL.replace("  url: jdbc", "  tabels: [a]\n  url: jdbc"));
    assertTrue(msg.startsWith("job.yaml line 4: unknown key 'tabels' in source"), msg);
    assertTrue(msg.contains("known keys:") && msg.contains("tables"), msg);
  }

  @Test
  void unknownTopLevelKey() {
    String msg = error(MINIMAL + "rulez: []\n");
    assertTrue(msg.contains("line 8: unknown key 'rulez'"), msg);
  }

  @Test
  void wrongTypeNamesKeyAndExpectedType() {
    String msg = error(MINIMAL + "max_rejected: [1, 2]\n");
    assertTrue(
        msg.contains("line 8") && msg.contains("max_rejected") && msg.contains("whole number"),
        msg);
    String list =
        error(
            MINIMAL.replace(
                "  url: jdbc:sqlite:shop.db", "  url: jdbc:sqlite:shop.db\n  tables: {a: 1}"));
    assertTrue(list.contains("source.tables") && list.contains("a list"), list);
  }

  @Test
  void badEnumListsChoices() {
    String msg = error(MINIMAL.replace("kind: sqlite", "kind: sqlit"));
    assertTrue(msg.contains("line 3") && msg.contains("source.kind"), msg);
    assertTrue(msg.contains("sqlite, mysql, postgres, mongodb, dump"), msg);
  }

  @Test
  void missingRequiredKey() {
    String msg = error(MINIMAL.replace("  kind: lakehouse\n", ""));
    assertTrue(msg.contains("target") && msg.contains("missing required key 'kind'"), msg);
    String noName = error(MINIMAL.replace("name: shop\n", ""));
    assertTrue(noName.contains("missing required key 'name'"), noName);
  }

  @Test
  void yamlSyntaxError() {
    String msg = error("name: 'shop\nsource:\n  kind: sqlite\n");
    assertTrue(msg.startsWith("job.yaml line"), msg);
    assertTrue(msg.contains("not valid YAML"), msg);
  }

  @Test
  void duplicateKeyIsAnError() {
    String msg = error(MINIMAL + "name: again\n");
    assertTrue(msg.contains("name"), msg);
  }

  @Test
  void emptyFile() {
    assertTrue(error("").contains("empty"));
  }

  @Test
  void environmentSubstitution() {
    Job job =
        JobFile.parse(
            MINIMAL.replace("jdbc:sqlite:shop.db", "jdbc:sqlite:${DB}"),
            "job.yaml",
            Map.of("DB", "/data/shop.db"));
    assertEquals("jdbc:sqlite:/data/shop.db", job.source().url());
    Job literal = JobFile.parse(MINIMAL.replace("lake/", "lake/$${X}"), "job.yaml", Map.of());
    assertEquals("lake/${X}", literal.target().path());
  }

  @Test
  void missingEnvironmentVariableIsNamed() {
    String msg = error(MINIMAL.replace("jdbc:sqlite:shop.db", "jdbc:sqlite:${SHOP_DB}"));
    assertTrue(msg.contains("line 4"), msg);
    assertTrue(msg.contains("environment variable SHOP_DB is not set"), msg);
  }

  @Test
  void secretNeverPrinted() {
    String yaml =
        MINIMAL.replace(
            "  url: jdbc:sqlite:shop.db",
            "  url: jdbc:sqlite:shop.db\n  user: app\n  password: ${PW}");
    Job job = JobFile.parse(yaml, "job.yaml", Map.of("PW", "s3cr3t-Marker"));
    assertEquals("s3cr3t-Marker", job.source().password().reveal());
    assertFalse(job.toString().contains("s3cr3t-Marker"), job.toString());
    assertFalse(job.source().toString().contains("s3cr3t-Marker"));
    String msg = error(yaml + "max_rejected: nope\n", Map.of("PW", "s3cr3t-Marker"));
    assertFalse(msg.contains("s3cr3t-Marker"), msg);
  }

  @Test
  void postgresTargetKeys() {
    Job job =
        parse(
            MINIMAL.replace(
                "kind: lakehouse\n  path: lake/",
                "kind: postgres\n  url: jdbc:postgresql://db/x\n  mode: upsert\n"
                    + "  upsert_keys: {customers: customers_email_key}\n  enums: type\n"
                    + "  nul_bytes: strip"));
    assertEquals(TargetSpec.Mode.UPSERT, job.target().mode());
    assertEquals(Map.of("customers", "customers_email_key"), job.target().upsertKeys());
    assertEquals(TargetSpec.Enums.TYPE, job.target().enums());
    assertEquals(TargetSpec.NulBytes.STRIP, job.target().nulBytes());
    assertEquals("public", job.target().schema());
    assertTrue(
        error(MINIMAL.replace("  path: lake/", "  path: lake/\n  nul_bytes: strip"))
            .contains("target.nul_bytes: only a postgres target takes it"));
  }

  private static final String MONGO =
      """
      name: contracts
      source:
        kind: mongodb
        url: mongodb://db:27017/credit
        user: reader
        tables: [contracts]
        sample: 200
        filter:
          contracts: {status: active, signed: {$gte: {$date: "2026-01-01T00:00:00Z"}}}
          archive: '{"_id": {"$oid": "650000000000000000000001"}}'
      target:
        kind: postgres
        url: jdbc:postgresql://pg/credit
      flatten:
        contracts:
          table: clients
          extra: dead_letter
          arrays: table
          paths:
            operation: {as: table, rename: operations}
            operation.amount: {cast: "decimal(14,2)"}
            raw: {json: true}
            internal\\.notes: {skip: true}
      """;

  @Test
  void mongoSourceKeys() {
    Job job = parse(MONGO);
    assertEquals(200, job.source().sampleSize());
    assertEquals(
        "{\"status\":\"active\",\"signed\":{\"$gte\":{\"$date\":\"2026-01-01T00:00:00Z\"}}}",
        job.source().filterJson().get("contracts"));
    assertEquals(
        "{\"_id\": {\"$oid\": \"650000000000000000000001\"}}",
        job.source().filterJson().get("archive"));
    FlattenSpec spec = job.flattenOf("contracts");
    assertEquals("clients", spec.table());
    assertEquals(FlattenSpec.Extra.DEAD_LETTER, spec.extra());
    assertEquals(FlattenSpec.As.TABLE, spec.arrays());
    assertEquals(FlattenSpec.As.TABLE, spec.paths().get("operation").as());
    assertEquals("decimal(14,2)", spec.paths().get("operation.amount").cast());
    assertTrue(spec.paths().get("internal\\.notes").skip());
    assertEquals(FlattenSpec.defaults(), job.flattenOf("other"));
    assertEquals(
        SourceSpec.DEFAULT_SAMPLE,
        parse(MONGO.replace("  sample: 200\n", "")).source().sampleSize());
  }

  @Test
  void mongoSourceIntoTheLake() {
    Job job =
        parse(
            MONGO.replace(
                "kind: postgres\n  url: jdbc:postgresql://pg/credit",
                "kind: lakehouse\n  path: lake/\n  partition_by: {clients: signed_at}"));
    assertEquals(TargetSpec.TargetKind.LAKEHOUSE, job.target().kind());
    assertEquals(Map.of("clients", "signed_at"), job.target().partitionBy());
  }

  @Test
  void mongoSourceMistakesNameTheKey() {
    assertTrue(
        error(MONGO.replace("mongodb://db:27017/credit", "mongodb://db:27017"))
            .contains("source.url: mongodb://db:27017 names no database"));
    assertTrue(
        error(MONGO.replace("mongodb://db:27017/credit", "mongodb://u:pw@db:27017/credit"))
            .contains("source.url: has credentials in the URL"));
    assertTrue(error(MONGO.replace("sample: 200", "sample: 0")).contains("source.sample:"));
    assertTrue(
        error(MONGO.replace("{status: active, signed:", "'{status: '  # "))
            .contains("source.filter.contracts: not a query document"));
    assertTrue(
        error(MONGO.replace("extra: dead_letter", "extra: somewhere")).contains("somewhere"));
    assertTrue(
        error(MONGO + "casts:\n  - {column: clients.x, type: text}\n")
            .contains("casts: a mongodb source's types come from flattening"));
    assertTrue(
        error(MONGO + "rules:\n  - {column: clients.x, unique: true}\n")
            .contains("rules: unique is not checked across documents"));
    assertTrue(
        error(MINIMAL + "flatten:\n  shop: {table: x}\n")
            .contains("flatten: only documents are flattened; this job's source is sqlite"));
    assertTrue(
        error(MINIMAL.replace("url: jdbc:sqlite:shop.db", "url: jdbc:sqlite:shop.db\n  sample: 5"))
            .contains("source.sample: only a mongodb source takes it"));
  }

  /** Drivers fail on a port that is not one in their own words, one quoting the whole URL. */
  @Test
  void aPortThatIsNotOneIsNamed() {
    String mysql =
        MINIMAL
            .replace("kind: sqlite", "kind: mysql")
            .replace("url: jdbc:sqlite:shop.db", "url: jdbc:mysql://db:99999999/shop?password=x");
    assertTrue(
        error(mysql).endsWith("source.url: '99999999' is not a port (1 to 65535)"), error(mysql));
    String postgres =
        MINIMAL.replace(
            "kind: lakehouse\n  path: lake/",
            "kind: postgres\n  url: jdbc:postgresql://a:5432,b:0/x");
    assertTrue(
        error(postgres).endsWith("target.url: '0' is not a port (1 to 65535)"), error(postgres));
    assertEquals(
        "db",
        parse(mysql.replace("99999999", "3306")).source().url().replaceAll(".*//(\\w+).*", "$1"));
  }

  @Test
  void semanticChecksNameTheKey() {
    assertTrue(error(MINIMAL.replace("name: shop", "name: 'my shop'")).contains("name:"));
    assertTrue(
        error(
                MINIMAL
                    .replace("kind: sqlite", "kind: dump")
                    .replace("url: jdbc:sqlite:shop.db", "url: dumps/shop/latest"))
            .contains("target.kind: a dump is restored into postgres (this target is lakehouse)"));
    assertTrue(
        error(MINIMAL.replace("kind: sqlite", "kind: dump"))
            .contains("source.url: a dump source needs a URL like s3://bucket/prefix/"));
    assertTrue(
        error(MINIMAL.replace("kind: sqlite", "kind: mongodb"))
            .contains("source.url: a mongodb source needs a URL like mongodb://host:27017/crm"));
    assertTrue(
        error(MINIMAL.replace("kind: sqlite", "kind: mysql"))
            .contains("source.url: a mysql source needs a URL like jdbc:mysql://host:3306/shop"));
    assertEquals(
        TargetSpec.TargetKind.DUMP,
        parse(MINIMAL.replace("kind: lakehouse", "kind: dump")).target().kind());
    assertTrue(
        error(MINIMAL.replace("kind: lakehouse", "kind: postgres"))
            .contains("target.url: a postgres target needs a URL like jdbc:postgresql://"));
    assertTrue(
        error(
                MINIMAL.replace(
                    "kind: lakehouse\n  path: lake/",
                    "kind: postgres\n  url: jdbc:postgresql://db/x\n  upsert_keys: {a: b}"))
            .contains("target.upsert_keys: only mode upsert merges on a key (mode is create)"));
    assertTrue(
        error(MINIMAL.replace("  path: lake/", "  path: lake/\n  mode: upsert"))
            .contains("target.mode: only a postgres target takes it (this one is lakehouse)"));
    assertTrue(
        error(MINIMAL.replace("  path: lake/\n", ""))
            .contains("target.path: the lakehouse root is required"));
    assertTrue(
        error(
                MINIMAL.replace(
                    "  url: jdbc:sqlite:shop.db",
                    "  url: jdbc:sqlite:shop.db\n  timezone: Mars/Base"))
            .contains("source.timezone: 'Mars/Base' is not a time zone"));
    assertTrue(error(MINIMAL + "max_rejected: -1\n").contains("max_rejected: must be 0 or more"));
    assertTrue(
        error(MINIMAL + "casts: [{type: int}]\n").contains("casts[0]: give exactly one of column"));
    assertTrue(
        error(MINIMAL + "casts: [{column: a.b, type: integr}]\n")
            .contains("casts[0].type: unknown type 'integr'"));
    assertTrue(
        error(MINIMAL + "casts: [{column: ab, type: int}]\n")
            .contains("casts[0].column: 'ab' must be table.column"));
    assertTrue(
        error(MINIMAL + "normalize: [{column: '*.*', steps: [lowercase]}]\n")
            .contains("normalize[0].steps: unknown step 'lowercase'"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b}]\n").contains("rules[0]: no rule given for a.b"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b, regex: '[unclosed'}]\n")
            .contains("rules[0].regex: not a valid regular expression"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b, in: []}]\n")
            .contains("rules[0].in: list at least one"));
    assertTrue(
        error(MINIMAL + "rules: [{column: a.b, range: {}}]\n")
            .contains("rules[0].range: give min, max or both"));
    assertTrue(
        error(MINIMAL + "rules: [{column: '*.b', not_null: true}]\n").contains("not a glob"));
  }

  private static final String DUMP =
      """
      name: shop
      source:
        kind: sqlite
        url: jdbc:sqlite:shop.db
      target:
        kind: dump
        path: s3://backups/ferry
      """;

  private static final String RESTORE =
      """
      name: shop
      source:
        kind: dump
        url: s3://backups/ferry/shop/latest
      target:
        kind: postgres
        url: jdbc:postgresql://db/shop
      """;

  /** {@code DUMP} with {@code lines} added to its target. */
  private static String dumpTarget(String lines) {
    return DUMP + lines.indent(2);
  }

  @Test
  void dumpAndRestoreJobsParse() {
    Job dump =
        parse(
            dumpTarget(
                "s3: {endpoint: 'http://127.0.0.1:9000', region: eu-west-1, path_style: true,"
                    + " sse: AES256}\ncompression: none\nshard_rows: 5000\nnul_bytes: strip"));
    assertEquals(TargetSpec.Compression.NONE, dump.target().dumpCompression());
    assertEquals(5000L, dump.target().dumpShardRows());
    assertEquals(TargetSpec.Compression.GZIP, parse(DUMP).target().dumpCompression());
    assertEquals(1_000_000L, parse(DUMP).target().dumpShardRows());
    Job restore = parse(RESTORE.replace("shop/latest", "shop/latest\n  staging: /tmp/restore"));
    assertEquals("/tmp/restore", restore.source().staging());
  }

  @Test
  void dumpTargetWithoutPath() {
    assertEquals(
        "job.yaml: target.path: a dump target needs one: where the dumps go, s3://bucket/prefix"
            + " or a local directory",
        error(DUMP.replace("  path: s3://backups/ferry\n", "")));
  }

  @Test
  void dumpTargetPathOfAnotherScheme() {
    assertEquals(
        "job.yaml: target.path: a dump goes to s3://bucket/prefix or a local directory, got"
            + " ftp://x",
        error(DUMP.replace("s3://backups/ferry", "ftp://x")));
  }

  @Test
  void s3SettingsOnALocalDumpPath() {
    assertEquals(
        "job.yaml: target.s3: only an s3:// path takes S3 settings (this one is dumps/)",
        error(dumpTarget("s3: {region: eu-west-1}").replace("s3://backups/ferry", "dumps/")));
  }

  @Test
  void s3RetriesOutOfRange() {
    assertEquals(
        "job.yaml: target.s3.retries: S3 retries must be 0 to 30, got 99",
        error(dumpTarget("s3: {retries: 99}")));
    assertEquals(3, parse(dumpTarget("s3: {retries: 3}")).target().s3().settings().retries());
  }

  @Test
  void unknownServerSideEncryption() {
    assertEquals(
        "job.yaml: target.s3.sse: server-side encryption must be AES256 or aws:kms, got: DES",
        error(dumpTarget("s3: {sse: DES}")));
  }

  @Test
  void s3EndpointThatIsNotAUrl() {
    assertEquals(
        "job.yaml: target.s3.endpoint: S3 endpoint must be http://HOST[:PORT] or"
            + " https://HOST[:PORT], got: not a url",
        error(dumpTarget("s3: {endpoint: \"not a url\"}")));
  }

  @Test
  void postgresKeysOnADumpTarget() {
    assertEquals(
        "job.yaml: target.url: a dump takes no url (give it to the postgres target of the restore"
            + " job)",
        error(dumpTarget("url: jdbc:postgresql://db/shop")));
    assertEquals(
        "job.yaml: target.user: a dump takes no user (give it to the postgres target of the"
            + " restore job)",
        error(dumpTarget("user: app")));
    assertEquals(
        "job.yaml: target.mode: a dump takes no mode (give it to the postgres target of the"
            + " restore job)",
        error(dumpTarget("mode: upsert")));
  }

  @Test
  void partitionByOnADumpTarget() {
    assertEquals(
        "job.yaml: target.partition_by: only a lakehouse target takes it (this one is dump)",
        error(dumpTarget("partition_by: {orders: ordered_at}")));
  }

  @Test
  void dumpShardRowsOfZero() {
    assertEquals(
        "job.yaml: target.shard_rows: must be 1 or more, got 0",
        error(dumpTarget("shard_rows: 0")));
  }

  @Test
  void dumpCompressionLevelOutOfRangeOrWithoutCompression() {
    assertEquals(
        "job.yaml: target.compression_level: 1 (fastest) to 9 (smallest), got 12",
        error(dumpTarget("compression_level: 12")));
    assertEquals(
        "job.yaml: target.compression_level: goes with compression gzip (this dump has none)",
        error(dumpTarget("compression: none\ncompression_level: 3")));
  }

  @Test
  void unknownDumpCompression() {
    assertEquals(
        "job.yaml line 8: target.compression: 'zip' is not one of gzip, none",
        error(dumpTarget("compression: zip")));
  }

  @Test
  void uniqueRuleIntoADump() {
    assertEquals(
        "job.yaml: rules[1].unique: a dump writes each table in one pass and cannot check it;"
            + " remove it (unique indexes of the source are dumped and restored)",
        error(
            DUMP
                + "rules:\n  - {column: orders.status, not_null: true}\n"
                + "  - {column: customers.email, unique: true}\n"));
  }

  @Test
  void mongodbSourceIntoADump() {
    assertEquals(
        "job.yaml: target.kind: dumps are made of sqlite, mysql and postgres sources in this"
            + " version of ferry (this source is mongodb)",
        error(
            MONGO.replace(
                "kind: postgres\n  url: jdbc:postgresql://pg/credit",
                "kind: dump\n  path: dumps/")));
  }

  @Test
  void dumpSourceIntoALakehouse() {
    assertEquals(
        "job.yaml: target.kind: a dump is restored into postgres (this target is lakehouse)",
        error(
            RESTORE.replace(
                "kind: postgres\n  url: jdbc:postgresql://db/shop",
                "kind: lakehouse\n  path: lake/")));
  }

  @Test
  void dumpSourceWithALogin() {
    assertEquals(
        "job.yaml: source.user: a dump source has no login (S3 credentials come from the"
            + " environment)",
        error(RESTORE.replace("shop/latest", "shop/latest\n  user: app")));
  }

  @Test
  void castsWithADumpSource() {
    assertEquals(
        "job.yaml: casts: a dump is restored with the types it was dumped with; give casts to the"
            + " dump job",
        error(RESTORE + "casts: [{column: orders.total, type: \"decimal(12,2)\"}]\n"));
  }

  @Test
  void stagingOnANonDumpSource() {
    assertEquals(
        "job.yaml: source.staging: only a dump source takes it (this one is sqlite)",
        error(MINIMAL.replace("shop.db", "shop.db\n  staging: /tmp/x")));
  }

  @Test
  void s3SettingsOnASqliteSource() {
    assertEquals(
        "job.yaml: source.s3: only a dump source takes it (this one is sqlite)",
        error(MINIMAL.replace("shop.db", "shop.db\n  s3: {region: eu-west-1}")));
  }

  @Test
  void missingJobFile(@TempDir Path dir) {
    JobException e =
        assertThrows(JobException.class, () -> JobFile.load(dir.resolve("nope.yaml"), Map.of()));
    assertTrue(e.getMessage().startsWith("job file not found:"), e.getMessage());
  }

  @Test
  void loadsFromFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.yaml");
    Files.writeString(file, MINIMAL);
    assertEquals("shop", JobFile.load(file, Map.of()).name());
  }
}
