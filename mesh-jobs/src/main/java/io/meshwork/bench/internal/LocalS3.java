package io.meshwork.bench.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;
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
    // No signature check: the listing rule below changes a request's parameters, which a
    // signature covers. s3a still signs every request with the credentials below.
    S3Proxy proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0")).build();
    AwsListingRule.install(proxy);
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

  /**
   * Makes S3Proxy page a listing as AWS S3 does. A paged ListObjectsV2 request may carry both
   * {@code continuation-token} and the first page's {@code start-after}: S3 continues from the
   * token and ignores start-after; S3Proxy 2.1 answers 400 Bad Request (gaul/s3proxy#676). S3A
   * sends both on every page after the first when Delta lists a log from a version
   * ({@code delta.enableFastS3AListFrom}), so a log of more than 1,000 files could not be read.
   * (S3Proxy runs its own relocated copy of Jetty, hence the {@code org.gaul.shaded} types.)
   */
  static final class AwsListingRule extends HandlerWrapper {
    static void install(S3Proxy proxy) throws ReflectiveOperationException {
      Field field = S3Proxy.class.getDeclaredField("server");
      field.setAccessible(true);
      Server server = (Server) field.get(proxy);
      AwsListingRule rule = new AwsListingRule();
      rule.setHandler(server.getHandler());
      server.setHandler(rule);
    }

    @Override
    public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
        throws java.io.IOException, jakarta.servlet.ServletException {
      if (request.getParameter("continuation-token") == null || request.getParameter("start-after") == null) {
        super.handle(target, base, request, response);
        return;
      }
      super.handle(target, base, new HttpServletRequestWrapper(request) {
        @Override
        public String getParameter(String name) {
          return "start-after".equals(name) ? null : super.getParameter(name);
        }
      }, response);
    }
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
