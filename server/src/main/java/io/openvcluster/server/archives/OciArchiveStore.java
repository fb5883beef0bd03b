package io.openvcluster.server.archives;

import com.fasterxml.jackson.databind.JsonNode;
import io.openvcluster.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deletes an oci archive through the registry's HTTP API (the OCI distribution spec): the tag is resolved to its
 * manifest digest ({@code HEAD /v2/<repo>/manifests/<tag>}, {@code Docker-Content-Digest}, or the SHA-256 of the
 * manifest when a registry leaves that header out), then the manifest is deleted by digest, which is what registries
 * accept. Authentication follows the registry's challenge: Basic with the credentials Secret's {@code username} and
 * {@code password}, or a Bearer token fetched from the challenge's realm for its service and scope. A registry on
 * localhost is spoken to over plain HTTP, as container tools do; every other over HTTPS. Archives are stored and read
 * in vcluster's own layout ({@link OciArchiveLayout}).
 */
final class OciArchiveStore implements ArchiveStore {
    static final String MANIFEST_TYPES = String.join(", ", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    /** No redirects followed: manifest requests are not redirected, and credentials must not follow one elsewhere. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** {@code oci://registry[:port]/repository:tag}. */
    record OciReference(String registry, String repository, String tag) {
        static OciReference parse(String url) {
            String rest = url.startsWith("oci://") ? url.substring("oci://".length()) : url;
            int slash = rest.indexOf('/');
            int colon = rest.lastIndexOf(':');
            if (slash <= 0 || colon <= slash + 1 || colon == rest.length() - 1) {
                throw new ArchiveStoreException("not an oci archive URL (oci://registry/repository:tag): " + url);
            }
            return new OciReference(rest.substring(0, slash), rest.substring(slash + 1, colon), rest.substring(colon + 1));
        }

        String base() {
            String host = URI.create("//" + registry).getHost();
            return (LOCAL_HOSTS.contains(host) ? "http://" : "https://") + registry;
        }

        URI manifest(String reference) {
            return URI.create(base() + "/v2/" + repository + "/manifests/" + reference);
        }
    }

    @Override
    public void delete(String url, Map<String, String> credentials) {
        OciReference ref = OciReference.parse(url);
        RegistryCalls calls = new RegistryCalls(credentials);
        HttpResponse<byte[]> head = calls.send(HttpRequest.newBuilder(ref.manifest(ref.tag()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", MANIFEST_TYPES));
        if (head.statusCode() == 404) {
            return; // the tag is gone: deleted already
        }
        requireSuccess(head, "resolve " + url);
        String digest = head.headers().firstValue("Docker-Content-Digest").orElseGet(() -> digestOfBody(calls, ref));
        HttpResponse<byte[]> deleted = calls.send(HttpRequest.newBuilder(ref.manifest(digest)).DELETE());
        if (deleted.statusCode() == 404) {
            return;
        }
        if (deleted.statusCode() == 405) {
            throw new ArchiveStoreException("the registry " + ref.registry() + " does not allow deleting manifests "
                    + "(HTTP 405; a distribution registry needs storage delete enabled) for " + url);
        }
        requireSuccess(deleted, "delete " + url);
    }

    @Override
    public void put(String url, Path file, long size, Map<String, String> credentials) {
        OciArchiveLayout.push(OciReference.parse(url), new RegistryCalls(credentials), file, size);
    }

    @Override
    public Download get(String url, Map<String, String> credentials) {
        return OciArchiveLayout.pull(OciReference.parse(url), new RegistryCalls(credentials), http);
    }

    /** A registry that does not send the digest header: the digest is the manifest's SHA-256, as the spec defines. */
    private static String digestOfBody(RegistryCalls calls, OciReference ref) {
        HttpResponse<byte[]> got = calls.send(HttpRequest.newBuilder(ref.manifest(ref.tag())).GET()
                .header("Accept", MANIFEST_TYPES));
        requireSuccess(got, "read the manifest of " + ref.repository() + ":" + ref.tag());
        return got.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(got.body()));
    }

    static void closeQuietly(java.io.InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // nothing was to be read from it
        }
    }

    static void requireSuccess(HttpResponse<byte[]> response, String what) {
        if (response.statusCode() / 100 != 2) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new ArchiveStoreException("the registry refused to " + what + ": HTTP " + response.statusCode()
                    + (body.isBlank() ? "" : " " + body.strip().substring(0, Math.min(200, body.strip().length()))));
        }
    }

    static String sha256(byte[] body) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One operation's requests: the Authorization a challenge asked for is kept for the next request. */
    final class RegistryCalls {
        private final Optional<String> username;
        private final Optional<String> password;
        private Optional<String> authorization = Optional.empty();

        RegistryCalls(Map<String, String> credentials) {
            this.username = Optional.ofNullable(credentials.get("username")).filter(u -> !u.isEmpty());
            this.password = Optional.ofNullable(credentials.get("password"));
        }

        HttpResponse<byte[]> send(HttpRequest.Builder request) {
            return send(request, HttpResponse.BodyHandlers.ofByteArray(), TIMEOUT);
        }

        /** With the registry's challenge answered once; a streamed 401 body is closed before the retry. */
        <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler, Duration timeout) {
            HttpResponse<T> response = exchange(request, handler, timeout);
            if (response.statusCode() != 401) {
                return response;
            }
            Optional<String> challenge = response.headers().firstValue("WWW-Authenticate");
            if (challenge.isEmpty()) {
                return response;
            }
            if (response.body() instanceof java.io.InputStream stream) {
                closeQuietly(stream);
            }
            authorization = Optional.of(answer(challenge.get()));
            return exchange(request, handler, timeout);
        }

        private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler,
                                             Duration timeout) {
            HttpRequest.Builder copy = request.copy().timeout(timeout);
            authorization.ifPresent(a -> copy.setHeader("Authorization", a));
            try {
                return http.send(copy.build(), handler);
            } catch (IOException e) {
                throw new ArchiveStoreException("cannot reach the registry: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArchiveStoreException("interrupted while talking to the registry", e);
            }
        }

        private String answer(String challenge) {
            String scheme = challenge.strip().split("\\s+", 2)[0];
            if (scheme.equalsIgnoreCase("Basic")) {
                return basic().orElseThrow(() -> new ArchiveStoreException(
                        "the registry asks for a user name and password; the credentials Secret has none"));
            }
            if (!scheme.equalsIgnoreCase("Bearer")) {
                throw new ArchiveStoreException("unsupported registry authentication: " + challenge);
            }
            Map<String, String> params = new LinkedHashMap<>();
            Matcher m = CHALLENGE_PARAM.matcher(challenge);
            while (m.find()) {
                params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
            }
            String realm = params.get("realm");
            if (realm == null) {
                throw new ArchiveStoreException("the registry's Bearer challenge names no realm: " + challenge);
            }
            StringBuilder tokenUrl = new StringBuilder(realm);
            String separator = realm.contains("?") ? "&" : "?";
            for (String key : new String[] {"service", "scope"}) {
                if (params.containsKey(key)) {
                    tokenUrl.append(separator).append(key).append('=')
                            .append(URLEncoder.encode(params.get(key), StandardCharsets.UTF_8));
                    separator = "&";
                }
            }
            HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(URI.create(tokenUrl.toString())).GET()
                    .timeout(TIMEOUT);
            basic().ifPresent(b -> tokenRequest.header("Authorization", b));
            try {
                HttpResponse<byte[]> response = http.send(tokenRequest.build(), HttpResponse.BodyHandlers.ofByteArray());
                requireSuccess(response, "issue a token (" + realm + ")");
                JsonNode body = Json.MAPPER.readTree(response.body());
                String token = body.path("token").asText(body.path("access_token").asText(""));
                if (token.isEmpty()) {
                    throw new ArchiveStoreException("the registry's token service answered without a token");
                }
                return "Bearer " + token;
            } catch (IOException e) {
                throw new ArchiveStoreException("cannot get a registry token from " + realm + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArchiveStoreException("interrupted while getting a registry token", e);
            }
        }

        private Optional<String> basic() {
            return username.map(u -> "Basic " + Base64.getEncoder().encodeToString(
                    (u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
