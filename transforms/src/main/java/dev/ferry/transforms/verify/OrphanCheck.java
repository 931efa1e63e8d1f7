package dev.ferry.transforms.verify;

import java.io.Serializable;
import java.util.List;

/**
 * One foreign key to check in a target: its child rows must each find a parent row. Checked whether
 * or not the target declares the constraint (ferry adds foreign keys after a load; append and
 * upsert loads never create them; someone may have dropped one).
 *
 * @param table the child table's source name, which differences are reported under
 * @param name the foreign key's name in the source, for people
 * @param childTable the child table in the target, qualified and quoted
 * @param childColumns the referencing columns' target names, unquoted
 * @param childKey the child's key columns' target names (for the sample), or empty
 * @param parentTable the parent table's source name, for people
 * @param parentTarget the parent table in the target, qualified and quoted
 * @param parentColumns the referenced columns' target names, unquoted, paired with {@code
 *     childColumns}
 */
public record OrphanCheck(
    String table,
    String name,
    String childTable,
    List<String> childColumns,
    List<String> childKey,
    String parentTable,
    String parentTarget,
    List<String> parentColumns)
    implements Serializable {

  public OrphanCheck {
    childColumns = List.copyOf(childColumns);
    childKey = List.copyOf(childKey);
    parentColumns = List.copyOf(parentColumns);
    if (childColumns.isEmpty() || childColumns.size() != parentColumns.size()) {
      throw new IllegalArgumentException(
          "foreign key " + name + " of " + table + ": columns and referenced columns do not pair");
    }
  }
}
