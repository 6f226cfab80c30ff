package io.meshwork.core.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.apache.spark.sql.functions.col;

import io.meshwork.core.Mesh;
import io.meshwork.core.model.AccessDeniedException;
import io.meshwork.core.model.AccessPolicy;
import io.meshwork.core.model.ContractException;
import io.meshwork.core.model.MeshException;
import io.meshwork.core.storage.internal.ProductWrites;
import io.meshwork.testing.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads as a role: refused, masked or clear as the stamped access rules say, and audited. The
 * warehouse holds crm.customers (pii full_name and email, masking hash; readers analyst,
 * data-science, finance; pii-readers data-science) with certified versions 0 and 1, crm.contacts
 * (pii age, masking null; every role reads) and sales.legacy (no access rules stamped).
 */
@ExtendWith(SharedSpark.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMaskingTest {
  private static final StructType CUSTOMERS =
      new StructType().add("customer_id", DataTypes.StringType).add("full_name", DataTypes.StringType).add("email", DataTypes.StringType);
  private static final StructType CONTACTS = new StructType().add("contact_id", DataTypes.StringType).add("age", DataTypes.IntegerType);

  private final SparkSession spark;
  private Mesh mesh;

  AccessMaskingTest(SparkSession shared) {
    this.spark = shared.newSession(); // masks with this test's key
  }

  @BeforeAll
  void publish(@TempDir Path dir) throws java.io.IOException {
    java.nio.file.Files.writeString(dir.resolve("masking.key"), "access-masking-test-key");
    spark.conf().set("spark.meshwork.masking.key-file", dir.resolve("masking.key").toString());
    Path customers = dir.resolve("crm/customers/v1");
    write(customers, spark.createDataFrame(List.of(RowFactory.create("C00000001", "Anna Schmidt", "anna@example.de")), CUSTOMERS), "crm.customers", "1.0.0");
    stamp(customers, "crm.customers", "analyst,data-science,finance", "data-science", "hash", "full_name,email");
    write(customers, spark.createDataFrame(
        List.of(RowFactory.create("C00000001", "Anna Schmidt", "anna@example.de"), RowFactory.create("C00000002", "Lucas Martin", null)), CUSTOMERS),
        "crm.customers", "1.1.0");
    Path contacts = dir.resolve("crm/contacts/v1");
    write(contacts, spark.createDataFrame(List.of(RowFactory.create("K1", 42)), CONTACTS), "crm.contacts", "2.0.0");
    stamp(contacts, "crm.contacts", "*", "", "null", "age");
    write(dir.resolve("sales/legacy/v1"), spark.createDataFrame(List.of(RowFactory.create("K1", 1)), CONTACTS), "sales.legacy", "1.0.0");
    mesh = Mesh.open(spark, dir);
  }

  @Test
  void theSameReadAsTwoRolesReturnsMaskedAndClearPii() {
    List<Row> analyst = mesh.as("analyst").read("crm.customers").latest().orderBy("customer_id").collectAsList();
    List<Row> scientist = mesh.as("data-science").read("crm.customers").latest().orderBy("customer_id").collectAsList();

    assertThat(analyst).hasToString("[[C00000001," + sha256("Anna Schmidt") + "," + sha256("anna@example.de") + "], [C00000002," + sha256("Lucas Martin") + ",null]]");
    assertThat(scientist).hasToString("[[C00000001,Anna Schmidt,anna@example.de], [C00000002,Lucas Martin,null]]");
    assertThat(mesh.as("analyst").read("crm.customers").version(0).collectAsList())
        .hasToString("[[C00000001," + sha256("Anna Schmidt") + "," + sha256("anna@example.de") + "]]");
    // Without a role, least privilege: masked, never in clear (and audited, see below).
    assertThat(mesh.read("crm.customers").version(0).collectAsList())
        .hasToString("[[C00000001," + sha256("Anna Schmidt") + "," + sha256("anna@example.de") + "]]");
  }

  @Test
  void nullMaskingKeepsTheColumnAndItsType() {
    Dataset<Row> contacts = mesh.as("anyone").read("crm.contacts").latest();

    assertThat(contacts.schema().apply("age").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(contacts.columns()).containsExactly("contact_id", "age");
    assertThat(contacts.collectAsList()).hasToString("[[K1,null]]");
  }

  @Test
  void aRoleThatIsNotAReaderIsRefused() {
    MeshException e = catchThrowableOfType(MeshException.class, () -> mesh.as("marketing").read("crm.customers"));

    assertThat(e).isInstanceOf(AccessDeniedException.class);
    assertThat(e).hasMessage(
        "Read of crm.customers refused for role 'marketing' (user '" + Roles.user(spark) + "'): the product's readers are analyst, data-science, finance");
  }

  @Test
  void aTableWithoutAccessRulesIsRefusedToEveryRole() {
    MeshException e = catchThrowableOfType(MeshException.class, () -> mesh.as("analyst").read("sales.legacy"));

    assertThat(e).isInstanceOf(AccessDeniedException.class);
    assertThat(e).hasMessage(
        "Read of sales.legacy refused for role 'analyst' (user '" + Roles.user(spark) + "'): its table carries no access rules (table property mesh.access.readers), "
            + "so no role may read it; publish it again to stamp the contract's access block");
    assertThat(mesh.read("sales.legacy").latest().count()).isEqualTo(1);
  }

  @Test
  void aRoleNameIsValidated() {
    MeshException e = catchThrowableOfType(MeshException.class, () -> mesh.as("Data Science"));

    assertThat(e).isInstanceOf(ContractException.class);
    assertThat(e).hasMessage("'Data Science' is not a role name: expected a lower-case letter, then lower-case letters, digits, '-' or '_'");
    assertThat(mesh.as("finance").role()).contains("finance");
    assertThat(mesh.role()).isEmpty();
  }

  @Test
  void everyReadWithARoleIsAudited() {
    Mesh finance = mesh.as("finance");
    finance.read("crm.customers").latest();
    finance.read("crm.customers").version(0);
    catchThrowableOfType(MeshException.class, () -> mesh.as("intern").read("crm.customers"));

    List<Row> records =
        finance.auditLog().records()
            .where(col("principal").isin("finance", "intern"))
            .select("principal", "product", "data_version", "contract_version", "masked_columns", "outcome")
            .collectAsList();
    assertThat(records.stream().map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3) + " " + r.getList(4) + " " + r.get(5)))
        .containsExactly(
            "finance crm.customers 2 1.1.0 [full_name, email] read",
            "finance crm.customers 0 1.0.0 [full_name, email] read",
            "intern crm.customers null null [] refused");
    assertThat(finance.auditLog().records().where(col("principal").equalTo("finance")).select("read_at").head().getTimestamp(0)).isNotNull();
    assertThat(finance.auditLog().location()).isEqualTo(new org.apache.hadoop.fs.Path(mesh.warehouse().meshDir(), "audit").toString());
  }

  @Test
  void readsWithoutARoleAreAuditedAsNoRoleWithTheUser() {
    long before = mesh.auditLog().records().where(col("principal").equalTo(AuditLog.NO_ROLE)).count();
    mesh.read("crm.customers").version(0);
    List<Row> after =
        mesh.auditLog().records().where(col("principal").equalTo(AuditLog.NO_ROLE)).orderBy("read_at")
            .select("product", "data_version", "masked_columns", "outcome", "user", "via").collectAsList();
    assertThat(after).hasSize((int) before + 1);
    assertThat(after.get(after.size() - 1)).hasToString("[crm.customers,0,WrappedArray(full_name, email),read," + Roles.user(spark) + ",api]");
  }

  private void write(Path table, Dataset<Row> data, String product, String contract) {
    io.meshwork.core.storage.internal.ProductWrites.certified(() -> { data.write().format("delta").mode("overwrite")
        .option("userMetadata", "{\"product\":\"" + product + "\",\"contractVersion\":\"" + contract + "\",\"runId\":\"r\",\"runDate\":\"2026-11-25\",\"rows\":1}")
        .save(table.toString()); return null; });
  }

  /** As the publisher stamps them ({@link AccessPolicy#tableProperties}); here in a commit of its own. */
  private void stamp(Path table, String product, String readers, String piiReaders, String masking, String piiColumns) {
    spark.sql("ALTER TABLE delta.`" + table + "` SET TBLPROPERTIES ('mesh.product' = '" + product + "', 'mesh.access.readers' = '" + readers + "', 'mesh.access.pii-readers' = '"
        + piiReaders + "', 'mesh.access.masking' = '" + masking + "', 'mesh.access.pii-columns' = '" + piiColumns + "')");
  }

  /** The keyed mask of {@code text} under this test's key (HMAC-SHA256, hex). */
  private static String sha256(String text) {
    return SqlAccessTest.hmac("access-masking-test-key", text);
  }
}
