package io.meshwork.jobs;

import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.Problem;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The products of a project as a DAG: an edge from each input product to the product that reads
 * it. Gives the run order (upstream first, ties broken by name so the order is stable) and
 * refuses cycles.
 */
public final class ProductGraph {
  private final Map<ProductId, DataProduct> products = new TreeMap<>();

  public ProductGraph(List<DataProduct> products) {
    products.forEach(p -> this.products.put(p.id(), p));
  }

  /** The products that {@code id} reads and that are part of this graph. */
  public List<ProductId> upstream(ProductId id) {
    List<ProductId> out = new ArrayList<>();
    for (ProductRef ref : products.get(id).inputs()) {
      if (products.containsKey(ref.id())) {
        out.add(ref.id());
      }
    }
    return out;
  }

  /**
   * Every product, upstream before downstream.
   *
   * @throws ContractException (exit 2) naming the products of a cycle
   */
  public List<DataProduct> runOrder() {
    Map<ProductId, Integer> pending = new LinkedHashMap<>();
    products.keySet().forEach(id -> pending.put(id, upstream(id).size()));
    Set<ProductId> ready = new TreeSet<>();
    pending.forEach((id, n) -> {
      if (n == 0) ready.add(id);
    });
    List<DataProduct> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      ProductId next = ready.iterator().next();
      ready.remove(next);
      pending.remove(next);
      order.add(products.get(next));
      for (ProductId other : new ArrayList<>(pending.keySet())) {
        if (upstream(other).contains(next)) {
          int left = pending.merge(other, -1, Integer::sum);
          if (left == 0) ready.add(other);
        }
      }
    }
    if (!pending.isEmpty()) {
      List<Problem> problems = new ArrayList<>();
      for (ProductId id : pending.keySet()) {
        DataProduct p = products.get(id);
        problems.add(Problem.at(p.file(), 1, id + ": part of a dependency cycle: reads "
            + upstream(id).stream().filter(pending::containsKey).map(ProductId::toString).toList()).about(id));
      }
      throw new ContractException(problems);
    }
    return order;
  }

  /** The products of this graph, sorted by id. */
  public List<DataProduct> products() {
    return List.copyOf(products.values());
  }

  /** Whether {@code id} is a product of this graph. */
  public boolean contains(ProductId id) {
    return products.containsKey(id);
  }

  /** The products of this graph that read {@code id}, sorted. */
  public List<ProductId> downstream(ProductId id) {
    List<ProductId> out = new ArrayList<>();
    for (ProductId other : products.keySet()) {
      if (upstream(other).contains(id)) {
        out.add(other);
      }
    }
    return out;
  }

  /**
   * The sub-graph a run of {@code ids} depends on: those products and everything upstream of them,
   * transitively.
   *
   * @throws IllegalArgumentException when an id is not in this graph
   */
  public ProductGraph withUpstream(Collection<ProductId> ids) {
    Set<ProductId> keep = new TreeSet<>();
    Deque<ProductId> todo = new ArrayDeque<>();
    for (ProductId id : ids) {
      if (!products.containsKey(id)) {
        throw new IllegalArgumentException(id + " is not a product of this graph");
      }
      todo.add(id);
    }
    while (!todo.isEmpty()) {
      ProductId id = todo.poll();
      if (keep.add(id)) {
        todo.addAll(upstream(id));
      }
    }
    return new ProductGraph(keep.stream().map(products::get).toList());
  }

  /**
   * The dependency cycles, one per group of products that depend on each other: the shortest
   * cycle through the group's smallest product, starting there, each product reading the next one
   * and the last reading the first (which is not repeated); empty for a DAG. A product that reads
   * itself is a cycle of one.
   */
  public List<List<ProductId>> cycles() {
    List<List<ProductId>> cycles = new ArrayList<>();
    for (Set<ProductId> group : stronglyConnected()) {
      ProductId first = group.iterator().next();
      if (group.size() == 1 && !upstream(first).contains(first)) {
        continue;
      }
      cycles.add(shortestCycle(first, group));
    }
    cycles.sort((a, b) -> a.get(0).compareTo(b.get(0)));
    return cycles;
  }

  /** The shortest path from {@code first} along its inputs, within {@code group}, back to {@code first}. */
  private List<ProductId> shortestCycle(ProductId first, Set<ProductId> group) {
    Map<ProductId, ProductId> readBy = new HashMap<>();
    Deque<ProductId> queue = new ArrayDeque<>(List.of(first));
    while (!queue.isEmpty()) {
      ProductId at = queue.poll();
      for (ProductId input : new TreeSet<>(upstream(at))) {
        if (input.equals(first)) {
          List<ProductId> path = new ArrayList<>();
          for (ProductId p = at; p != null; p = readBy.get(p)) {
            path.add(0, p);
          }
          return List.copyOf(path);
        }
        if (group.contains(input) && !readBy.containsKey(input)) {
          readBy.put(input, at);
          queue.add(input);
        }
      }
    }
    return List.of(first); // not reached: first is in a cycle
  }

  /**
   * The problems of the cycles, one line each as {@code <file>:<line>: <product>: dependency
   * cycle: a reads b reads a}, the line being the one declaring the input products; empty for a DAG.
   */
  public List<Problem> cycleProblems() {
    List<Problem> problems = new ArrayList<>();
    for (List<ProductId> cycle : cycles()) {
      DataProduct p = products.get(cycle.get(0));
      List<String> names = new ArrayList<>(cycle.stream().map(ProductId::toString).toList());
      names.add(cycle.get(0).toString());
      problems.add(
          Problem.at(p.file(), inputProductsLine(p), p.id() + ": dependency cycle: " + String.join(" reads ", names)
              + " (a product cannot depend on itself, directly or through others)").about(p.id()));
    }
    return problems;
  }

  /**
   * The waves of the run: wave 1 holds the products with no upstream in this graph, wave n + 1
   * those whose upstream is all in waves up to n. Products of one wave do not depend on each other
   * and may run concurrently. Each wave is sorted.
   *
   * @throws ContractException (exit 2) naming the cycles, as {@link #cycleProblems()}
   */
  public List<List<ProductId>> waves() {
    requireAcyclic();
    Map<ProductId, Integer> wave = new HashMap<>();
    List<List<ProductId>> waves = new ArrayList<>();
    for (DataProduct p : runOrder()) {
      int w = upstream(p.id()).stream().mapToInt(u -> wave.get(u) + 1).max().orElse(0);
      wave.put(p.id(), w);
      while (waves.size() <= w) {
        waves.add(new ArrayList<>());
      }
      waves.get(w).add(p.id());
    }
    waves.forEach(l -> l.sort(null));
    return waves.stream().map(List::copyOf).toList();
  }

  /**
   * @throws ContractException (exit 2) with one line per cycle ({@link #cycleProblems()})
   */
  public void requireAcyclic() {
    List<Problem> problems = cycleProblems();
    if (!problems.isEmpty()) {
      throw new ContractException(problems);
    }
  }

  /** The line declaring {@code inputs.products} in the contract file (1 when not found). */
  private static int inputProductsLine(DataProduct product) {
    try {
      List<String> lines = Files.readAllLines(product.file());
      for (int i = 0; i < lines.size(); i++) {
        if (PRODUCTS_KEY.matcher(lines.get(i)).find()) {
          return i + 1;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not readable (a contract parsed from text): line 1
    }
    return 1;
  }

  private static final Pattern PRODUCTS_KEY = Pattern.compile("(^|[\\s{.])products\\s*[=:]");

  /** Whether {@code reader} declares {@code input} as an input product. */
  private boolean readsFrom(ProductId reader, ProductId input) {
    return upstream(reader).contains(input);
  }

  /** Tarjan's strongly connected components over "reads" edges, each sorted. */
  private List<Set<ProductId>> stronglyConnected() {
    Map<ProductId, Integer> index = new HashMap<>();
    Map<ProductId, Integer> low = new HashMap<>();
    Deque<ProductId> stack = new ArrayDeque<>();
    Set<ProductId> onStack = new HashSet<>();
    List<Set<ProductId>> groups = new ArrayList<>();
    int[] counter = {0};
    for (ProductId id : products.keySet()) {
      if (!index.containsKey(id)) {
        connect(id, index, low, stack, onStack, groups, counter);
      }
    }
    return groups;
  }

  private void connect(
      ProductId v,
      Map<ProductId, Integer> index,
      Map<ProductId, Integer> low,
      Deque<ProductId> stack,
      Set<ProductId> onStack,
      List<Set<ProductId>> groups,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (ProductId w : upstream(v)) {
      if (!index.containsKey(w)) {
        connect(w, index, low, stack, onStack, groups, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<ProductId> group = new TreeSet<>();
      ProductId w;
      do {
        w = stack.pop();
        onStack.remove(w);
        group.add(w);
      } while (!w.equals(v));
      groups.add(group);
    }
  }
}
