package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.kube.crd.SecurityGroupRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Nova's checks of a new security group rule, with Nova's messages (all 400): the protocol, the port range (ICMP's
 * type and code), the CIDR; a rule naming a remote group opens every port of its protocol when it gives none, and
 * its CIDR, if any, is ignored, as in Nova. A CIDR rule needs a protocol and ports; without a CIDR or a group the
 * source is {@code 0.0.0.0/0}.
 */
final class SecurityGroupRules {
    private static final Pattern ADDRESS = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern PREFIX = Pattern.compile("[0-9]{1,3}");

    private SecurityGroupRules() {
    }

    /** The rule to store, its remote group (already resolved to the caller's own) given as {@code remoteGroupId}. */
    static SecurityGroupRule parse(NewSecurityGroupRule request, Optional<String> remoteGroupId) {
        Optional<String> protocol = request.protocol();
        Optional<String> from = request.fromPort();
        Optional<String> to = request.toPort();
        String upper = protocol.map(p -> p.toUpperCase(Locale.ROOT)).orElse("");
        Optional<String> cidr = Optional.empty();
        Optional<String> network = Optional.empty();
        if (remoteGroupId.isPresent()) {
            // open everything of the protocol when no port range is given, but only for a remote group
            if (from.isEmpty() && to.isEmpty()) {
                if (upper.equals("ICMP")) {
                    from = Optional.of("-1");
                    to = Optional.of("-1");
                } else if (upper.equals("TCP") || upper.equals("UDP")) {
                    from = Optional.of("1");
                    to = Optional.of("65535");
                }
            }
        } else {
            cidr = Optional.of(request.cidr().filter(c -> !c.isEmpty()).orElse("0.0.0.0/0"));
            network = Optional.of(cidr(cidr.get()));
        }
        if (protocol.isEmpty() || protocol.get().isEmpty() || from.isEmpty() || to.isEmpty()) {
            if (cidr.isPresent()) {
                // a CIDR rule needs a protocol and its ports
                throw ApiException.badRequest("Not enough parameters to build a valid rule.");
            }
            return new SecurityGroupRule(UUID.randomUUID().toString(), null, null, null, null, remoteGroupId.get(), null);
        }
        int fromPort = integer(from.get(), upper);
        int toPort = integer(to.get(), upper);
        if (!upper.equals("TCP") && !upper.equals("UDP") && !upper.equals("ICMP")) {
            throw ApiException.badRequest("Invalid IP protocol " + protocol.get() + ".");
        }
        if (!upper.equals("ICMP") && fromPort > toPort) {
            throw invalidRange(fromPort, toPort, "Former value cannot be greater than the later");
        }
        if (!upper.equals("ICMP") && (fromPort < 1 || toPort > 65535)) {
            throw invalidRange(fromPort, toPort, "Valid " + upper + " ports should be between 1-65535");
        }
        if (upper.equals("ICMP") && (fromPort < -1 || fromPort > 255 || toPort < -1 || toPort > 255)) {
            throw invalidRange(fromPort, toPort, "For ICMP, the type:code must be valid");
        }
        return new SecurityGroupRule(UUID.randomUUID().toString(), protocol.get().toLowerCase(Locale.ROOT), fromPort,
                toPort, cidr.orElse(null), remoteGroupId.orElse(null), network.orElse(null));
    }

    private static int integer(String value, String protocol) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid input received: " + (protocol.equals("ICMP")
                    ? "Type and Code must be integers for ICMP protocol type" : "To and From ports must be integers"));
        }
    }

    private static ApiException invalidRange(int from, int to, String why) {
        return ApiException.badRequest("Invalid port range " + from + ":" + to + ". " + why);
    }

    /**
     * A CIDR in the form a NetworkPolicy's {@code ipBlock} takes: the network address (host bits cleared) and its
     * prefix, {@code /32} or {@code /128} for a single address. Parsed here (never a name lookup).
     */
    static String cidr(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Optional<String> prefixText = slash < 0 ? Optional.empty() : Optional.of(text.substring(slash + 1));
        if (!ADDRESS.matcher(address).matches() || prefixText.filter(p -> !PREFIX.matcher(p).matches()).isPresent()) {
            throw invalidCidr(text);
        }
        byte[] bytes = (address.contains(":") ? ipv6(address) : ipv4(address))
                .orElseThrow(() -> invalidCidr(text));
        int bits = bytes.length * 8;
        int prefix = prefixText.map(Integer::parseInt).orElse(bits);
        if (prefix > bits) {
            throw invalidCidr(text);
        }
        boolean zero = true;
        for (byte b : bytes) {
            zero &= b == 0;
        }
        if (prefix == 0 && !zero) {
            throw ApiException.badRequest("Bad prefix for network in cidr " + text);
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
        }
        return text(bytes) + "/" + prefix;
    }

    /** Dotted decimal for IPv4; IPv6 as {@link AccessAddresses#canonical} writes it (an ipBlock takes either). */
    private static String text(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            groups.append(i == 0 ? "" : ":").append(Integer.toHexString((bytes[i] & 0xff) << 8 | (bytes[i + 1] & 0xff)));
        }
        return AccessAddresses.canonical(groups.toString());
    }

    /** Four decimal octets, each 0-255. */
    private static Optional<byte[]> ipv4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) octet;
        }
        return Optional.of(bytes);
    }

    /** Eight hexadecimal groups, one run of zero groups written as {@code ::}, the last two maybe as IPv4. */
    private static Optional<byte[]> ipv6(String address) {
        int doubleColon = address.indexOf("::");
        if (doubleColon >= 0 && address.indexOf("::", doubleColon + 1) >= 0) {
            return Optional.empty();
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (!groups(doubleColon < 0 ? address : address.substring(0, doubleColon), head)
                || (doubleColon >= 0 && !groups(address.substring(doubleColon + 2), tail))) {
            return Optional.empty();
        }
        int given = head.size() + tail.size();
        if (given > 8 || (doubleColon < 0 && given != 8) || (doubleColon >= 0 && given == 8)) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            bytes[2 * i] = (byte) (head.get(i) >> 8);
            bytes[2 * i + 1] = (byte) (int) head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            int at = 8 - tail.size() + i;
            bytes[2 * at] = (byte) (tail.get(i) >> 8);
            bytes[2 * at + 1] = (byte) (int) tail.get(i);
        }
        return Optional.of(bytes);
    }

    /** The 16-bit groups of one side of {@code ::}; an IPv4 tail counts as two. False when malformed. */
    private static boolean groups(String part, List<Integer> out) {
        if (part.isEmpty()) {
            return true;
        }
        String[] texts = part.split(":", -1);
        for (int i = 0; i < texts.length; i++) {
            String t = texts[i];
            if (i == texts.length - 1 && t.contains(".")) {
                Optional<byte[]> v4 = ipv4(t);
                if (v4.isEmpty()) {
                    return false;
                }
                byte[] b = v4.get();
                out.add((b[0] & 0xff) << 8 | (b[1] & 0xff));
                out.add((b[2] & 0xff) << 8 | (b[3] & 0xff));
                continue;
            }
            if (t.isEmpty() || t.length() > 4 || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            out.add(Integer.parseInt(t, 16));
        }
        return true;
    }

    private static ApiException invalidCidr(String text) {
        return ApiException.badRequest(text + " is not a valid IP network.");
    }
}
