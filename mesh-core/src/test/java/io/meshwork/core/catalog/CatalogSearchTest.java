package io.meshwork.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshwork.core.contract.Contracts;
import io.meshwork.core.model.DataProduct;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogSearchTest {
  private static DataProduct product(Path dir, String domain, String name, String description, String owner, String tags, String column, String columnDescription)
      throws Exception {
    String text =
        """
        product {
          domain = %s
          name = %s
          version = "1.0.0"
          description = "%s"
          owner { team = %s }
          tags = [%s]
          sql = "SELECT 1"
          schema.columns = [ { name = %s, type = string, description = "%s" } ]
        }
        """
            .formatted(domain, name, description, owner, tags, column, columnDescription);
    Path file = dir.resolve(domain + "-" + name + ".conf");
    Files.writeString(file, text);
    return Contracts.load(file);
  }

  @Test
  void ranksByWhereTheTermMatchesAndRequiresEveryTerm(@TempDir Path dir) throws Exception {
    DataProduct orders = product(dir, "sales", "orders", "Customer orders", "sales-data", "revenue", "order_id", "Order id");
    DataProduct revenue = product(dir, "finance", "revenue", "Daily revenue from orders", "finance-data", "kpi", "day", "Day");
    DataProduct customers = product(dir, "crm", "customers", "Customers", "crm-data", "master-data", "customer_id", "Customer of an order");
    List<DataProduct> all = List.of(customers, orders, revenue);

    List<CatalogSearch.Hit> hits = CatalogSearch.search(all, "orders");
    assertThat(hits).extracting(h -> h.product().id().toString()).containsExactly("sales.orders", "finance.revenue");
    assertThat(hits.get(0).matchedIn()).containsExactly("name", "description");
    assertThat(hits.get(1).matchedIn()).containsExactly("description");

    assertThat(CatalogSearch.search(all, "revenue")).extracting(h -> h.product().id().toString()).containsExactly("finance.revenue", "sales.orders");
    assertThat(CatalogSearch.search(all, "order")).extracting(h -> h.product().id().toString())
        .containsExactly("sales.orders", "finance.revenue", "crm.customers"); // name > description > column description
    assertThat(CatalogSearch.search(all, "crm customer_id")).extracting(h -> h.product().id().toString()).containsExactly("crm.customers");
    assertThat(CatalogSearch.search(all, "orders kpi")).extracting(h -> h.product().id().toString()).containsExactly("finance.revenue");
    assertThat(CatalogSearch.search(all, "nothing-like-this")).isEmpty();
  }
}
