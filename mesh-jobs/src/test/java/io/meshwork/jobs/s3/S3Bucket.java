package io.meshwork.jobs.s3;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.AmazonS3ClientBuilder;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import io.meshwork.bench.internal.LocalS3;
import java.nio.file.Path;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * A bucket on an S3Proxy server on 127.0.0.1 ({@link LocalS3}). The test then reads and writes {@code s3a://<bucket>/...} as on S3,
 * and lists the bucket over the S3 API with the AWS SDK, not through Meshwork.
 */
public final class S3Bucket implements AutoCloseable {
  private final LocalS3 s3;
  private final AmazonS3 client;

  private S3Bucket(LocalS3 s3, AmazonS3 client) {
    this.s3 = s3;
    this.client = client;
  }

  /** Starts S3Proxy with its objects under {@code dir}, creates a bucket and points s3a at it. */
  public static S3Bucket start(SparkSession spark, Path dir) throws Exception {
    LocalS3 s3 = LocalS3.start(spark, dir);
    AmazonS3 client =
        AmazonS3ClientBuilder.standard()
            .withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(s3.endpoint(), "us-east-1"))
            .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(LocalS3.IDENTITY, LocalS3.CREDENTIAL)))
            .withPathStyleAccessEnabled(true)
            .build();
    return new S3Bucket(s3, client);
  }

  /** {@code s3a://<bucket>/<path>}. */
  public String uri(String path) {
    return s3.uri(path);
  }

  public String name() {
    return s3.bucket();
  }

  /** The AWS SDK client of the proxy. */
  public AmazonS3 client() {
    return client;
  }

  /** Every object under {@code prefix} but directory markers, key to ETag and size, as the S3 API lists them. */
  public TreeMap<String, String> list(String prefix) {
    TreeMap<String, String> objects = new TreeMap<>();
    ListObjectsV2Request request = new ListObjectsV2Request().withBucketName(name()).withPrefix(prefix);
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
    return client.getObjectAsString(name(), key);
  }

  @Override
  public void close() throws Exception {
    client.shutdown();
    s3.close();
  }
}
