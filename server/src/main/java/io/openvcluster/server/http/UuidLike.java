package io.openvcluster.server.http;

import java.util.regex.Pattern;

/**
 * What Nova's API accepts as a UUID (oslo's check): 32 hex digits, with or without the dashes, either case. Ids that
 * are not are refused with Nova's 400 before anything is looked up.
 */
final class UuidLike {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    private UuidLike() {
    }

    static boolean test(String id) {
        return UUID.matcher(id).matches();
    }
}
