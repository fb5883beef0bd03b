package io.openvcluster.server.compute;

import java.util.Locale;

/**
 * {@code accessIPv4}/{@code accessIPv6} as Nova stores and returns them: an IPv6 address in its canonical text form
 * (RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}), so
 * {@code 0:0:0:0:0:BABE:DC0C:1602} and {@code 0000:0000:0000:0000:0000:babe:220.12.22.2} read back as
 * {@code ::babe:dc0c:1602}, an IPv4-mapped one as {@code ::ffff:10.0.0.1} and an IPv4-compatible one as
 * {@code ::1.2.3.4} (netaddr's forms); an IPv4 address, and anything that is not
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
        boolean zeroHead = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0;
        String dotted = (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
        // IPv4-mapped and IPv4-compatible addresses keep a dotted tail, as netaddr (Nova's) writes them
        if (zeroHead && groups[5] == 0xffff) {
            return "::ffff:" + dotted;
        }
        if (zeroHead && groups[5] == 0 && groups[6] != 0) {
            return "::" + dotted;
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

    /**
     * The eight 16-bit groups of an IPv6 address, a dotted IPv4 tail ({@code ::babe:220.12.22.2}) read as the last two;
     * empty if it is not one.
     */
    private static int[] groups(String written) {
        String address = written;
        if (address.contains(".")) {
            int tail = address.lastIndexOf(':');
            String[] octets = address.substring(tail + 1).split("\\.", -1);
            if (octets.length != 4) {
                return new int[0];
            }
            int[] v4 = new int[4];
            try {
                for (int i = 0; i < 4; i++) {
                    v4[i] = Integer.parseInt(octets[i]);
                    if (octets[i].isEmpty() || octets[i].length() > 3 || v4[i] > 255) {
                        return new int[0];
                    }
                }
            } catch (NumberFormatException e) {
                return new int[0];
            }
            address = address.substring(0, tail + 1) + Integer.toHexString(v4[0] << 8 | v4[1]) + ":"
                    + Integer.toHexString(v4[2] << 8 | v4[3]);
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
