package io.openvcluster.server.compute;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The operator's bounds on Glance's image data calls ({@code PUT}/{@code GET /image/v2/images/{id}/file}).
 *
 * @param maxUploadBytes largest archive accepted ({@code OVC_IMAGE_UPLOAD_MAX_MIB}, default
 *                       {@value #DEFAULT_MAX_UPLOAD_MIB} MiB); a larger one is Glance's 413
 * @param spoolDirectory where an upload is written while it is read and checked, before it goes to the store
 *                       ({@code OVC_IMAGE_UPLOAD_DIR}, default {@code <java.io.tmpdir>/ovc-image-uploads}); it needs
 *                       room for the largest upload times the uploads running at once
 * @param deadline       how long one upload or download may take ({@code OVC_IMAGE_TRANSFER_DEADLINE_MS}, default
 *                       one hour); an upload still {@code saving} after it on another replica is taken for dead
 */
public record ImageTransferLimits(long maxUploadBytes, Path spoolDirectory, Duration deadline) {
    public static final int DEFAULT_MAX_UPLOAD_MIB = 10 * 1024;
    public static final long DEFAULT_DEADLINE_MS = 3_600_000;

    public ImageTransferLimits {
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("the image upload limit must be positive, got " + maxUploadBytes);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the image transfer deadline must be positive");
        }
    }

    public static ImageTransferLimits defaults() {
        return new ImageTransferLimits(DEFAULT_MAX_UPLOAD_MIB * 1024L * 1024L,
                Path.of(System.getProperty("java.io.tmpdir"), "ovc-image-uploads"), Duration.ofMillis(DEFAULT_DEADLINE_MS));
    }

    public ImageTransferLimits withMaxUploadBytes(long bytes) {
        return new ImageTransferLimits(bytes, spoolDirectory, deadline);
    }
}
