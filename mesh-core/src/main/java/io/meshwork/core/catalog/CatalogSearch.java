package io.meshwork.core.catalog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.meshwork.core.model.DataProduct;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds products by name, domain, description, owner, tags, column names and column
 * descriptions, ranked. Works on contracts only, so it needs no Spark.
 *
 * <p>Each search term scores by where it matches (an exact name beats a name part, which beats a
 * domain, a tag, a column, the owner, the description, a column description); a product must
 * match every term.
 *
 * <p>A catalog that is searched more than once builds an {@link Index} once: it reads each
 * contract's tags a single time and keeps a trigram index of every searchable field, so a search
 * looks only at the products that can match its terms and its cost grows with the number of
 * matches, not with the size of the catalog.
 *
 * <pre>{@code
 * CatalogSearch.Index catalog = CatalogSearch.index(contracts.loadAll());
 * List<CatalogSearch.Hit> hits = catalog.search("orders revenue");
 * }</pre>
 */
public final class CatalogSearch {
  /** One ranked result and the fields that matched. */
  public record Hit(DataProduct product, int score, List<String> matchedIn) {}

  private CatalogSearch() {}

  /** Searches {@code products} once (builds a throw-away {@link Index}). */
  public static List<Hit> search(List<DataProduct> products, String text) {
    return index(products).search(text);
  }

  /** An index of {@code products} for repeated searches. */
  public static Index index(List<DataProduct> products) {
    return new Index(products);
  }

  /** The products of a catalog, prepared for search: lower-cased fields, tags, trigrams. */
  public static final class Index {
    private final List<Entry> entries;
    /** Trigram → the products (indexes into entries) having it in one of their fields. */
    private final Map<String, BitSet> trigrams = new HashMap<>();

    private Index(List<DataProduct> products) {
      List<Entry> built = new ArrayList<>(products.size());
      for (int i = 0; i < products.size(); i++) {
        Entry e = new Entry(products.get(i));
        built.add(e);
        for (String field : e.fields()) {
          for (int j = 0; j + 3 <= field.length(); j++) {
            trigrams.computeIfAbsent(field.substring(j, j + 3), k -> new BitSet()).set(i);
          }
        }
      }
      this.entries = List.copyOf(built);
    }

    /** The number of products indexed. */
    public int size() {
      return entries.size();
    }

    /** The products matching every term of {@code text}, best first (then by id). */
    public List<Hit> search(String text) {
      String[] terms = text.toLowerCase(Locale.ROOT).trim().split("\\s+");
      BitSet candidates = new BitSet(entries.size());
      candidates.set(0, entries.size());
      for (String term : terms) {
        // A term found in a field has each of its trigrams in that field: products lacking one cannot match.
        for (int j = 0; j + 3 <= term.length() && !candidates.isEmpty(); j++) {
          BitSet having = trigrams.get(term.substring(j, j + 3));
          if (having == null) {
            candidates.clear();
          } else {
            candidates.and(having);
          }
        }
      }
      List<Hit> hits = new ArrayList<>();
      for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
        Hit hit = entries.get(i).score(terms);
        if (hit != null) {
          hits.add(hit);
        }
      }
      hits.sort(Comparator.comparingInt(Hit::score).reversed().thenComparing(h -> h.product().id()));
      return hits;
    }
  }

  /** One product's searchable fields, lower-cased once. */
  private record Entry(
      DataProduct product, String id, List<String> tags, List<String> columns, String team, String email, String description,
      List<String> columnDescriptions) {
    Entry(DataProduct p) {
      this(
          p, lower(p.id().toString()), CatalogSearch.tags(p).stream().map(CatalogSearch::lower).toList(),
          p.columns().stream().map(c -> lower(c.name())).toList(), lower(p.owner().team()), lower(p.owner().email()),
          lower(p.description()), p.columns().stream().map(c -> lower(c.description())).toList());
    }

    List<String> fields() {
      return Stream.of(Stream.of(id, team, email, description), tags.stream(), columns.stream(), columnDescriptions.stream())
          .flatMap(s -> s)
          .filter(f -> !f.isEmpty())
          .toList();
    }

    Hit score(String[] terms) {
      int total = 0;
      List<String> where = new ArrayList<>();
      for (String term : terms) {
        int score = 0;
        score += add(where, "name", product.id().name().equals(term) || product.id().toString().equals(term) ? 100 : id.contains(term) ? 50 : 0);
        score += add(where, "domain", product.id().domain().equals(term) ? 30 : 0);
        score += add(where, "tag", tags.stream().anyMatch(t -> t.contains(term)) ? 25 : 0);
        score += add(where, "column", columns.stream().anyMatch(c -> c.contains(term)) ? 20 : 0);
        score += add(where, "owner", has(team, term) || has(email, term) ? 15 : 0);
        score += add(where, "description", has(description, term) ? 10 : 0);
        score += add(where, "column description", columnDescriptions.stream().anyMatch(c -> c.contains(term)) ? 5 : 0);
        if (score == 0) {
          return null;
        }
        total += score;
      }
      return new Hit(product, total, where.stream().distinct().toList());
    }
  }

  private static int add(List<String> where, String field, int score) {
    if (score > 0) {
      where.add(field);
    }
    return score;
  }

  /** Whether a field that was given (not missing) contains the term. */
  private static boolean has(String field, String term) {
    return !field.isEmpty() && field.contains(term);
  }

  /** Lower case; a missing value becomes "". */
  private static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }

  /** The contract's {@code product.tags} list (not part of the product model). */
  private static List<String> tags(DataProduct p) {
    if (p.file() == null) {
      return List.of();
    }
    try {
      Config c = ConfigFactory.parseFile(p.file().toFile());
      return c.hasPath("product.tags") ? c.getStringList("product.tags") : List.of();
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}
