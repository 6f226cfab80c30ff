package io.meshwork.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds products by name, domain, description, owner, tags, column names and column
 * descriptions, ranked. Works on contracts only, so it needs no Spark.
 *
 * <p>Each search term scores by where it matches (an exact name beats a name part, which beats a
 * domain, a tag, a column, the owner, the description, a column description); a product must
 * match every term.
 */
public final class CatalogSearch {
  /** One ranked result and the fields that matched. */
  public record Hit(DataProduct product, int score, List<String> matchedIn) {}

  private CatalogSearch() {}

  public static List<Hit> search(List<DataProduct> products, String text) {
    String[] terms = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
    List<Hit> hits = new ArrayList<>();
    for (DataProduct p : products) {
      int total = 0;
      List<String> where = new ArrayList<>();
      List<String> tags = tags(p);
      boolean all = true;
      for (String term : terms) {
        int score = 0;
        score += add(where, "name", p.id().name().equals(term) || p.id().toString().equals(term) ? 100 : contains(p.id().toString(), term) ? 50 : 0);
        score += add(where, "domain", p.id().domain().equals(term) ? 30 : 0);
        score += add(where, "tag", tags.stream().anyMatch(t -> contains(t, term)) ? 25 : 0);
        score += add(where, "column", p.columns().stream().anyMatch(c -> contains(c.name(), term)) ? 20 : 0);
        score += add(where, "owner", contains(p.owner().team(), term) || contains(p.owner().email(), term) ? 15 : 0);
        score += add(where, "description", contains(p.description(), term) ? 10 : 0);
        score += add(where, "column description", p.columns().stream().anyMatch(c -> contains(c.description(), term)) ? 5 : 0);
        if (score == 0) {
          all = false;
          break;
        }
        total += score;
      }
      if (all) {
        hits.add(new Hit(p, total, where.stream().distinct().toList()));
      }
    }
    hits.sort(Comparator.comparingInt(Hit::score).reversed().thenComparing(h -> h.product().id()));
    return hits;
  }

  private static int add(List<String> where, String field, int score) {
    if (score > 0) {
      where.add(field);
    }
    return score;
  }

  private static boolean contains(String haystack, String term) {
    return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(term);
  }

  /** The contract's {@code product.tags} list (not part of the product model). */
  private static List<String> tags(DataProduct p) {
    try {
      Config c = ConfigFactory.parseFile(p.file().toFile());
      return c.hasPath("product.tags") ? c.getStringList("product.tags") : List.of();
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
