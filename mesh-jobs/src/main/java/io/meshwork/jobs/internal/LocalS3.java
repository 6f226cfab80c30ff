package io.meshwork.jobs.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 server on 127.0.0.1 (S3Proxy on a free port, objects in a local directory) with one
 * bucket, and the s3a settings for that bucket in the session's Hadoop configuration (per bucket,
 * so nothing else in the JVM is affected): {@code s3a://<bucket>/...} then reads and writes as on
 * S3. For {@code bench storage} and the tests.
 */
public final class LocalS3 implements AutoCloseable {
  public static final String IDENTITY = "meshwork";
  public static final String CREDENTIAL = "meshwork-secret";

  private final S3Proxy proxy;
  private final BlobStoreContext blobs;
  private final String endpoint;
  private final String bucket;

  private LocalS3(S3Proxy proxy, BlobStoreContext blobs, String endpoint, String bucket) {
    this.proxy = proxy;
    this.blobs = blobs;
    this.endpoint = endpoint;
    this.bucket = bucket;
  }

  /** Starts S3Proxy with its objects under {@code dir}, creates a bucket and points s3a at it. */
  public static LocalS3 start(SparkSession spark, Path dir) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
    BlobStoreContext blobs = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential").overrides(properties).build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
            .build();
    proxy.start();
    String endpoint = "http://127.0.0.1:" + proxy.getPort();
    String bucket = "mesh-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    blobs.getBlobStore().createContainerInLocation(null, bucket);
    LocalS3 s3 = new LocalS3(proxy, blobs, endpoint, bucket);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    s3.hadoopSettings().forEach(conf::set);
    return s3;
  }

  /**
   * The Hadoop settings that point s3a at this server, for its bucket only; another JVM (a
   * spark-submit, its executors) takes them as {@code spark.hadoop.<key>=<value>}.
   */
  public java.util.Map<String, String> hadoopSettings() {
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    String prefix = "fs.s3a.bucket." + bucket + ".";
    settings.put(prefix + "endpoint", endpoint);
    settings.put(prefix + "access.key", IDENTITY);
    settings.put(prefix + "secret.key", CREDENTIAL);
    settings.put(prefix + "path.style.access", "true");
    settings.put(prefix + "connection.ssl.enabled", "false");
    settings.put(prefix + "endpoint.region", "us-east-1");
    // Keep directory markers: S3A would otherwise delete every parent marker after each write,
    // a multi-object delete S3Proxy's filesystem backend answers slowly.
    settings.put(prefix + "directory.marker.retention", "keep");
    settings.put(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    settings.put(prefix + "attempts.maximum", "3");
    settings.put(prefix + "retry.limit", "2");
    return settings;
  }

  /** {@code s3a://<bucket>/<path>}. */
  public String uri(String path) {
    return "s3a://" + bucket + "/" + path;
  }

  /** The server's URL, {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return endpoint;
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    blobs.close();
  }
}
