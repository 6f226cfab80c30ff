package io.meshwork.quality.internal;

import java.io.Serializable;
import java.util.List;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Scala values from Java, for Deequ's DSL: Scala defaults and implicit conversions are invisible here. */
final class Scala {
  private Scala() {}

  static <T> Option<T> none() {
    return Option.empty();
  }

  static <T> Option<T> some(T value) {
    return Option.apply(value);
  }

  static <T> Seq<T> seq(List<T> values) {
    return JavaConverters.asScalaBuffer(values).toList();
  }

  static <T> scala.collection.immutable.List<T> list(List<T> values) {
    return JavaConverters.asScalaBuffer(values).toList();
  }

  /**
   * An assertion for Deequ: true when the number (Deequ passes a boxed Double or Long) lies
   * within the bounds, inclusive; a null bound is open. NaN never satisfies it. Serializable
   * because Deequ's constraints are.
   */
  static Function1<Object, Object> within(Double min, Double max) {
    return (Function1<Object, Object> & Serializable)
        value -> {
          double v = ((Number) value).doubleValue();
          return !Double.isNaN(v) && (min == null || v >= min) && (max == null || v <= max);
        };
  }

  @SuppressWarnings("unchecked")
  static <K, V> scala.collection.immutable.Map<K, V> map(java.util.Map<K, V> values) {
    scala.collection.immutable.Map<K, V> result = (scala.collection.immutable.Map<K, V>) scala.collection.immutable.Map$.MODULE$.empty();
    for (java.util.Map.Entry<K, V> e : values.entrySet()) {
      result = result.updated(e.getKey(), e.getValue());
    }
    return result;
  }
}
