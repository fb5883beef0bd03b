package io.openvcluster.server.archives;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.openvcluster.api.Json;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The check that an uploaded file is an archive vcluster's snapshot tooling wrote ({@code pkg/snapshot/client.go}:
 * a gzip stream of a tar whose entries are the backing store's keys). Read as a stream, never held in memory:
 * <ol>
 *   <li>gzip (one member, its CRC and length checked at the end: a truncated file fails);</li>
 *   <li>a tar of 512-byte headers, each with a valid header checksum; entries are regular files (PAX extended headers
 *       allowed, as Go writes them for long names) with absolute names; the two zero blocks that end a tar must be
 *       there (a file cut at an entry boundary fails), and only zeros may follow them;</li>
 *   <li>the first entry is {@code /vcluster/snapshot/release}, the Helm release as JSON with a non-empty
 *       {@code chartVersion} (what vcluster writes when it takes a snapshot with its release, as the CLI and this
 *       facade always ask);</li>
 *   <li>at least one Kubernetes object, an entry under {@code /registry/} (every cluster's store has them).</li>
 * </ol>
 * The release's {@code values} (vcluster.yaml, base64 in the JSON) name the distro and Kubernetes version when they
 * say {@code controlPlane.distro.<distro>.enabled: true} and its {@code version}.
 */
public final class SnapshotArchiveFormat {
    public static final String RELEASE_ENTRY = "/vcluster/snapshot/release";
    public static final String OBJECT_PREFIX = "/registry/";
    /** Largest release entry read (it is a few KiB: the release's names and its values). */
    static final int MAX_RELEASE_BYTES = 1024 * 1024;
    private static final int BLOCK = 512;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What an archive restores, from its release entry; distro and version only when its values name them. */
    public record Contents(String chartVersion, Optional<String> distro, Optional<String> kubernetesVersion,
                           long entries) {
    }

    /** Why a file is not a vcluster snapshot archive; the message is shown to the client. */
    public static final class NotAnArchiveException extends Exception {
        public NotAnArchiveException(String message) {
            super(message, null, false, false);
        }
    }

    private SnapshotArchiveFormat() {
    }

    /** Reads the whole stream (not closed here) and says what it holds, or why it is not an archive. */
    public static Contents inspect(InputStream raw) throws NotAnArchiveException, IOException {
        GZIPInputStream in;
        try {
            in = new GZIPInputStream(raw, 64 * 1024);
        } catch (ZipException | EOFException e) {
            throw new NotAnArchiveException("not a gzip stream");
        }
        try {
            return readTar(in);
        } catch (ZipException | EOFException e) {
            throw new NotAnArchiveException("the gzip stream is corrupt or truncated (" + e.getMessage() + ")");
        }
    }

    private static Contents readTar(InputStream in) throws NotAnArchiveException, IOException {
        byte[] header = new byte[BLOCK];
        long entries = 0;
        Optional<String> paxPath = Optional.empty();
        Optional<JsonNode> release = Optional.empty();
        boolean objects = false;
        while (true) {
            if (!readBlock(in, header)) {
                throw new NotAnArchiveException("the tar ends without its end-of-archive blocks (truncated)");
            }
            if (zero(header)) {
                if (!readBlock(in, header) || !zero(header)) {
                    throw new NotAnArchiveException("the tar's end-of-archive marker is incomplete");
                }
                requireOnlyZeros(in);
                break;
            }
            checkHeader(header);
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            if (type == 'x' || type == 'g') {
                byte[] pax = readData(in, size, MAX_RELEASE_BYTES, "a PAX header");
                if (type == 'x') {
                    paxPath = paxPath(pax);
                }
                continue;
            }
            if (type != '0' && type != '\0') {
                throw new NotAnArchiveException("entry type '" + type + "' is not a regular file; vcluster writes "
                        + "only files");
            }
            String name = paxPath.orElseGet(() -> name(header));
            paxPath = Optional.empty();
            if (!name.startsWith("/")) {
                throw new NotAnArchiveException("entry '" + name + "' is not a backing-store key (absolute name)");
            }
            if (entries == 0) {
                if (!name.equals(RELEASE_ENTRY)) {
                    throw new NotAnArchiveException("the first entry is '" + name + "', not " + RELEASE_ENTRY);
                }
                release = Optional.of(release(readData(in, size, MAX_RELEASE_BYTES, RELEASE_ENTRY)));
            } else {
                skipData(in, size);
                objects |= name.startsWith(OBJECT_PREFIX);
            }
            entries++;
        }
        if (release.isEmpty()) {
            throw new NotAnArchiveException("the tar is empty");
        }
        if (!objects) {
            throw new NotAnArchiveException("no Kubernetes object (no entry under " + OBJECT_PREFIX + ")");
        }
        JsonNode r = release.get();
        return new Contents(r.path("chartVersion").asText(), distro(r).map(Map.Entry::getKey),
                distro(r).map(Map.Entry::getValue).filter(v -> !v.isEmpty()), entries);
    }

    private static JsonNode release(byte[] bytes) throws NotAnArchiveException {
        try {
            JsonNode release = Json.MAPPER.readTree(bytes);
            if (release == null || !release.isObject() || release.path("chartVersion").asText("").isBlank()) {
                throw new NotAnArchiveException(RELEASE_ENTRY + " names no chartVersion");
            }
            return release;
        } catch (IOException e) {
            throw new NotAnArchiveException(RELEASE_ENTRY + " is not JSON");
        }
    }

    /** {@code controlPlane.distro.<name>.enabled: true} → name and its {@code version}; empty when not said. */
    private static Optional<Map.Entry<String, String>> distro(JsonNode release) {
        String encoded = release.path("values").asText("");
        if (encoded.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode values = YAML.readTree(Base64.getDecoder().decode(encoded));
            JsonNode distros = values == null ? null : values.path("controlPlane").path("distro");
            if (distros == null || !distros.isObject()) {
                return Optional.empty();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = distros.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> d = it.next();
                if (d.getValue().path("enabled").asBoolean(false)) {
                    return Optional.of(Map.entry(d.getKey(), d.getValue().path("version").asText("")));
                }
            }
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void checkHeader(byte[] header) throws NotAnArchiveException {
        long stored;
        try {
            stored = octal(header, 148, 8);
        } catch (NotAnArchiveException e) {
            throw new NotAnArchiveException("not a tar (bad header checksum field)");
        }
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        if (sum != stored) {
            throw new NotAnArchiveException("not a tar (header checksum mismatch)");
        }
        String magic = new String(header, 257, 5, StandardCharsets.US_ASCII);
        if (!magic.equals("ustar")) {
            throw new NotAnArchiveException("not a POSIX tar (no ustar magic)");
        }
    }

    private static String name(byte[] header) {
        String prefix = cString(header, 345, 155);
        String name = cString(header, 0, 100);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static Optional<String> paxPath(byte[] pax) {
        String text = new String(pax, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return Optional.of(record.substring(space + 1 + "path=".length()));
            }
        }
        return Optional.empty();
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    static long octal(byte[] b, int off, int len) throws NotAnArchiveException {
        long value = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            int c = b[i];
            if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                throw new NotAnArchiveException("not a tar (bad octal field)");
            }
            digits = true;
            value = value * 8 + (c - '0');
        }
        return value;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("a tar block is cut short");
        }
        return true;
    }

    private static byte[] readData(InputStream in, long size, int max, String what)
            throws NotAnArchiveException, IOException {
        if (size > max) {
            throw new NotAnArchiveException(what + " is larger than " + max + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException(what + " is cut short");
        }
        skipExactly(in, padding(size));
        return data;
    }

    private static void skipData(InputStream in, long size) throws IOException {
        skipExactly(in, size + padding(size));
    }

    private static void skipExactly(InputStream in, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("an entry is cut short");
            }
            left -= read;
        }
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static boolean zero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Tar writers may pad the archive to a record size with zeros; anything else after the end is not vcluster's. */
    private static void requireOnlyZeros(InputStream in) throws NotAnArchiveException, IOException {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) > 0) {
            for (int i = 0; i < read; i++) {
                if (buffer[i] != 0) {
                    throw new NotAnArchiveException("data after the tar's end-of-archive marker");
                }
            }
        }
    }
}
