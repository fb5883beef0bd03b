package io.openvcluster.server.kube.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kubernetes' protobuf encoding of a Secret, read into its JSON form, for the mock API server: client-go's typed
 * clients (Helm's release storage) write Secrets as protobuf, which fabric8's mock cannot read. Only the fields Helm
 * writes: {@code metadata.name/namespace/labels/annotations/resourceVersion}, {@code data}, {@code type}.
 * Field numbers from k8s.io/api's generated.proto (Secret, ObjectMeta) and apimachinery's runtime.Unknown.
 */
final class ProtobufSecrets {
    /** The envelope's magic prefix: "k8s" and a zero byte. */
    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtobufSecrets() {
    }

    static boolean isProtobuf(byte[] body) {
        return body.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC);
    }

    static String toJson(byte[] body) {
        Reader unknown = new Reader(Arrays.copyOfRange(body, MAGIC.length, body.length));
        byte[] raw = new byte[0];
        while (unknown.more()) {
            int tag = unknown.varint();
            if (tag >>> 3 == 2 && (tag & 7) == 2) {
                raw = unknown.bytes();
            } else {
                unknown.skip(tag);
            }
        }
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        Map<String, String> data = new LinkedHashMap<>();
        Reader reader = new Reader(raw);
        while (reader.more()) {
            int tag = reader.varint();
            switch (tag >>> 3) {
                case 1 -> secret.put("metadata", metadata(new Reader(reader.bytes())));
                case 2 -> {
                    String[] entry = entry(new Reader(reader.bytes()), true);
                    data.put(entry[0], entry[1]);
                }
                case 3 -> secret.put("type", reader.string());
                default -> reader.skip(tag);
            }
        }
        secret.put("data", data);
        try {
            return JSON.writeValueAsString(secret);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> metadata(Reader reader) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        while (reader.more()) {
            int tag = reader.varint();
            switch (tag >>> 3) {
                case 1 -> metadata.put("name", reader.string());
                case 3 -> metadata.put("namespace", reader.string());
                case 6 -> metadata.put("resourceVersion", reader.string());
                case 11 -> put(labels, entry(new Reader(reader.bytes()), false));
                case 12 -> put(annotations, entry(new Reader(reader.bytes()), false));
                default -> reader.skip(tag);
            }
        }
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        metadata.values().removeIf(v -> v instanceof String s && s.isEmpty());
        return metadata;
    }

    private static void put(Map<String, String> map, String[] entry) {
        map.put(entry[0], entry[1]);
    }

    /** A map entry (key 1, value 2); a bytes value is given base64-encoded, as JSON carries it. */
    private static String[] entry(Reader reader, boolean bytesValue) {
        String[] entry = {"", ""};
        while (reader.more()) {
            int tag = reader.varint();
            if (tag >>> 3 == 1) {
                entry[0] = reader.string();
            } else if (tag >>> 3 == 2) {
                byte[] value = reader.bytes();
                entry[1] = bytesValue ? Base64.getEncoder().encodeToString(value)
                        : new String(value, StandardCharsets.UTF_8);
            } else {
                reader.skip(tag);
            }
        }
        return entry;
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean more() {
            return position < bytes.length;
        }

        int varint() {
            return (int) longVarint();
        }

        long longVarint() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        byte[] bytes() {
            int length = varint();
            byte[] value = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return value;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> longVarint();
                case 1 -> position += 8;
                case 2 -> bytes();
                case 5 -> position += 4;
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + (tag & 7));
            }
        }
    }
}
