package io.openvcluster.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The compute microversions this facade serves, and the negotiation of the one a request asks for.
 * The maximum is 2.96 (nova 2024.1/2024.2): at least 2.92 because novaclient users pass it, and
 * nothing newer, since 2.97+ change views in ways that do not map to vclusters yet.
 */
public final class MicroversionRange {
    public static final Microversion MIN = Microversion.v2(1);
    public static final Microversion MAX = Microversion.v2(96);

    /** Header names, for the handlers that read them and echo them on every compute response. */
    public static final String OPENSTACK_API_VERSION = "OpenStack-API-Version";
    public static final String NOVA_API_VERSION = "X-OpenStack-Nova-API-Version";
    public static final String VARY = OPENSTACK_API_VERSION + ", " + NOVA_API_VERSION;

    private static final String SERVICE = "compute";

    /**
     * Every compute request names its version the same few ways (one or two header values per client), so each
     * value is parsed once: header value → the compute entry's version text, version text → version (a malformed
     * one is refused every time).
     */
    private static final int MEMO_LIMIT = 256;
    private static final BoundedMemo<String, Optional<String>> COMPUTE_ENTRIES =
            new BoundedMemo<>(MEMO_LIMIT, MicroversionRange::computeEntry);
    private static final BoundedMemo<String, Microversion> PARSED = new BoundedMemo<>(MEMO_LIMIT, Microversion::parse);

    private MicroversionRange() {
    }

    /**
     * The microversion of one request. {@code OpenStack-API-Version: compute 2.47} wins over
     * {@code X-OpenStack-Nova-API-Version: 2.47}; the former may name several services
     * ({@code compute 2.47, image 2.1}). Neither header means 2.1, {@code latest} means {@link #MAX}.
     *
     * @throws ApiException 400 for a malformed version, 406 for one outside [MIN, MAX]
     */
    public static Microversion negotiate(Optional<String> openstackApiVersion, Optional<String> novaApiVersion) {
        Optional<String> requested = openstackApiVersion.flatMap(COMPUTE_ENTRIES::get)
                .or(() -> novaApiVersion.map(String::strip).filter(v -> !v.isEmpty()));
        if (requested.isEmpty()) {
            return MIN;
        }
        String text = requested.get();
        if (text.equalsIgnoreCase("latest")) {
            return MAX;
        }
        Microversion version = PARSED.get(text);
        if (version.compareTo(MIN) < 0 || version.compareTo(MAX) > 0) {
            throw ApiException.notAcceptable("Version " + version + " is not supported by the API. Minimum is "
                    + MIN + " and maximum is " + MAX + ".");
        }
        return version;
    }

    /** The header values to echo back: {@code compute 2.47} and {@code 2.47}. */
    public static String openstackHeaderValue(Microversion version) {
        return SERVICE + " " + version;
    }

    /** The version part of the {@code compute} entry of an {@code OpenStack-API-Version} header. */
    private static Optional<String> computeEntry(String header) {
        for (String entry : header.split(",")) {
            String[] parts = entry.strip().split("\\s+");
            if (parts.length == 2 && parts[0].toLowerCase(Locale.ROOT).equals(SERVICE)) {
                return Optional.of(parts[1]);
            }
        }
        return Optional.empty();
    }
}
