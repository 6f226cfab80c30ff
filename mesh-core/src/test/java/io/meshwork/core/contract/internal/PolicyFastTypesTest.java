package io.meshwork.core.contract.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Column types recognised without Spark (so that policy checks never load it) are exactly types
 * Spark accepts; everything else is left to Spark.
 */
class PolicyFastTypesTest {
  private static final List<String> KNOWN =
      List.of(
          "string", "STRING", "int", "integer", "bigint", "long", "smallint", "short", "tinyint", "byte", "float", "real",
          "double", "boolean", "date", "timestamp", "timestamp_ntz", "timestamp_ltz", "binary", "decimal", "decimal(12,2)",
          "DECIMAL( 38 , 0 )", "dec(5)", "numeric(10,2)", "char(3)", "varchar(20)", "array<string>", "map<string, int>",
          "array<map<string,array<decimal(10,2)>>>", "struct<a:int,b:string>", "struct<a int, b array<date>>");
  private static final List<String> UNKNOWN =
      List.of("strng", "decimal(39,2)", "decimal(5,6)", "varchar", "array<>", "map<string>", "a int", "struct<>", "int int", "interval day");

  @Test
  void everyTypeRecognisedWithoutSparkIsASparkType() {
    for (String type : KNOWN) {
      assertThat(DdlTypes.isKnown(type)).as(type).isTrue();
      assertThat(DdlTypes.sparkAccepts(type)).as(type).isTrue();
    }
  }

  @Test
  void anythingElseIsLeftToSpark() {
    for (String type : UNKNOWN) {
      assertThat(DdlTypes.isKnown(type)).as(type).isFalse();
    }
    assertThat(ContractParser.isSparkType("interval day")).isTrue();
    assertThat(ContractParser.isSparkType("strng")).isFalse();
    assertThat(ContractParser.isSparkType("a int")).isFalse();
  }

  @Test
  void canonicalSpellings() {
    assertThat(DdlTypes.canonical("INTEGER")).isEqualTo("int");
    assertThat(DdlTypes.canonical("Long")).isEqualTo("bigint");
    assertThat(DdlTypes.canonical("numeric")).isEqualTo("decimal(10,0)");
    assertThat(DdlTypes.canonical("dec(7)")).isEqualTo("decimal(7,0)");
    assertThat(DdlTypes.canonical("map<string, integer>")).isEqualTo("map<string,int>");
  }
}
