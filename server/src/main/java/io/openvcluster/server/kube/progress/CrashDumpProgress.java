package io.openvcluster.server.kube.progress;

import io.openvcluster.server.archives.ArchiveStore;
import io.openvcluster.server.archives.ArchiveStoreException;
import io.openvcluster.server.archives.ArchiveStores;
import io.openvcluster.server.archives.TarGz;
import io.openvcluster.server.kube.crd.ActionEvent;
import io.openvcluster.server.kube.crd.ActionHistory;
import io.openvcluster.server.kube.crd.CrashDumpIntent;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerStatus;
import io.openvcluster.server.kube.host.CrashDumpBundle;
import io.openvcluster.translator.VclusterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A trigger_crash_dump on the host: the bundle ({@link CrashDumpBundle}) tar+gzipped and written to the s3 store at
 * the intent's URL, then the action entered, finished, with the events {@code collect_control_plane_state} and
 * {@code write_crash_dump} (its details name the bundle and how to fetch it). Once per request: a request whose action
 * is finished is left alone, and a bundle already in the store (a pass that wrote it, then stopped before the status)
 * is not written again. A store that refuses the bundle ends the action in Error with the store's message.
 */
public final class CrashDumpProgress {
    static final String COLLECT = "collect_control_plane_state";
    static final String WRITE = "write_crash_dump";

    private final CrashDumpBundle bundles;
    private final ArchiveStores archives;
    private final Supplier<Map<String, String>> credentials;
    private final Clock clock;

    public CrashDumpProgress(CrashDumpBundle bundles, ArchiveStores archives,
                             Supplier<Map<String, String>> credentials, Clock clock) {
        this.bundles = bundles;
        this.archives = archives;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** What this pass enters in the status (nothing when no crash dump is due). */
    public BiConsumer<ServerStatus, String> drive(ServerRecord record, VclusterNames names) {
        CrashDumpIntent intent = record.getSpec().getCrashDump();
        if (intent == null || done(record, intent)) {
            return (status, now) -> { };
        }
        String requestId = intent.request().requestId();
        Instant time = clock.instant();
        String fetch = "GET /compute/v2.1/servers/" + names.serverId() + "/crash-dumps/" + requestId
                + " (this facade's own API, the server's project or an admin), or the object itself from the store";
        try {
            Map<String, String> keys = credentials.get();
            Optional<ArchiveStore.Download> written = archives.find(intent.url(), keys);
            written.ifPresent(ArchiveStore.Download::close);
            if (written.isEmpty()) {
                byte[] bundle = TarGz.of(bundles.collect(names, requestId, time.toString()), time.getEpochSecond());
                store(intent.url(), bundle, keys);
            }
            return ended(intent, "Success", null, List.<String[]>of(
                    new String[] {COLLECT, "the StatefulSet, pods, events, vcluster config and container logs of "
                            + names.namespace()},
                    new String[] {WRITE, intent.url() + "; fetch with " + fetch}));
        } catch (ArchiveStoreException e) {
            return ended(intent, "Error", e.getMessage(), List.<String[]>of(new String[] {WRITE, e.getMessage()}));
        }
    }

    /** Through a spool file, as every archive goes to the store (the bundle is small: logs and objects). */
    private void store(String url, byte[] bundle, Map<String, String> keys) {
        Path spool;
        try {
            spool = Files.createTempFile("ovc-crash-dump-", ".tar.gz");
        } catch (IOException e) {
            throw new ArchiveStoreException("cannot spool the crash dump for " + url + ": " + e.getMessage(), e);
        }
        try {
            Files.write(spool, bundle);
            archives.put(url, spool, bundle.length, keys);
        } catch (IOException e) {
            throw new ArchiveStoreException("cannot spool the crash dump for " + url + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                // a temporary file left behind; the next start's temporary directory cleanup takes it
            }
        }
    }

    private static boolean done(ServerRecord record, CrashDumpIntent intent) {
        List<ActionEvent> history = record.getStatus() == null || record.getStatus().getActions() == null
                ? List.of() : record.getStatus().getActions();
        return history.stream().anyMatch(a -> a.requestId().equals(intent.request().requestId()) && a.finished());
    }

    /**
     * The action entered with its events and finished; beside any verb, which it does not supersede (unlike a verb's
     * {@code ActionProgress}): a crash dump has no task and changes nothing on the host.
     */
    private static BiConsumer<ServerStatus, String> ended(CrashDumpIntent intent, String result, String message,
                                                          List<String[]> events) {
        String requestId = intent.request().requestId();
        return (status, now) -> status.setActions(ActionHistory.withStarted(status.getActions(), intent.request())
                .stream().map(a -> {
                    if (!a.requestId().equals(requestId) || a.finished()) {
                        return a;
                    }
                    ActionEvent entry = a;
                    for (String[] event : events) {
                        entry = entry.withEvent(event[0], now, event[1]);
                    }
                    return entry.finish(now, result, message);
                }).toList());
    }
}
