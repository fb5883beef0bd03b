package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.work.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * An upload's body written to a file of its own in the spool directory as it is read, 64 KiB at a time, with its
 * MD5 (Glance's {@code checksum}) and SHA-512 ({@code os_hash_value}) computed on the way: the archive is never held
 * in memory. The file is the upload's only copy until it is stored, and is deleted after. Its name carries the
 * process id, so that a facade that died and left files is known: the next start deletes the files of processes that
 * no longer run, and of its own process id (a container's restarted facade often has the same one).
 */
final class ArchiveSpool {
    static final String FILE_PREFIX = "upload-";
    private static final int BUFFER = 64 * 1024;

    /** A spooled archive: its file, size and hashes (hex). */
    record Spooled(Path file, long size, String md5, String sha512) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final ImageTransferLimits limits;

    ArchiveSpool(ImageTransferLimits limits) {
        this.limits = limits;
    }

    /** 413 before anything is read when the declared length is over the limit. */
    void checkDeclared(OptionalLong declared) {
        if (declared.isPresent() && declared.getAsLong() > limits.maxUploadBytes()) {
            throw tooLarge();
        }
    }

    /**
     * Reads the body to its end, or stops at the limit (413) or a read failure (400); the file is gone then.
     */
    Spooled spool(InputStream body) {
        Path file;
        try {
            Files.createDirectories(limits.spoolDirectory());
            file = Files.createTempFile(limits.spoolDirectory(), FILE_PREFIX + ProcessHandle.current().pid() + "-",
                    ".tar.gz");
        } catch (IOException e) {
            throw ApiException.unavailable("The upload cannot be spooled: " + e.getMessage());
        }
        MessageDigest md5 = digest("MD5");
        MessageDigest sha512 = digest("SHA-512");
        long size = 0;
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = body.read(buffer)) >= 0) {
                size += read;
                if (size > limits.maxUploadBytes()) {
                    throw tooLarge();
                }
                md5.update(buffer, 0, read);
                sha512.update(buffer, 0, read);
                out.write(buffer, 0, read);
                Deadline.checkpoint();
            }
            done = true;
        } catch (IOException | UncheckedIOException e) {
            throw ApiException.badRequest("The image data could not be read: the upload was interrupted.");
        } finally {
            if (!done) {
                delete(file);
            }
        }
        return new Spooled(file, size, HexFormat.of().formatHex(md5.digest()),
                HexFormat.of().formatHex(sha512.digest()));
    }

    /** What a facade that died left in the spool directory (at start: this process has no upload yet). */
    void clearLeftovers() {
        if (!Files.isDirectory(limits.spoolDirectory())) {
            return;
        }
        try (var files = Files.list(limits.spoolDirectory())) {
            files.filter(ArchiveSpool::leftOver).forEach(ArchiveSpool::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean leftOver(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(FILE_PREFIX)) {
            return false;
        }
        String rest = name.substring(FILE_PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
            return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "Image exceeds the storage quota: the upload limit is "
                + limits.maxUploadBytes() + " bytes.");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file left behind is removed at the next start
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
