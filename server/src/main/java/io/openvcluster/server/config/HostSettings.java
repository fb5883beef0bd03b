package io.openvcluster.server.config;

import java.util.regex.Pattern;

/**
 * The host cluster the facade puts vclusters on, as Nova names a compute host: its name is the Nova host, the
 * hypervisor's hostname and the {@code nova-compute} service's host ({@code OVC_HOST_NAME}, default
 * {@value #DEFAULT_NAME}), and it is in one availability zone ({@code OVC_AVAILABILITY_ZONE}, default
 * {@value #DEFAULT_ZONE}, Nova's {@code default_availability_zone}).
 */
public record HostSettings(String name, String zone) {
    public static final String DEFAULT_NAME = "host-cluster";
    public static final String DEFAULT_ZONE = "nova";
    /** Nova's host names as its availability zone schema admits them; no ':' (the separator of {@code AZ:host}). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public HostSettings {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("OVC_HOST_NAME must be 1-63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit; got '" + name + "'");
        }
        if (zone.isBlank() || zone.contains(":") || zone.length() > 255) {
            throw new IllegalArgumentException("OVC_AVAILABILITY_ZONE must be 1-255 characters without ':'; got '"
                    + zone + "'");
        }
    }

    public static HostSettings defaults() {
        return new HostSettings(DEFAULT_NAME, DEFAULT_ZONE);
    }
}
