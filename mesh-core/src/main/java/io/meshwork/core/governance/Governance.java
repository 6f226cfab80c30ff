package io.meshwork.core.governance;

import io.meshwork.core.contract.internal.ConfigErrors;
import io.meshwork.core.governance.internal.BuiltinPolicies;
import io.meshwork.core.governance.internal.CentralGovernance;
import io.meshwork.core.governance.internal.PolicyFiles.Effective;
import io.meshwork.core.governance.internal.PolicyFiles.Param;
import io.meshwork.core.governance.internal.PolicyFiles;
import io.meshwork.core.model.Check;
import io.meshwork.core.model.ColumnSpec;
import io.meshwork.core.model.Constraint;
import io.meshwork.core.model.ConstraintSpec;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.DataProduct;
import io.meshwork.core.model.GovernanceException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The governance policies of a project, loaded from its {@code conf/} directory, checked against
 * contracts before anything is written (and on their own, without Spark).
 *
 * <pre>{@code
 * Governance governance = Governance.load(Path.of("conf"));
 * governance.check(product).ensurePassed();          // GovernanceException, exit 4
 * gateConstraints.addAll(governance.derivedConstraints(product));
 * }</pre>
 *
 * <p>Files read (each optional; a project without {@code governance.conf} has no policies), from
 * {@code confDir}, or, when {@code mesh.governance.central} in {@code <confDir>/mesh.conf} names
 * the organisation's central governance (a directory, or {@code classpath:<folder>} of a governance
 * artifact), the first, third and fourth from there, and {@code domains/<domain>.conf} from both,
 * the central one first:
 *
 * <ul>
 *   <li>{@code governance.conf}: {@code governance { <policy id> { severity, description,
 *       overridable, enabled, <settings> } }}, the id written as a HOCON path
 *       ({@code naming.column { ... }});
 *   <li>{@code domains/<domain>.conf}: the same {@code governance} block, tuning the global policies
 *       for one domain: it may tighten anything, and relax (lower a severity, disable, lower a
 *       minimum, change a pattern, ...) only what the global file marks {@code overridable = true};
 *   <li>{@code identifiers.conf}: the organisation's shared identifiers ({@link SharedIdentifier});
 *   <li>{@code reference/<name>.csv}: reference sets, a header line then one value per line.
 * </ul>
 *
 * <p>Policies are the built-in ones plus every {@link GovernancePolicy} found with {@link
 * ServiceLoader}; a policy runs when the global file configures it. Immutable and thread-safe.
 */
public final class Governance {
  private static final Pattern POLICY_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");

  private final Path confDir;
  private final CentralGovernance.Source source;
  private final List<GovernancePolicy> policies;
  private final PolicyFiles.Loaded files;

  private Governance(Path confDir, CentralGovernance.Source source, List<GovernancePolicy> policies, PolicyFiles.Loaded files) {
    this.confDir = confDir;
    this.source = source;
    this.policies = policies;
    this.files = files;
  }

  /**
   * Loads the policy files of {@code confDir}, with the built-in policies and those found with
   * {@link ServiceLoader} on the thread's context class loader.
   *
   * @throws ContractException (exit 2) listing every problem of the files, each {@code <file>:<line>: <message>}
   * @throws MeshException (exit 2) when two policies have the same id or a policy class cannot be loaded
   */
  public static Governance load(Path confDir) {
    return load(confDir, List.of());
  }

  /**
   * As {@link #load(Path)}, with {@code extraPolicies} besides the discovered ones (for a policy
   * not packaged as a service, or a test).
   */
  public static Governance load(Path confDir, List<GovernancePolicy> extraPolicies) {
    Objects.requireNonNull(confDir, "confDir");
    List<GovernancePolicy> all = new ArrayList<>(BuiltinPolicies.all());
    all.addAll(discovered());
    all.addAll(extraPolicies);
    Map<String, Map<String, Param>> known = new LinkedHashMap<>();
    Map<String, GovernancePolicy> byId = new LinkedHashMap<>();
    for (GovernancePolicy p : all) {
      String id = p.id();
      if (id == null || !POLICY_ID.matcher(id).matches()) {
        throw new ContractException(
            "Governance policy " + p.getClass().getName() + " has id '" + id + "': expected lower-case words separated by dots (ownership.team-matches-domain)");
      }
      GovernancePolicy other = byId.putIfAbsent(id, p);
      if (other != null) {
        throw new ContractException(
            "Two governance policies have the id " + id + ": " + describe(other) + " and " + describe(p));
      }
      known.put(id, p instanceof BuiltinPolicies.Builtin b ? b.params() : null);
    }
    CentralGovernance.Source source = CentralGovernance.resolve(confDir);
    return new Governance(confDir, source, List.copyOf(all), PolicyFiles.load(confDir, source, known));
  }

  private static List<GovernancePolicy> discovered() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<GovernancePolicy> found = new ArrayList<>();
    try {
      for (GovernancePolicy p : ServiceLoader.load(GovernancePolicy.class, loader != null ? loader : Governance.class.getClassLoader())) {
        found.add(p);
      }
    } catch (ServiceConfigurationError e) {
      throw new ContractException("Cannot load a governance policy listed in META-INF/services/" + GovernancePolicy.class.getName() + ": " + e.getMessage(), e);
    }
    return found;
  }

  private static String describe(GovernancePolicy p) {
    return p instanceof BuiltinPolicies.Builtin ? "the built-in policy" : p.getClass().getName();
  }

  /**
   * Whether a product's SQL (or a job's rows) may call Java methods with {@code reflect} or
   * {@code java_method}: {@code sql.allow-reflection} in {@code governance.conf}, false when unset.
   */
  public boolean allowsReflection() {
    java.nio.file.Path file = source.dir().resolve("governance.conf");
    if (!java.nio.file.Files.isRegularFile(file)) {
      return false;
    }
    com.typesafe.config.Config config;
    try {
      config = com.typesafe.config.ConfigFactory.parseString(
          java.nio.file.Files.readString(file), com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription(CentralGovernance.display(file)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try {
      return config.hasPath("sql.allow-reflection") && config.getBoolean("sql.allow-reflection");
    } catch (com.typesafe.config.ConfigException.WrongType e) {
      throw new ContractException(ConfigErrors.problem(CentralGovernance.display(file), e.origin(), "sql.allow-reflection must be true or false"));
    }
  }

  /** The configuration directory the policies were loaded from (its {@code domains/} files). */
  public Path confDir() {
    return confDir;
  }

  /**
   * The directory of {@code governance.conf}, {@code identifiers.conf} and {@code reference/}: the
   * configuration directory, or the central governance {@code mesh.governance.central} names
   * (possibly inside a jar on the classpath).
   */
  public Path governanceDir() {
    return source.dir();
  }

  /** Whether the policies come from a central governance ({@code mesh.governance.central}) rather than the project's own files. */
  public boolean central() {
    return source.central();
  }

  /**
   * The directory of {@code confDir}'s governance files, without loading them: {@code confDir}, or
   * the central governance named by {@code mesh.governance.central}.
   *
   * @throws io.meshwork.core.model.ContractException (exit 2) when the setting names no governance
   */
  public static Path governanceDir(Path confDir) {
    return CentralGovernance.resolve(confDir).dir();
  }

  /**
   * The ids of the policies that run for products of {@code domain}, in the order they run (the
   * domain file may disable some).
   */
  public List<String> policies(String domain) {
    Map<String, Effective> set = effective(domain);
    return policies.stream().map(GovernancePolicy::id).filter(id -> set.containsKey(id) && set.get(id).enabled()).toList();
  }

  /** The shared identifiers of {@code identifiers.conf}, by name. */
  public Map<String, SharedIdentifier> identifiers() {
    return files.identifiers();
  }

  /** The reference sets of {@code reference/}, by name. */
  public Map<String, List<String>> referenceSets() {
    return files.referenceSets();
  }

  /** Checks one product against the policies of its domain. */
  public PolicyReport check(DataProduct product) {
    return new PolicyReport(List.of(product.id()), violations(product));
  }

  /** Checks every product, each against the policies of its domain. */
  public PolicyReport checkAll(List<DataProduct> products) {
    List<Violation> violations = new ArrayList<>();
    List<ProductId> ids = new ArrayList<>();
    for (DataProduct p : products) {
      ids.add(p.id());
      violations.addAll(violations(p));
    }
    return new PolicyReport(ids, violations);
  }

  private List<Violation> violations(DataProduct product) {
    Map<String, Effective> set = effective(product.id().domain());
    List<Violation> violations = new ArrayList<>();
    for (GovernancePolicy policy : policies) {
      Effective e = set.get(policy.id());
      if (e == null || !e.enabled()) {
        continue;
      }
      PolicyContext context = new PolicyContext(e.id(), e.severity(), e.settings(), product, source.dir(), files.identifiers(), files.referenceSets());
      try {
        List<Violation> found = policy.evaluate(product, context);
        if (found != null) {
          violations.addAll(found);
        }
      } catch (RuntimeException ex) {
        // A broken custom policy must not let a product through unchecked, nor hide the other policies.
        violations.add(context.violation(product.locationOf("product"), "the policy could not be evaluated: " + ex));
      }
    }
    return violations;
  }

  /**
   * The data checks the policies add to a product's quality gate: for each column named after a
   * shared identifier with a pattern, a {@code pattern} check named {@code identifier <name>}; for
   * each column tagged {@code reference = <set>}, an {@code allowed-values} check named
   * {@code reference <set>}. Their level is the policy's severity for the product's domain; each is
   * located at its column. A check the contract already declares identically is not repeated.
   */
  public List<ConstraintSpec> derivedConstraints(DataProduct product) {
    Map<String, Effective> set = effective(product.id().domain());
    List<ConstraintSpec> derived = new ArrayList<>();
    Effective identifiers = set.get(BuiltinPolicies.SHARED_IDENTIFIERS);
    Effective reference = set.get(BuiltinPolicies.REFERENCE_DATA);
    for (ColumnSpec c : product.columns()) {
      SharedIdentifier id = files.identifiers().get(c.name());
      if (identifiers != null && identifiers.enabled() && id != null && id.pattern() != null
          && !declaredPattern(product, c.name(), id.pattern())) {
        derived.add(new ConstraintSpec(Check.PATTERN.keyword(), List.of(c.name()), Map.of("regex", id.pattern()), identifiers.severity().keyword(), "identifier " + id.name(), c.location()));
      }
      String setName = c.tags().get("reference");
      List<String> values = setName == null ? null : files.referenceSets().get(setName);
      if (reference != null && reference.enabled() && values != null
          && !declaredValues(product, c.name(), values)) {
        derived.add(new ConstraintSpec(Check.ALLOWED_VALUES.keyword(), List.of(c.name()), Map.of("values", values), reference.severity().keyword(), "reference " + setName, c.location()));
      }
    }
    return derived;
  }

  /**
   * {@code product} with {@link #derivedConstraints(DataProduct)} appended to its constraints: the
   * product to hand to the quality gate. Everything else, the contract's hash included, is unchanged.
   */
  public DataProduct withDerivedConstraints(DataProduct product) {
    List<ConstraintSpec> derived = derivedConstraints(product);
    if (derived.isEmpty()) {
      return product;
    }
    List<ConstraintSpec> constraints = new ArrayList<>(product.constraints());
    constraints.addAll(derived);
    return product.toBuilder().constraints(constraints).build();
  }

  /** Whether the contract holds, at error level, a pattern check of {@code column} with this regex. */
  private static boolean declaredPattern(DataProduct product, String column, String regex) {
    return product.constraints().stream()
        .anyMatch(c -> c.blocking() && c.rule() instanceof Constraint.Pattern p && p.column().equals(column) && p.regex().equals(regex));
  }

  /** Whether the contract holds, at error level, an allowed-values check of {@code column} with these values (in any order). */
  private static boolean declaredValues(DataProduct product, String column, List<String> values) {
    return product.constraints().stream()
        .anyMatch(c -> c.blocking() && c.rule() instanceof Constraint.AllowedValues a && a.column().equals(column)
            && new HashSet<>(a.values()).equals(new HashSet<>(values)));
  }

  private Map<String, Effective> effective(String domain) {
    return files.domains().getOrDefault(domain, files.global());
  }

}
