package dev.ferry.transforms.verify;

import dev.ferry.transforms.read.RangeReader;
import java.io.Serializable;
import java.util.List;

/**
 * One foreign key checked by reading both tables of a target that cannot run SQL (a dump, a lake
 * layer): its child rows must each find a parent row with the same values.
 *
 * @param table the child table's source name, which orphans are counted under
 * @param name the foreign key's name, for people
 * @param parentTable the parent table's source name, for people
 * @param child reads the child table's rows in the target
 * @param childColumns positions of the referencing columns in the child's rows
 * @param childKey positions of the child's key columns (for the sample), or empty
 * @param parent reads the parent table's rows in the target
 * @param parentColumns positions of the referenced columns in the parent's rows, paired with {@code
 *     childColumns}
 */
public record ForeignKeyJoin(
    String table,
    String name,
    String parentTable,
    RangeReader child,
    List<Integer> childColumns,
    List<Integer> childKey,
    RangeReader parent,
    List<Integer> parentColumns)
    implements Serializable {

  public ForeignKeyJoin {
    childColumns = List.copyOf(childColumns);
    childKey = List.copyOf(childKey);
    parentColumns = List.copyOf(parentColumns);
    if (childColumns.isEmpty() || childColumns.size() != parentColumns.size()) {
      throw new IllegalArgumentException(
          "foreign key " + name + " of " + table + ": columns and referenced columns do not pair");
    }
  }
}
