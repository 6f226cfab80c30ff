package io.meshwork.core.read;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.model.ProductId;
import io.meshwork.core.storage.Warehouse;
import io.meshwork.core.storage.internal.ProductWrites;
import io.meshwork.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session extension reads too: every Spark SQL and DataFrame read of a product follows its
 * access rules, whatever names it and wherever it sits in the query, exactly once, and is audited
 * once per product per executed query.
 *
 * <p>{@code sqlacc.customers} (a product table of its own warehouse, registered as
 * {@code sqlacc.customers}): pii {@code full_name} and {@code email}, masking hash; readers analyst
 * (row filter {@code country = 'DE'}), data-science and crm-data (pii-readers). Its version 1
 * stamped rules that also let {@code finance} read and classified only {@code full_name} pii;
 * today's (version 3) do not.
 */
@ExtendWith(SharedSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlAccessTest {
  private static final ProductId ID = new ProductId("sqlacc", "customers");
  private static final StructType CUSTOMERS =
      new StructType().add("customer_id", DataTypes.StringType).add("full_name", DataTypes.StringType)
          .add("email", DataTypes.StringType).add("country", DataTypes.StringType);
  private static final String KEY = "test-masking-key-of-SqlAccessTest";

  private final SparkSession spark;
  private Warehouse warehouse;
  private String table;
  private Path keyFile;

  SqlAccessTest(SparkSession spark) {
    this.spark = spark;
  }

  @BeforeAll
  void publish(@TempDir Path dir) throws Exception {
    keyFile = dir.resolve("masking.key");
    Files.writeString(keyFile, KEY + "\n");
    warehouse = Warehouse.at(dir.resolve("wh"));
    table = warehouse.table(ID).toString();
    Dataset<Row> rows = spark.createDataFrame(List.of(
        RowFactory.create("C00000001", "Anna Schmidt", "anna@example.de", "DE"),
        RowFactory.create("C00000002", "Lucas Martin", "lucas@example.fr", "FR")), CUSTOMERS);
    write(rows, "1.0.0"); // version 0
    stamp("analyst,data-science,crm-data,finance", "data-science,crm-data", "full_name", "{\"analyst\":\"country = 'DE'\"}"); // 1
    write(rows, "1.1.0"); // version 2
    stamp("analyst,data-science,crm-data", "data-science,crm-data", "full_name,email", "{\"analyst\":\"country = 'DE'\"}"); // 3
    Mesh.open(session(null), warehouse); // registers sqlacc.customers
  }

  @AfterAll
  void unregister() {
    ProductWrites.certified(() -> spark.sql("DROP DATABASE IF EXISTS sqlacc CASCADE"));
  }

  /** A session of its own reading as {@code role} (null: none), masking with the test key. */
  private SparkSession session(String role) {
    SparkSession s = spark.newSession();
    s.conf().set("spark.meshwork.masking.key-file", keyFile.toString());
    if (role != null) {
      s.conf().set(Roles.ROLE_SETTING, role);
    }
    return s;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"catalog", "path", "dataframe"})
  void everyReadPathMasksAndFiltersForAnAnalyst(String path) {
    SparkSession analyst = session("analyst");
    Dataset<Row> read = switch (path) {
      case "catalog" -> analyst.sql("SELECT customer_id, full_name, email, country FROM sqlacc.customers");
      case "path" -> analyst.sql("SELECT customer_id, full_name, email, country FROM delta.`" + table + "`");
      default -> analyst.read().format("delta").load(table).select("customer_id", "full_name", "email", "country");
    };

    assertThat(rows(read)).containsExactly("C00000001 " + hmac("Anna Schmidt") + " " + hmac("anna@example.de") + " DE");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"data-science", "crm-data"})
  void piiReadersSeeEveryRowInClear(String role) {
    assertThat(rows(session(role).sql("SELECT customer_id, full_name, email, country FROM sqlacc.customers ORDER BY customer_id")))
        .containsExactly("C00000001 Anna Schmidt anna@example.de DE", "C00000002 Lucas Martin lucas@example.fr FR");
  }

  @Test
  void aRoleThatIsNotAReaderIsRefusedNamingProductReaderAndReaders() {
    MeshException e = catchThrowableOfType(MeshException.class, () -> session("marketing").sql("SELECT * FROM sqlacc.customers").collect());

    assertThat(e).isInstanceOf(AccessDeniedException.class);
    assertThat(e).hasMessage("Read of sqlacc.customers refused for role 'marketing' (user '" + Roles.user(spark)
        + "'): the product's readers are analyst, data-science, crm-data");
  }

  @Test
  void withoutARoleLeastPrivilegeAppliesNeverClear() {
    assertThat(rows(session(null).sql("SELECT customer_id, full_name, email, country FROM sqlacc.customers")))
        .containsExactly("C00000001 " + hmac("Anna Schmidt") + " " + hmac("anna@example.de") + " DE");
  }

  @Test
  void viewsCtesJoinsAndSubqueriesReadMasked() {
    SparkSession analyst = session("analyst");
    analyst.sql("CREATE OR REPLACE TEMP VIEW cust_view AS SELECT full_name, country FROM sqlacc.customers");
    String anna = hmac("Anna Schmidt");

    assertThat(rows(analyst.sql("SELECT full_name FROM cust_view"))).containsExactly(anna);
    assertThat(rows(analyst.sql("WITH c AS (SELECT * FROM sqlacc.customers) SELECT a.full_name FROM c a JOIN c b USING (customer_id)")))
        .containsExactly(anna);
    assertThat(rows(analyst.sql("SELECT a.full_name FROM sqlacc.customers a JOIN delta.`" + table + "` b ON a.email = b.email")))
        .containsExactly(anna);
    assertThat(rows(analyst.sql("SELECT (SELECT max(full_name) FROM sqlacc.customers) AS m"))).containsExactly(anna);
    assertThat(rows(analyst.sql("SELECT 1 AS one WHERE 'Anna Schmidt' IN (SELECT full_name FROM sqlacc.customers)"))).isEmpty();
    assertThat(rows(analyst.sql("SELECT count(*) AS n FROM sqlacc.customers WHERE customer_id IN (SELECT customer_id FROM sqlacc.customers)")))
        .containsExactly("1");
  }

  @Test
  void thePolicyIsAppliedExactlyOnce() {
    SparkSession analyst = session("analyst");
    Dataset<Row> customers = analyst.table("sqlacc.customers");
    Dataset<Row> derived = customers.select("full_name", "country").filter(col("country").equalTo("DE"));
    derived.createOrReplaceTempView("cust_derived");

    assertThat(rows(derived.select("full_name"))).containsExactly(hmac("Anna Schmidt"));
    assertThat(rows(analyst.sql("SELECT full_name FROM cust_derived"))).containsExactly(hmac("Anna Schmidt"));
    assertThat(rows(customers.join(customers.select("customer_id"), "customer_id").select("full_name"))).containsExactly(hmac("Anna Schmidt"));
    assertThat(customers.queryExecution().optimizedPlan().toString()).doesNotContain("MeshRead");
  }

  @Test
  void anOldVersionReadsUnderTheStricterOfItsRulesAndTodays() {
    // Version 1 let finance read; today's rules do not: refused.
    MeshException e = catchThrowableOfType(
        MeshException.class, () -> session("finance").sql("SELECT * FROM sqlacc.customers VERSION AS OF 1").collect());
    assertThat(e).isInstanceOf(AccessDeniedException.class);
    assertThat(e).hasMessageContaining("refused for role 'finance'");
    // Version 1 classified only full_name pii; today email too: both masked.
    assertThat(rows(session("analyst").sql("SELECT full_name, email FROM sqlacc.customers VERSION AS OF 1")))
        .containsExactly(hmac("Anna Schmidt") + " " + hmac("anna@example.de"));
    assertThat(rows(session("analyst").read().format("delta").option("versionAsOf", 2).load(table).select("email")))
        .containsExactly(hmac("anna@example.de"));
  }

  @Test
  void maskedValuesCannotBeRecomputedFromADictionary() {
    Set<String> masked = session("analyst").sql("SELECT email FROM sqlacc.customers UNION ALL SELECT full_name FROM sqlacc.customers")
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    List<String> dictionary = List.of("anna@example.de", "lucas@example.fr", "Anna Schmidt", "Lucas Martin", "basic", "admin@example.de");

    for (String guess : dictionary) {
      assertThat(masked).as("unkeyed sha256 of " + guess).doesNotContain(sha256(guess));
      assertThat(masked).as("HMAC of " + guess + " under another key").doesNotContain(hmac("another-key", guess));
    }
    // Only the platform's key recomputes them (so masked columns still join across products).
    assertThat(masked).containsExactlyInAnyOrder(hmac("anna@example.de"), hmac("Anna Schmidt"));
  }

  @Test
  void eachExecutedQueryIsAuditedOncePerProductAndExplainOrDescribeNotAtAll() {
    SparkSession analyst = session("analyst");
    AuditLog audit = new AuditLog(spark, warehouse);
    long before = sqlRecords(audit);

    analyst.sql("SELECT a.full_name FROM sqlacc.customers a JOIN sqlacc.customers b USING (customer_id)").collect();
    assertThat(sqlRecords(audit)).isEqualTo(before + 1);
    analyst.sql("EXPLAIN SELECT * FROM sqlacc.customers").collect();
    analyst.sql("DESCRIBE TABLE sqlacc.customers").collect();
    assertThat(sqlRecords(audit)).isEqualTo(before + 1);

    Row last = audit.records().where(col("via").equalTo("sql")).orderBy(col("read_at").desc()).head();
    assertThat(last.getAs("principal").toString()).isEqualTo("analyst");
    assertThat(last.getAs("user").toString()).isEqualTo(Roles.user(spark));
    assertThat(last.getAs("product").toString()).isEqualTo("sqlacc.customers");
    assertThat((Long) last.getAs("data_version")).isEqualTo(3L);
    assertThat(last.getList(last.fieldIndex("masked_columns"))).containsExactly("full_name", "email");
    assertThat(last.getList(last.fieldIndex("columns"))).containsExactly("customer_id", "full_name", "email", "country");
    assertThat(last.getAs("row_filter").toString()).isEqualTo("country = 'DE'");
  }

  @Test
  void theReadApiIsAThinUseOfTheSamePolicy() {
    Mesh mesh = Mesh.open(session(null), warehouse);
    assertThat(rows(mesh.as("analyst").read(ID).latest().select("customer_id", "full_name", "email", "country")))
        .containsExactly("C00000001 " + hmac("Anna Schmidt") + " " + hmac("anna@example.de") + " DE");
    assertThat(rows(mesh.as("data-science").read(ID).latest().select("full_name").orderBy("full_name")))
        .containsExactly("Anna Schmidt", "Lucas Martin");
    assertThat(catchThrowableOfType(MeshException.class, () -> mesh.as("finance").read(ID).version(1)))
        .hasMessageContaining("refused for role 'finance'");
  }

  private long sqlRecords(AuditLog audit) {
    return audit.records().where(col("via").equalTo("sql").and(col("product").equalTo("sqlacc.customers"))).count();
  }

  private static List<String> rows(Dataset<Row> data) {
    return data.collectAsList().stream()
        .map(r -> java.util.stream.IntStream.range(0, r.size()).mapToObj(i -> String.valueOf(r.get(i))).collect(Collectors.joining(" ")))
        .toList();
  }

  private void write(Dataset<Row> rows, String contract) {
    ProductWrites.certified(() -> {
      rows.write().format("delta").mode("overwrite")
          .option("userMetadata", "{\"product\":\"" + ID + "\",\"contractVersion\":\"" + contract + "\",\"runId\":\"r\",\"runDate\":\"2026-11-25\",\"rows\":2}")
          .save(table);
      return null;
    });
  }

  private void stamp(String readers, String piiReaders, String piiColumns, String rowFilters) {
    ProductWrites.certified(() -> spark.sql("ALTER TABLE delta.`" + table + "` SET TBLPROPERTIES ('mesh.product' = '" + ID
        + "', 'mesh.contract.version' = '1.0.0', 'mesh.access.readers' = '" + readers + "', 'mesh.access.pii-readers' = '" + piiReaders
        + "', 'mesh.access.masking' = 'hash', 'mesh.access.pii-columns' = '" + piiColumns + "', 'mesh.access.row-filters' = '"
        + rowFilters.replace("'", "\\'") + "')"));
  }

  static String hmac(String value) {
    return hmac(KEY, value);
  }

  static String hmac(String key, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
