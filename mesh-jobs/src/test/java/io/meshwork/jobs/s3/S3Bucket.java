package io.meshwork.jobs.s3;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A bucket on an S3Proxy server on 127.0.0.1 (a free port, objects in a local directory), and
 * the s3a settings for it in the session's Hadoop configuration (per bucket, so other tests of
 * the JVM are not affected). The test then reads and writes {@code s3a://<bucket>/...} as on S3,
 * and lists the bucket over the S3 API with the AWS SDK, not through Meshwork.
 */
public final class S3Bucket implements AutoCloseable {
  private static final String IDENTITY = "meshwork";
  private static final String CREDENTIAL = "meshwork-secret";

  private final S3Proxy proxy;
  private final BlobStoreContext blobs;
  private final AmazonS3 client;
  private final String name;

  private S3Bucket(S3Proxy proxy, BlobStoreContext blobs, AmazonS3 client, String name) {
    this.proxy = proxy;
    this.blobs = blobs;
    this.client = client;
    this.name = name;
  }

  /** Starts S3Proxy with its objects under {@code dir}, creates a bucket and points s3a at it. */
  public static S3Bucket start(SparkSession spark, Path dir) throws Exception {
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
    AmazonS3 client =
        AmazonS3ClientBuilder.standard()
            .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(endpoint, "us-east-1"))
            .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(IDENTITY, CREDENTIAL)))
            .withPathStyleAccessEnabled(true)
            .build();
    String name = "mesh-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    client.createBucket(name);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String prefix = "fs.s3a.bucket." + name + ".";
    conf.set(prefix + "endpoint", endpoint);
    conf.set(prefix + "access.key", IDENTITY);
    conf.set(prefix + "secret.key", CREDENTIAL);
    conf.set(prefix + "path.style.access", "true");
    conf.set(prefix + "connection.ssl.enabled", "false");
    conf.set(prefix + "endpoint.region", "us-east-1");
    // Keep directory markers: S3A would otherwise delete every parent marker after each write,
    // a multi-object delete S3Proxy's filesystem backend answers slowly.
    conf.set(prefix + "directory.marker.retention", "keep");
    conf.set(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set(prefix + "attempts.maximum", "3");
    conf.set(prefix + "retry.limit", "2");
    return new S3Bucket(proxy, blobs, client, name);
  }

  /** {@code s3a://<bucket>/<path>}. */
  public String uri(String path) {
    return "s3a://" + name + "/" + path;
  }

  public String name() {
    return name;
  }

  /** The AWS SDK client of the proxy. */
  public AmazonS3 client() {
    return client;
  }

  /** Every object under {@code prefix} but directory markers, key to ETag and size, as the S3 API lists them. */
  public TreeMap<String, String> list(String prefix) {
    TreeMap<String, String> objects = new TreeMap<>();
    ListObjectsV2Request request = new ListObjectsV2Request().withBucketName(name).withPrefix(prefix);
    ListObjectsV2Result page;
    do {
      page = client.listObjectsV2(request);
      for (S3ObjectSummary o : page.getObjectSummaries()) {
        if (!o.getKey().endsWith("/")) { // S3A's empty directory markers are not objects of the mesh
          objects.put(o.getKey(), o.getETag() + " " + o.getSize());
        }
      }
      request.setContinuationToken(page.getNextContinuationToken());
    } while (page.isTruncated());
    return objects;
  }

  /** The text of one object, read over the S3 API. */
  public String read(String key) {
    return client.getObjectAsString(name, key);
  }

  @Override
  public void close() throws Exception {
    client.shutdown();
    proxy.stop();
    blobs.close();
  }
}
