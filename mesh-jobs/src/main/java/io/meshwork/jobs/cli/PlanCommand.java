package io.meshwork.jobs.cli;

import io.meshwork.core.contract.ContractRepository;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.ProductRef;
import io.meshwork.jobs.ProductGraph;
import io.meshwork.jobs.internal.TextTable;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mesh plan [--all | <products>] [--json]}: the products of the project as a DAG, in the
 * order {@code run --all} runs them, grouped in waves of products that do not depend on each other.
 * Products name their upstream through {@code inputs.products}. Reads the contracts only: no Spark.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Print the products in run order (upstream first) with the products each one reads.",
      "With product names, plan those products and everything upstream of them.",
      "Exit codes: 0 planned, 2 contract error or dependency cycle."
    })
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @ArgGroup(multiplicity = "0..1")
  Target target;

  static final class Target {
    @Parameters(paramLabel = "PRODUCT", arity = "1..*", description = "Products to plan, as domain.name, with their upstream.")
    List<String> products;

    @Option(names = "--all", description = "Plan every product of the project (the default).")
    boolean all;
  }

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  @Override
  public Integer call() {
    ContractRepository contracts = common.platform().contracts();
    Set<ProductId> selected = new LinkedHashSet<>();
    if (target != null && target.products != null) {
      for (String name : target.products) {
        selected.add(ProductId.parse(name));
      }
    }
    ProductGraph graph = new ProductGraph(selected.isEmpty() ? contracts.loadAll() : loadWithUpstream(contracts, selected));
    graph.requireAcyclic();
    List<DataProduct> order = graph.runOrder();
    Map<ProductId, Integer> waveOf = new HashMap<>();
    List<List<ProductId>> waves = graph.waves();
    for (int w = 0; w < waves.size(); w++) {
      for (ProductId id : waves.get(w)) {
        waveOf.put(id, w + 1);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> steps = new ArrayList<>();
      for (int i = 0; i < order.size(); i++) {
        DataProduct p = order.get(i);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", i + 1);
        m.put("wave", waveOf.get(p.id()));
        m.put("product", p.id().toString());
        m.put("contractVersion", p.version().toString());
        m.put("owner", p.owner().toString());
        m.put("selected", selected.isEmpty() || selected.contains(p.id()));
        m.put("upstream", graph.upstream(p.id()).stream().map(ProductId::toString).sorted().toList());
        m.put("downstream", graph.downstream(p.id()).stream().map(ProductId::toString).toList());
        steps.add(m);
      }
      Map<String, Object> plan = new LinkedHashMap<>();
      plan.put("products", steps);
      plan.put("waves", waves.stream().map(w -> w.stream().map(ProductId::toString).toList()).toList());
      out.println(Output.json(plan));
      return 0;
    }
    if (order.isEmpty()) {
      out.println("No products: " + contracts.confDir().resolve("products") + " holds no contract.");
      return 0;
    }
    out.printf(
        "Run order: %d product%s in %d wave%s (the products of a wave do not depend on each other)%n",
        order.size(), order.size() == 1 ? "" : "s", waves.size(), waves.size() == 1 ? "" : "s");
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      DataProduct p = order.get(i);
      List<ProductId> upstream = graph.upstream(p.id()).stream().sorted().toList();
      String name = p.id() + (selected.isEmpty() || selected.contains(p.id()) ? "" : " (upstream)");
      rows.add(
          List.of(
              String.valueOf(i + 1),
              String.valueOf(waveOf.get(p.id())),
              name,
              upstream.isEmpty() ? "-" : String.join(", ", upstream.stream().map(ProductId::toString).toList())));
    }
    TextTable.print(out, List.of("step", "wave", "product", "reads"), rows);
    return 0;
  }

  /**
   * The contracts of {@code ids} and of every project product upstream of them; other contracts
   * are not read, so a broken unrelated contract does not stop the plan.
   */
  private static List<DataProduct> loadWithUpstream(ContractRepository contracts, Set<ProductId> ids) {
    Set<ProductId> inProject = new HashSet<>(contracts.list());
    Map<ProductId, DataProduct> loaded = new LinkedHashMap<>();
    Deque<ProductId> todo = new ArrayDeque<>(ids);
    while (!todo.isEmpty()) {
      ProductId id = todo.poll();
      if (loaded.containsKey(id)) {
        continue;
      }
      DataProduct p = contracts.load(id); // exit 2 naming the file when missing or invalid
      loaded.put(id, p);
      p.inputs().stream().map(ProductRef::id).filter(inProject::contains).forEach(todo::add);
    }
    return new ArrayList<>(loaded.values());
  }
}
