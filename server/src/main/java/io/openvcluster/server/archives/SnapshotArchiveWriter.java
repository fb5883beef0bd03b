package io.openvcluster.server.archives;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an archive in the layout vcluster's snapshot writes ({@link SnapshotArchiveFormat}): gzip of a ustar tar, the
 * release entry first, then one regular file per backing-store key. The sandbox's simulated snapshot controller
 * writes its archives with it, so that what the sandbox stores is what a real store would hold.
 */
public final class SnapshotArchiveWriter {
    private static final int BLOCK = 512;

    private SnapshotArchiveWriter() {
    }

    /**
     * @param release the release entry's JSON
     * @param keys    backing-store keys (absolute, at most 100 bytes) and their values, in order
     */
    public static void write(OutputStream out, byte[] release, Map<String, byte[]> keys) {
        try {
            GZIPOutputStream gzip = new GZIPOutputStream(out);
            entry(gzip, SnapshotArchiveFormat.RELEASE_ENTRY, release);
            for (Map.Entry<String, byte[]> key : keys.entrySet()) {
                entry(gzip, key.getKey(), key.getValue());
            }
            gzip.write(new byte[2 * BLOCK]);
            gzip.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(OutputStream out, String name, byte[] data) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("key longer than a ustar name: " + name);
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0666);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, data.length);
        octal(header, 136, 12, 0);
        header[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        out.write(header);
        out.write(data);
        out.write(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
    }

    /** {@code len - 1} octal digits and a NUL, as ustar fields are written. */
    private static void octal(byte[] header, int off, int len, long value) {
        String digits = String.format("%0" + (len - 1) + "o", value);
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, header, off, len - 1);
        header[off + len - 1] = 0;
    }
}
