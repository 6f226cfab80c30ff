package io.meshwork.core.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.meshwork.core.catalog.ProductVersion;
import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.Deprecation;
import io.meshwork.core.model.GovernanceException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.NotFoundException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.model.SemVer;
import io.meshwork.core.publish.Publisher;
import io.meshwork.core.read.internal.ProductReads;
import io.meshwork.core.read.internal.ReadMarker;
import io.meshwork.core.storage.TableProperties;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.CommitLog;
import io.meshwork.core.storage.internal.LogRetention;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the certified versions of one product. A version is certified when its Delta commit
 * carries Meshwork's publish metadata ({@code commitInfo.userMetadata}, a JSON object whose
 * {@code product} is this product); commits made any other way (a plain Spark write, a manual
 * fix) are never returned, even when they are newer.
 *
 * <pre>{@code
 * ProductReader orders = Mesh.open(spark, "/data/mesh").read("sales.orders");
 * Dataset<Row> now = orders.latest();
 * Dataset<Row> pinned = orders.version(12);
 * Dataset<Row> monthEnd = orders.asOf("2026-11-30 23:59:59");
 * }</pre>
 *
 * <p>Every method reads the Delta log afresh, so a long-lived reader sees new publishes.
 *
 * <p>A reader obtained through {@link io.meshwork.core.Mesh#as(String)} reads as that role, any other as the
 * session's role ({@link Roles#ROLE_SETTING}) or, without one, with least privilege: the product's
 * access rules ({@link ReadPolicy}) mask, filter or refuse, and every read appends a record to the
 * {@link AuditLog}.
 */
public final class ProductReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, CachedProperties> PROPERTIES = new java.util.concurrent.ConcurrentHashMap<>();
  private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd[ HH:mm:ss]");

  private final SparkSession spark;
  private static final Logger LOG = LoggerFactory.getLogger(ProductReader.class);

  private final ProductId id;
  /** The contract major read (0 and 1 share a table). */
  private final int major;
  private final Warehouse warehouse;
  private final String location;
  /** The role reads are made as ({@link io.meshwork.core.Mesh#as(String)}), or null for the session's ({@link Roles#ROLE_SETTING}, else none). */
  private final String role;
  private final AuditLog audit;
  /** Whether the deprecation warning was asked for or logged already. */
  private boolean warned;

  public ProductReader(SparkSession spark, Warehouse warehouse, ProductId id, int major) {
    this(spark, warehouse, id, major, null, new AuditLog(spark, warehouse));
  }

  /**
   * A reader as {@code role} (null: the session's role, else none), refused at once (and audited)
   * when the product's access rules refuse that reader ({@link ReadPolicy}).
   */
  public ProductReader(SparkSession spark, Warehouse warehouse, ProductId id, int major, String role, AuditLog audit) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.id = id;
    this.major = major;
    this.location = warehouse.table(id, major).toString();
    this.role = role;
    this.audit = audit;
    Map<String, String> properties = tableProperties();
    if (properties == null) {
      return; // no commit yet, so nothing to read: every read says so
    }
    ProductReads.Reader who = reader();
    if (!who.system() && who.role() != null) { // a read without a role is judged when it reads (metadata stays readable)
      ReadPolicy.Decision decision = ReadPolicy.decide(id.toString(), properties, properties, who.role(), who.user());
      if (!decision.allowed()) {
        refuse(who, decision.refusal());
      }
    }
  }

  /** Who this reader reads as: its role, else the session's (held by its user), else none. */
  private ProductReads.Reader reader() {
    if (role != null) {
      return new ProductReads.Reader(role, Roles.user(spark), false, ProductReads.VIA_API);
    }
    ProductReads.Reader session = ProductReads.current(spark);
    return new ProductReads.Reader(session.role(), session.user(), session.system(), ProductReads.VIA_API);
  }

  private void refuse(ProductReads.Reader who, String why) {
    audit.record(new AuditLog.Entry(who.role(), who.user(), id.toString(), null, null, List.of(), List.of(), null, AuditLog.REFUSED, ProductReads.VIA_API));
    throw new AccessDeniedException(why);
  }

  /** The product read. */
  public ProductId id() {
    return id;
  }

  /** The contract major read: the one asked for, or the newest when none was. */
  public int major() {
    return major;
  }

  /**
   * {@code warning: sales.orders major 1 is deprecated: sunset 2027-03-31, move to major 2 (note)}
   * when the table's latest publish stamped a deprecation ({@code mesh.deprecation.sunset}); empty
   * otherwise. Reads of a deprecated major still work (past the sunset too); a reader whose caller
   * never asked for the warning logs it once, at its first read (a caller that asked shows it itself).
   */
  public Optional<String> deprecationWarning() {
    warned = true;
    Map<String, String> properties = tableProperties();
    if (properties == null) {
      return Optional.empty();
    }
    int stamped = SemVer.parse(String.valueOf(properties.get(TableProperties.CONTRACT_VERSION))).map(SemVer::major).orElse(major);
    return Deprecation.fromTableProperties(properties).map(d -> d.warning(id, stamped));
  }

  /** The deprecation stamped by this major's latest publish; empty when it is not deprecated. */
  public Optional<Deprecation> deprecation() {
    Map<String, String> properties = tableProperties();
    return properties == null ? Optional.empty() : Deprecation.fromTableProperties(properties);
  }

  /**
   * The newest certified version, even when a newer uncertified commit exists.
   *
   * @throws NotFoundException (exit 2) when the product has no certified version
   */
  public Dataset<Row> latest() {
    return read(latestCertified());
  }

  /**
   * The newest certified version's entry (what {@link #latest()} reads).
   *
   * @throws NotFoundException (exit 2) when the product has no certified version
   */
  public ProductVersion latestCertified() {
    // Newest first: the cost follows the uncertified commits on top, not the length of the history.
    return CommitLog.newest(spark, warehouse.table(id, major), c -> certified(c) != null)
        .map(this::certified)
        .orElseThrow(() -> new NotFoundException(id + " has no certified version yet in warehouse " + warehouse));
  }

  /**
   * Reads one certified version, as {@link #latest()}, {@link #version(long)} and {@link
   * #asOf(Instant)} do once they have resolved it (masked and audited under this reader's role).
   */
  public Dataset<Row> read(ProductVersion version) {
    return load(version);
  }

  /**
   * A pinned certified version.
   *
   * @throws NotFoundException (exit 2) when {@code n} is not a certified version of this product
   */
  public Dataset<Row> version(long n) {
    return read(certified(n));
  }

  /**
   * The entry of certified version {@code n} (what {@link #version(long)} reads).
   *
   * @throws NotFoundException (exit 2) when {@code n} is not a certified version of this product
   */
  public ProductVersion certified(long n) {
    List<ProductVersion> versions = versions();
    ProductVersion found = versions.stream().filter(v -> v.version() == n).findFirst().orElse(null);
    if (found == null) {
      long earliest = n < 0 ? -1 : io.meshwork.core.storage.internal.LogRetention.earliestReadable(spark, warehouse.table(id, major));
      if (n >= 0 && n < earliest) {
        throw pastRetention(n, earliest);
      }
      throw new NotFoundException(
          id + " has no certified version " + n + " (certified versions: " + list(versions) + ")");
    }
    return found;
  }

  /**
   * The newest certified version committed at or before {@code ts}.
   *
   * @throws NotFoundException (exit 2) when no certified version is that old
   */
  public Dataset<Row> asOf(Instant ts) {
    return read(certifiedAsOf(ts));
  }

  /**
   * The entry of the newest certified version committed at or before {@code ts} (what {@link
   * #asOf(Instant)} reads).
   *
   * @throws NotFoundException (exit 2) when no certified version is that old
   */
  public ProductVersion certifiedAsOf(Instant ts) {
    List<ProductVersion> versions = certified();
    ProductVersion found = null;
    for (ProductVersion v : versions) {
      if (!v.timestamp().isAfter(ts)) {
        found = v;
      }
    }
    if (found == null) {
      ProductVersion first = versions.get(0);
      throw new NotFoundException(
          id + " has no certified version at or before " + ts + " (first certified version " + first.version() + " at " + first.timestamp() + ")");
    }
    return found;
  }

  /**
   * As {@link #asOf(Instant)}, with the time as text: an ISO-8601 instant
   * ({@code 2026-11-25T10:00:00Z}) or {@code yyyy-MM-dd[ HH:mm:ss]} in UTC.
   *
   * @throws ContractException (exit 2) when the text is neither
   */
  public Dataset<Row> asOf(String timestamp) {
    return asOf(parseInstant(timestamp));
  }

  /** As {@link #certifiedAsOf(Instant)}, with the time as text (see {@link #asOf(String)}). */
  public ProductVersion certifiedAsOf(String timestamp) {
    return certifiedAsOf(parseInstant(timestamp));
  }

  /**
   * The certified versions, oldest first; empty when there is none. Read from the Delta log's
   * commits through Delta's history (cached per JVM, see {@link CommitLog}), so asking again costs a log update.
   */
  public List<ProductVersion> versions() {
    List<ProductVersion> versions = new ArrayList<>();
    for (CommitLog.Commit commit : CommitLog.commits(spark, warehouse.table(id, major))) {
      ProductVersion v = certified(commit);
      if (v != null) {
        versions.add(v);
      }
    }
    return List.copyOf(versions);
  }

  /** The certified version a commit is, or null when it carries no publish metadata of this product. */
  private ProductVersion certified(CommitLog.Commit commit) {
    JsonNode stamp = publishMetadata(commit.text("userMetadata"));
    if (stamp == null || !id.toString().equals(text(stamp, "product"))) {
      return null;
    }
    // Rows as the publisher counted them; Delta's own count for a publish that did not say.
    JsonNode metrics = commit.info().path("operationMetrics");
    String rows = text(stamp, "rows") != null ? text(stamp, "rows") : text(metrics, "numOutputRows");
    return new ProductVersion(
        commit.version(), commit.timestamp(), text(stamp, "contractVersion"), text(stamp, "runId"), date(text(stamp, "runDate")),
        number(rows), commit.text("operation"));
  }

  /**
   * The newest certified version number.
   *
   * @throws NotFoundException (exit 2) when the product has no certified version
   */
  public long latestVersion() {
    return latestCertified().version();
  }

  @Override
  public String toString() {
    return "ProductReader[" + id + " at " + location + "]";
  }

  /**
   * The table's properties at its newest commit, or null when it has none; asked of Delta once per
   * new commit (a JVM-wide cache keyed by the log's newest version).
   */
  private Map<String, String> tableProperties() {
    long newest = CommitLog.latestVersion(spark, warehouse.table(id, major));
    if (newest < 0) {
      return null;
    }
    CachedProperties cached = PROPERTIES.get(location);
    if (cached == null || cached.version() != newest) {
      Map<String, String> read = DeltaTable.forPath(spark, location).detail().select("properties").head().getJavaMap(0);
      cached = new CachedProperties(newest, java.util.Collections.unmodifiableMap(new java.util.HashMap<>(read)));
      PROPERTIES.put(location, cached);
    }
    return cached.properties();
  }

  private record CachedProperties(long version, Map<String, String> properties) {}

  /** Version {@code n} is older than the log Delta kept: says so, naming the table's retention. */
  private MeshException pastRetention(long n, long earliest) {
    Map<String, String> properties = tableProperties();
    String retention = properties == null ? null : properties.get(TableProperties.RETENTION);
    String log = properties == null ? null : properties.get("delta.logRetentionDuration");
    return new NotFoundException(
        id + " version " + n + " is past retention and can no longer be read: its table keeps versions for "
            + (retention != null ? retention + " (retention.versions" : "Delta's default 30 days (no retention.versions stamped")
            + "; delta.logRetentionDuration = " + (log != null ? log : "interval 30 days") + ") and Delta has cleaned up its log before version "
            + earliest + ", the oldest readable one. Versions a consumer pins or a model manifest names are kept; state a longer "
            + "retention.versions in the contract to keep others.");
  }

  /** The certified versions, never empty. */
  private List<ProductVersion> certified() {
    List<ProductVersion> versions = versions();
    if (versions.isEmpty()) {
      throw new NotFoundException(id + " has no certified version yet in warehouse " + warehouse);
    }
    return versions;
  }

  /**
   * Reads a version through the session extension's rule ({@link ProductReads}), as this reader:
   * the one policy engine masks, filters or refuses, and the read is audited here, once.
   */
  private Dataset<Row> load(ProductVersion version) {
    if (!warned) {
      deprecationWarning().ifPresent(LOG::warn);
    }
    ProductReads.Reader who = reader();
    Dataset<Row> data;
    try {
      data = ProductReads.as(who, () -> spark.read().format("delta").option("versionAsOf", version.version()).load(location));
    } catch (AccessDeniedException | GovernanceException e) {
      if (!who.system()) {
        refuse(who, e.getMessage());
      }
      throw e;
    } catch (MeshException e) {
      throw e;
    } catch (RuntimeException e) { // Delta cannot rebuild the version: its log was cleaned up after this JVM listed it
      long earliest = io.meshwork.core.storage.internal.LogRetention.earliestReadable(spark, warehouse.table(id, major));
      if (version.version() < earliest) {
        throw pastRetention(version.version(), earliest);
      }
      throw e;
    }
    if (!who.system()) {
      List<ReadMarker.Read> reads = ProductReads.reads(data.queryExecution().analyzed());
      List<String> masked = reads.isEmpty() ? List.of() : reads.get(0).masked();
      String filter = reads.isEmpty() ? null : reads.get(0).rowFilter();
      audit.record(new AuditLog.Entry(
          who.role(), who.user(), id.toString(), version.version(), version.contractVersion(), Arrays.asList(data.columns()), masked, filter,
          AuditLog.READ, ProductReads.VIA_API));
    }
    return data;
  }

  /** Meshwork's publish metadata in a commit's userMetadata, or null when it has none. */
  private static JsonNode publishMetadata(String userMetadata) {
    if (userMetadata == null || !userMetadata.startsWith("{")) {
      return null;
    }
    try {
      return JSON.readTree(userMetadata);
    } catch (IOException notJson) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static LocalDate date(String text) {
    try {
      return text == null ? null : LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Long number(String text) {
    try {
      return text == null ? null : Long.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String list(List<ProductVersion> versions) {
    return versions.isEmpty() ? "none" : versions.stream().map(v -> Long.toString(v.version())).collect(Collectors.joining(", "));
  }

  static Instant parseInstant(String text) {
    if (text != null) {
      try {
        return Instant.parse(text.trim());
      } catch (DateTimeParseException notAnInstant) {
        try {
          String t = text.trim();
          return t.length() == 10
              ? LocalDate.parse(t, LOCAL_DATE_TIME).atStartOfDay().toInstant(ZoneOffset.UTC)
              : LocalDateTime.parse(t, LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notLocal) {
          // fall through to the message below
        }
      }
    }
    throw new ContractException(
        "'" + text + "' is not a timestamp: expected an ISO-8601 instant (2026-11-25T10:00:00Z) or yyyy-MM-dd[ HH:mm:ss] in UTC");
  }
}
