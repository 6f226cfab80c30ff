# Sourced by bin/spark-submit and bin/local-cluster: the Spark "distribution" they run, made from
# the Maven jars of Spark alone (bin/spark-dist/pom.xml; no Spark download, nothing of Meshwork's),
# laid out as a SPARK_HOME (RELEASE, jars/, conf/spark-defaults.conf) because the standalone Worker
# builds its executors' classpath from $SPARK_HOME/jars.
# Defines: ROOT, SPARK_HOME, SPARK_FLAGS (the Java 17 flags Spark 3.5 needs), spark_classpath.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SPARK_DIST="$ROOT/bin/spark-dist"
export SPARK_HOME="$SPARK_DIST/target/spark-home"
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
export SPARK_SCALA_VERSION=2.12   # else the launcher code looks for a Spark source tree

SPARK_FLAGS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
)

# Resolves Spark's jars (offline first, online when the local repository lacks them) and lays out
# $SPARK_HOME. Cheap when nothing changed.
ensure_spark_home() {
  local cp_file="$SPARK_DIST/target/spark-classpath.txt"
  if [ ! -f "$cp_file" ] || [ "$SPARK_DIST/pom.xml" -nt "$cp_file" ] || [ "$ROOT/pom.xml" -nt "$cp_file" ]; then
    echo "spark: resolving Spark's jars from Maven (bin/spark-dist/pom.xml)..." >&2
    (cd "$ROOT" && { mvn -B -q -o -f bin/spark-dist/pom.xml dependency:build-classpath -Dmdep.outputFile=target/spark-classpath.txt >/dev/null 2>&1 \
      || mvn -B -q -f bin/spark-dist/pom.xml dependency:build-classpath -Dmdep.outputFile=target/spark-classpath.txt; }) >&2
    rm -rf "$SPARK_HOME"
  fi
  if [ ! -f "$SPARK_HOME/RELEASE" ]; then
    local tmp="$SPARK_HOME.tmp.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp/jars" "$tmp/conf"
    local jar
    tr ':' '\n' < "$cp_file" | while read -r jar || [ -n "$jar" ]; do
      [ -n "$jar" ] && ln -s "$jar" "$tmp/jars/$(basename "$jar")"
    done
    # Executors get the same flags as every other Spark JVM here; --conf on the command line wins.
    {
      echo "# Written by bin/lib/spark-dist.sh. Defaults for bin/spark-submit, as in a Spark download's conf/."
      echo "spark.executor.extraJavaOptions  ${SPARK_FLAGS[*]}"
    } > "$tmp/conf/spark-defaults.conf"
    echo "Spark (Maven jars of bin/spark-dist/pom.xml) for Meshwork's bin/local-cluster and bin/spark-submit" > "$tmp/RELEASE"
    rm -rf "$SPARK_HOME"
    mv "$tmp" "$SPARK_HOME"
  fi
}

# The classpath of every Spark JVM started here: conf/ (spark-defaults, log configuration) and jars.
spark_classpath() {
  echo "$SPARK_HOME/conf:$SPARK_HOME/jars/*"
}
