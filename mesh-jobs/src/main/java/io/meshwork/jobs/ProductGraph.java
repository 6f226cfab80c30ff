package io.meshwork.jobs;

import io.meshwork.core.ContractException;
import io.meshwork.core.DataProduct;
import io.meshwork.core.ProductId;
import io.meshwork.core.ProductRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
      List<String> problems = new ArrayList<>();
      for (ProductId id : pending.keySet()) {
        DataProduct p = products.get(id);
        problems.add(p.file() + ":1: " + id + ": part of a dependency cycle: reads "
            + upstream(id).stream().filter(pending::containsKey).map(ProductId::toString).toList());
      }
      throw new ContractException(problems);
    }
    return order;
  }
}
