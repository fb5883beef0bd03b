package io.openvcluster.server.archives;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SequencedMap;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip-compressed POSIX ustar archive of named text files, as {@code tar czf} writes it: a 512-byte header per file
 * (name, mode 0644, size, time, checksum), its bytes padded to 512, and two empty blocks at the end. Names are ASCII
 * paths of at most 100 bytes (the bundle's own names), so no long-name extension is needed.
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /** The archive of {@code files} (name → content), in their order, each dated {@code epochSeconds}. */
    public static byte[] of(SequencedMap<String, String> files, long epochSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            for (var file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                gzip.write(header(file.getKey(), content.length, epochSeconds));
                gzip.write(content);
                gzip.write(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
            }
            gzip.write(new byte[2 * BLOCK]);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory archive cannot fail to be written", e);
        }
        return out.toByteArray();
    }

    static byte[] header(String name, long size, long epochSeconds) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length > 100 || !name.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("a bundle file name must be printable ASCII of at most 100 bytes: " + name);
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, epochSeconds);
        header[156] = '0';
        byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        // the checksum is computed with its own field as eight spaces
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        return header;
    }

    /** {@code value} in octal, zero-padded to {@code length - 1} digits and a NUL. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
        byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, length - 1);
        header[offset + length - 1] = 0;
    }
}
