package dev.ferry.schemas.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tables in waves by foreign key: every table's parents are in earlier waves, so with the foreign
 * keys already in place (appending to, upserting into or replacing the rows of existing tables) a
 * wave can load in parallel once the waves before it are done. Tables that reference each other in
 * a cycle share one wave; a self reference does not hold a table back. Rows within such a wave (a
 * child row loaded before its parent row) can still break a foreign key, which the caller handles:
 * pgloader for instance loads with triggers disabled ({@code session_replication_role = replica}).
 *
 * <p>Strongly connected components by Tarjan's algorithm; a component's wave is one after the
 * latest wave of the components it references.
 */
final class LoadOrder {

  private final List<String> tables;
  private final Set<String> planned;
  private final Map<String, Set<String>> parents;
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<String, Integer> lowLink = new HashMap<>();
  private final Deque<String> stack = new ArrayDeque<>();
  private final Set<String> onStack = new HashSet<>();
  private final Map<String, Integer> component = new HashMap<>();
  private final List<List<String>> components = new ArrayList<>();

  private LoadOrder(List<String> tables, Map<String, Set<String>> parents) {
    this.tables = tables;
    this.planned = Set.copyOf(tables);
    this.parents = parents;
  }

  /**
   * {@code tables} in waves, each wave in the order of {@code tables}.
   *
   * @param parents per table, the tables its foreign keys reference; other names are ignored
   */
  static List<List<String>> waves(List<String> tables, Map<String, Set<String>> parents) {
    LoadOrder order = new LoadOrder(tables, parents);
    for (String t : tables) {
      if (!order.index.containsKey(t)) {
        order.connect(t);
      }
    }
    return order.waves();
  }

  private void connect(String table) {
    index.put(table, index.size());
    lowLink.put(table, index.get(table));
    stack.push(table);
    onStack.add(table);
    for (String parent : parentsOf(table)) {
      if (!index.containsKey(parent)) {
        connect(parent);
        lowLink.put(table, Math.min(lowLink.get(table), lowLink.get(parent)));
      } else if (onStack.contains(parent)) {
        lowLink.put(table, Math.min(lowLink.get(table), index.get(parent)));
      }
    }
    if (lowLink.get(table).equals(index.get(table))) {
      List<String> members = new ArrayList<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.put(member, components.size());
        members.add(member);
      } while (!member.equals(table));
      components.add(members);
    }
  }

  /** Components come out of Tarjan's algorithm after every component they reference. */
  private List<List<String>> waves() {
    int[] wave = new int[components.size()];
    int last = -1;
    for (int c = 0; c < components.size(); c++) {
      for (String member : components.get(c)) {
        for (String parent : parentsOf(member)) {
          int p = component.get(parent);
          if (p != c) {
            wave[c] = Math.max(wave[c], wave[p] + 1);
          }
        }
      }
      last = Math.max(last, wave[c]);
    }
    List<List<String>> waves = new ArrayList<>();
    for (int w = 0; w <= last; w++) {
      waves.add(new ArrayList<>());
    }
    for (String t : tables) {
      waves.get(wave[component.get(t)]).add(t);
    }
    return waves.stream().map(List::copyOf).toList();
  }

  private List<String> parentsOf(String table) {
    return parents.getOrDefault(table, Set.of()).stream().filter(planned::contains).toList();
  }
}
