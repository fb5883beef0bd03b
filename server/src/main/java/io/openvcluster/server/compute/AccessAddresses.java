package io.openvcluster.server.compute;

import java.util.Locale;

/**
 * {@code accessIPv4}/{@code accessIPv6} as Nova stores and returns them: an IPv6 address in its canonical text form
 * (RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}), so
 * {@code 0:0:0:0:0:BABE:DC0C:1602} reads back as {@code ::babe:dc0c:1602}; an IPv4 address, and anything that is not
 * an IPv6 address (the schema has checked the format), as given.
 */
final class AccessAddresses {
    private AccessAddresses() {
    }

    static String canonical(String address) {
        if (address == null || !address.contains(":")) {
            return address;
        }
        int[] groups = groups(address.toLowerCase(Locale.ROOT));
        if (groups.length == 0) {
            return address;
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is written out, never as "::"
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The eight 16-bit groups of an IPv6 address; empty if it is not one written in groups only. */
    private static int[] groups(String address) {
        if (address.contains(".")) {
            return new int[0]; // an IPv4 tail (::ffff:10.0.0.1) stays as written, as Nova's netaddr writes it
        }
        int doubleColon = address.indexOf("::");
        String[] head = split(doubleColon < 0 ? address : address.substring(0, doubleColon));
        String[] rest = doubleColon < 0 ? new String[0] : split(address.substring(doubleColon + 2));
        int given = head.length + rest.length;
        if (given > 8 || (doubleColon < 0 && given != 8) || (doubleColon >= 0 && given == 8)) {
            return new int[0];
        }
        int[] groups = new int[8];
        try {
            for (int i = 0; i < head.length; i++) {
                groups[i] = group(head[i]);
            }
            for (int i = 0; i < rest.length; i++) {
                groups[8 - rest.length + i] = group(rest[i]);
            }
        } catch (NumberFormatException e) {
            return new int[0];
        }
        return groups;
    }

    private static int group(String hex) {
        if (hex.isEmpty() || hex.length() > 4) {
            throw new NumberFormatException(hex);
        }
        return Integer.parseInt(hex, 16);
    }

    private static String[] split(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }
}
