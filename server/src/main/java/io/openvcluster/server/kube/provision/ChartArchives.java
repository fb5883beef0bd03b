package io.openvcluster.server.kube.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A local chart archive's identity for the release digest: the sha256 of its bytes, read once at start. */
public final class ChartArchives {
    private ChartArchives() {
    }

    /** The archive's sha256 for {@link ChartSource.Type#ARCHIVE}, "" for the other sources (their version says it). */
    public static String identity(ChartSource chart) {
        if (chart.type() != ChartSource.Type.ARCHIVE) {
            return "";
        }
        Path archive = Path.of(chart.location());
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("OVC_VCLUSTER_CHART: no chart archive at " + archive.toAbsolutePath());
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(archive)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
