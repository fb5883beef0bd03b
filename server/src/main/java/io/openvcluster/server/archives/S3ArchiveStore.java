package io.openvcluster.server.archives;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * {@code DeleteObject}, {@code PutObject} (from a file, one request: S3 shows an object only once it is whole) and
 * {@code GetObject} (streamed) on an s3 archive (or a crash-dump bundle) with the AWS SDK, configured from the credentials Secret under vcluster's own
 * option names: {@code access-key-id}, {@code secret-access-key}, {@code session-token}, {@code region} (default
 * {@code us-east-1}), {@code url} (the endpoint of a non-AWS store such as MinIO), {@code force-path-style},
 * {@code skip-client-credentials} (anonymous requests). Without keys the SDK's default chain applies (environment,
 * web identity, instance profile), as for vcluster. The SDK does not retry: {@code ArchiveDeletions} does, with its
 * own back-off, and records each failure.
 */
final class S3ArchiveStore implements ArchiveStore, AutoCloseable {
    static final String DEFAULT_REGION = "us-east-1";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** The JDK's URLConnection under the SDK (no Netty, no Apache client); shared, closed with this store. */
    private final SdkHttpClient http = UrlConnectionHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT).build();

    /** The bucket and key of {@code s3://bucket/key}, as vcluster splits them. */
    record S3Location(String bucket, String key) {
        static S3Location parse(String url) {
            URI uri = URI.create(url);
            String path = uri.getPath() == null ? "" : uri.getPath();
            String key = path.startsWith("/") ? path.substring(1) : path;
            if (uri.getHost() == null || key.isEmpty()) {
                throw new ArchiveStoreException("not an s3 archive URL: " + url);
            }
            return new S3Location(uri.getHost(), key);
        }
    }

    @Override
    public void delete(String url, Map<String, String> credentials) {
        S3Location location = S3Location.parse(url);
        AwsCredentialsProvider identity = identity(credentials);
        try (S3Client s3 = client(credentials, identity)) {
            // S3 answers 204 whether or not the key existed: a missing archive is deleted as far as S3 tells
            s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                return;
            }
            throw new ArchiveStoreException("s3 refused to delete " + url + ": HTTP " + e.statusCode() + " "
                    + errorCode(e) + " " + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorMessage()), e);
        } catch (SdkClientException e) {
            throw new ArchiveStoreException("cannot reach the s3 store for " + url + ": " + e.getMessage(), e);
        } finally {
            closeIdentity(identity);
        }
    }

    @Override
    public void put(String url, Path file, long size, Map<String, String> credentials) {
        S3Location location = S3Location.parse(url);
        AwsCredentialsProvider identity = identity(credentials);
        try (S3Client s3 = client(credentials, identity)) {
            s3.putObject(b -> b.bucket(location.bucket()).key(location.key()).contentLength(size)
                    .contentType("application/gzip"), RequestBody.fromFile(file));
        } catch (S3Exception e) {
            throw new ArchiveStoreException("s3 refused to store " + url + ": HTTP " + e.statusCode() + " "
                    + errorCode(e), e);
        } catch (SdkClientException e) {
            throw new ArchiveStoreException("cannot reach the s3 store for " + url + ": " + e.getMessage(), e);
        } finally {
            closeIdentity(identity);
        }
    }

    /** The object's stream; the client and its credentials are closed with it. */
    @Override
    public Download get(String url, Map<String, String> credentials) {
        S3Location location = S3Location.parse(url);
        AwsCredentialsProvider identity = identity(credentials);
        S3Client s3 = client(credentials, identity);
        try {
            ResponseInputStream<GetObjectResponse> object = s3.getObject(b -> b.bucket(location.bucket())
                    .key(location.key()));
            long size = object.response().contentLength() == null ? -1 : object.response().contentLength();
            return new Download(new java.io.FilterInputStream(object) {
                @Override
                public void close() throws java.io.IOException {
                    try {
                        super.close();
                    } finally {
                        s3.close();
                        closeIdentity(identity);
                    }
                }
            }, size);
        } catch (S3Exception e) {
            s3.close();
            closeIdentity(identity);
            throw new ArchiveStoreException("s3 refused to read " + url + ": HTTP " + e.statusCode() + " "
                    + errorCode(e), e);
        } catch (SdkClientException e) {
            s3.close();
            closeIdentity(identity);
            throw new ArchiveStoreException("cannot reach the s3 store for " + url + ": " + e.getMessage(), e);
        }
    }

    private static void closeIdentity(AwsCredentialsProvider identity) {
        if (identity instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The object's stream, as {@link #get}, or empty when the key does not exist (a missing bucket is an error). */
    Optional<Download> find(String url, Map<String, String> credentials) {
        try {
            return Optional.of(get(url, credentials));
        } catch (ArchiveStoreException e) {
            if (e.getCause() instanceof S3Exception s3 && s3.statusCode() == 404
                    && !"NoSuchBucket".equals(errorCode(s3))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private S3Client client(Map<String, String> credentials, AwsCredentialsProvider identity) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(http)
                .region(Region.of(credentials.getOrDefault("region", DEFAULT_REGION)))
                .forcePathStyle(Boolean.parseBoolean(credentials.getOrDefault("force-path-style", "false")))
                .credentialsProvider(identity)
                // only what a delete needs: S3-compatible stores differ on the newer checksum headers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        String endpoint = credentials.get("url");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider identity(Map<String, String> credentials) {
        if (Boolean.parseBoolean(credentials.getOrDefault("skip-client-credentials", "false"))) {
            return AnonymousCredentialsProvider.create();
        }
        String keyId = credentials.get("access-key-id");
        String secret = credentials.get("secret-access-key");
        if (keyId == null || keyId.isBlank() || secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String temporaryToken = credentials.get("session-token");
        return StaticCredentialsProvider.create(temporaryToken == null || temporaryToken.isBlank()
                ? AwsBasicCredentials.create(keyId, secret)
                : AwsSessionCredentials.create(keyId, secret, temporaryToken));
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    @Override
    public void close() {
        http.close();
    }
}
