package dev.ferry.runners;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.inventory.Check;
import dev.ferry.schemas.inventory.Column;
import dev.ferry.schemas.inventory.ForeignKey;
import dev.ferry.schemas.inventory.Index;
import dev.ferry.schemas.inventory.Inventory;
import dev.ferry.schemas.inventory.SourceObject;
import dev.ferry.schemas.inventory.Table;
import dev.ferry.schemas.inventory.UserType;
import java.util.Locale;

/** Renders a source inventory for {@code ferry inspect}: a readable listing, or JSON. */
final class InventoryText {

  private InventoryText() {}

  static String text(Inventory inv) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s source %s: %d tables, %d objects not copied%n",
            inv.dialect(),
            inv.source(),
            inv.tables().size(),
            inv.notCopied().size()));
    for (Table t : inv.tables()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%ntable %s  (%d rows%s)%n",
              t.name(),
              t.rowEstimate(),
              t.splitKey()
                  .map(k -> ", parallel reads split on " + k)
                  .orElse(", read by one reader")));
      int width = t.columns().stream().mapToInt(c -> c.name().length()).max().orElse(4);
      for (Column c : t.columns()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-" + width + "s  %-16s → %-16s%s%s%s%s%s%s%n",
                c.name(),
                c.sourceType().isEmpty() ? "(no type)" : c.sourceType(),
                c.type(),
                c.pgType() == null ? "" : "  (kept as " + c.pgType() + ")",
                c.nullable() ? "" : "  NOT NULL",
                t.primaryKey().contains(c.name()) ? "  PK" : "",
                c.autoIncrement() ? "  AUTO" : "",
                c.enumValues().isEmpty() ? "" : "  ENUM " + c.enumValues(),
                c.defaultValue() == null ? "" : "  DEFAULT " + c.defaultValue()));
      }
      if (t.primaryKey().size() > 1) {
        out.append("  primary key (").append(String.join(", ", t.primaryKey())).append(")\n");
      }
      for (ForeignKey fk : t.foreignKeys()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  foreign key (%s) → %s(%s)%n",
                String.join(", ", fk.columns()),
                fk.referencedTable(),
                String.join(", ", fk.referencedColumns())));
      }
      for (Check k : t.checks()) {
        out.append("  check ").append(k.name()).append(": ").append(k.expression()).append('\n');
      }
      for (Index i : t.indexes()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %sindex %s (%s)%n",
                i.unique() ? "unique " : "",
                i.name(),
                String.join(", ", i.columns())));
      }
    }
    if (!inv.types().isEmpty()) {
      out.append("\ntypes used by the tables (created in the target):\n");
      for (UserType u : inv.types()) {
        out.append("  ")
            .append(u.kind().name().toLowerCase(Locale.ROOT))
            .append(' ')
            .append(u.name())
            .append(u.kind() == UserType.Kind.ENUM ? " " + u.labels() : " over " + u.baseType())
            .append('\n');
      }
    }
    if (!inv.notCopied().isEmpty()) {
      out.append("\nnot copied (listed only):\n");
      for (SourceObject o : inv.notCopied()) {
        out.append("  ").append(o.kind()).append(' ').append(o.name()).append('\n');
      }
    }
    return out.toString();
  }

  static String json(Inventory inv) throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("source", inv.source());
    root.put("dialect", inv.dialect());
    ArrayNode tables = root.putArray("tables");
    for (Table t : inv.tables()) {
      ObjectNode n = tables.addObject();
      n.put("name", t.name());
      n.put("rows", t.rowEstimate());
      n.put("split_key", t.splitKey().orElse(null));
      ArrayNode cols = n.putArray("columns");
      for (Column c : t.columns()) {
        ObjectNode cn = cols.addObject();
        cn.put("name", c.name());
        cn.put("source_type", c.sourceType());
        cn.put("type", c.type().toString());
        cn.put("nullable", c.nullable());
        cn.put("default", c.defaultValue());
        cn.put("auto_increment", c.autoIncrement());
        if (c.pgType() != null) {
          cn.put("postgres_type", c.pgType());
        }
        if (!c.enumValues().isEmpty()) {
          c.enumValues().forEach(cn.putArray("enum_values")::add);
        }
      }
      ArrayNode pk = n.putArray("primary_key");
      t.primaryKey().forEach(pk::add);
      ArrayNode fks = n.putArray("foreign_keys");
      for (ForeignKey fk : t.foreignKeys()) {
        ObjectNode f = fks.addObject();
        f.put("name", fk.name());
        fk.columns().forEach(f.putArray("columns")::add);
        f.put("references", fk.referencedTable());
        fk.referencedColumns().forEach(f.putArray("referenced_columns")::add);
      }
      ArrayNode checks = n.putArray("checks");
      for (Check k : t.checks()) {
        checks.addObject().put("name", k.name()).put("expression", k.expression());
      }
      ArrayNode idx = n.putArray("indexes");
      for (Index i : t.indexes()) {
        ObjectNode in = idx.addObject();
        in.put("name", i.name());
        in.put("unique", i.unique());
        i.columns().forEach(in.putArray("columns")::add);
      }
    }
    ArrayNode types = root.putArray("types");
    for (UserType u : inv.types()) {
      ObjectNode un = types.addObject();
      un.put("name", u.name());
      un.put("kind", u.kind().name().toLowerCase(Locale.ROOT));
      u.labels().forEach(un.putArray("labels")::add);
      un.put("base_type", u.baseType());
      u.checks().forEach(un.putArray("checks")::add);
    }
    ArrayNode others = root.putArray("not_copied");
    for (SourceObject o : inv.notCopied()) {
      ObjectNode on = others.addObject();
      on.put("kind", o.kind());
      on.put("name", o.name());
      on.put("definition", o.definition());
    }
    return mapper.writeValueAsString(root) + "\n";
  }
}
