package io.openvcluster.server.compute;

import static io.openvcluster.server.testing.Eventually.await;
import static io.openvcluster.server.testing.Fixtures.ALICE;
import static io.openvcluster.server.testing.Fixtures.BOB;
import static io.openvcluster.server.testing.Fixtures.again;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.testing.SandboxBackendTest;
import io.openvcluster.server.testing.ServerSteps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * trigger_crash_dump on the sandbox with its s3 store: the bundle of the control plane's state written once per
 * request, its place in the action's events, read back by the server's project only; Nova's 409 for a stopped or
 * locked server. The server's state does not change.
 */
@SandboxBackendTest(simulatorDelayMillis = 50, sandboxSnapshotStore = true)
class CrashDumpIT {
    private static Domain compute;
    private static ServerSteps steps;

    @Test
    void theBundleIsWrittenOnceAndReadBackByTheServersProject() throws IOException {
        ServerData server = steps.active(ALICE, "dumped");
        Caller dumper = again(ALICE);
        compute.servers().performAction(dumper, server.id(), new ServerAction.TriggerCrashDump());
        assertEquals(Optional.empty(), compute.servers().getServer(ALICE, server.id()).taskState(), "no task");
        assertEquals("trigger_crash_dump", compute.servers().getInstanceAction(ALICE, server.id(),
                dumper.requestId()).action(), "listed from the 202");
        await("the crash dump written", () -> compute.servers().getInstanceAction(ALICE, server.id(),
                dumper.requestId()).events().stream().anyMatch(e -> e.finishTime().isPresent()
                && "write_crash_dump".equals(e.event())));
        InstanceActionData action = compute.servers().getInstanceAction(ALICE, server.id(), dumper.requestId());
        assertEquals(Optional.empty(), action.message(), "finished without error");
        InstanceActionData.Event written = action.events().stream().filter(e -> "write_crash_dump".equals(e.event()))
                .findFirst().orElseThrow();
        assertEquals(Optional.of("Success"), written.result());
        assertTrue(written.details().orElseThrow().startsWith("s3://")
                && written.details().orElseThrow().contains("/crash-dumps/" + server.id() + "/"
                + dumper.requestId() + ".tar.gz; fetch with GET /compute/v2.1/servers/" + server.id()
                + "/crash-dumps/" + dumper.requestId()), written.details().orElseThrow());

        byte[] bundle = compute.servers().crashDump(ALICE, server.id(), dumper.requestId());
        Map<String, String> files = untar(bundle);
        String release = steps.record(server.id()).getSpec().getRelease();
        for (String file : new String[] {"README.txt", "statefulset.yaml", "pods.yaml", "events.yaml",
                "vcluster-config.yaml", "logs/" + release + "-0/syncer.log"}) {
            assertTrue(files.containsKey(file), file + " in " + files.keySet());
        }
        assertTrue(files.get("README.txt").contains(server.id()) && files.get("README.txt")
                .contains(dumper.requestId()));
        assertTrue(files.get("statefulset.yaml").contains("name: \"" + release + "\"")
                || files.get("statefulset.yaml").contains("name: " + release), files.get("statefulset.yaml"));
        assertTrue(files.get("pods.yaml").contains(release + "-0"));
        assertTrue(!files.get("logs/" + release + "-0/syncer.log").isEmpty(), "the control plane's log");

        // more passes over the server (a lock, an unlock) do not write the bundle again: same bytes, same time
        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Lock(Optional.empty()));
        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Unlock());
        await("the unlock entered", () -> compute.servers().listInstanceActions(ALICE, server.id(),
                InstanceActionQuery.all()).getFirst().action().equals("unlock")
                && steps.record(server.id()).getStatus().getActions().stream()
                .anyMatch(a -> "unlock".equals(a.action())));
        assertArrayEquals(bundle, compute.servers().crashDump(ALICE, server.id(), dumper.requestId()));
        assertEquals("active", compute.servers().getServer(ALICE, server.id()).vmState());

        assertEquals(404, assertThrows(ApiException.class, () -> compute.servers().crashDump(BOB, server.id(),
                dumper.requestId())).status(), "another project");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.servers().crashDump(ALICE, server.id(),
                "req-00000000-0000-0000-0000-000000000000")).status(), "no such crash dump");
        assertEquals(404, assertThrows(ApiException.class, () -> compute.servers().crashDump(ALICE, server.id(),
                server.id())).status(), "a request that is not a crash dump");
    }

    @Test
    void aStoppedOrLockedServerIsRefusedAsNova() {
        ServerData server = steps.active(ALICE, "not-dumped");
        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Stop());
        steps.awaitIdle(ALICE, server.id(), "stopped");
        ApiException stopped = assertThrows(ApiException.class, () -> compute.servers().performAction(again(ALICE),
                server.id(), new ServerAction.TriggerCrashDump()));
        assertEquals(409, stopped.status());
        assertEquals("Cannot 'trigger_crash_dump' instance " + server.id() + " while it is in vm_state stopped",
                stopped.getMessage());
        compute.servers().performAction(again(ALICE), server.id(), new ServerAction.Start());
        steps.awaitIdle(ALICE, server.id(), "active");
        compute.servers().performAction(again(io.openvcluster.server.testing.Fixtures.ADMIN), server.id(),
                new ServerAction.Lock(Optional.empty()));
        ApiException locked = assertThrows(ApiException.class, () -> compute.servers().performAction(again(ALICE),
                server.id(), new ServerAction.TriggerCrashDump()));
        assertEquals(409, locked.status());
        assertEquals("Instance " + server.id() + " is locked", locked.getMessage());
        assertEquals(null, steps.record(server.id()).getSpec().getCrashDump(), "nothing recorded");
    }

    /** The files of a gzipped ustar archive, by name. */
    static Map<String, String> untar(byte[] bundle) throws IOException {
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(bundle)).readAllBytes();
        Map<String, String> files = new LinkedHashMap<>();
        int at = 0;
        while (at + 512 <= tar.length && tar[at] != 0) {
            String name = new String(tar, at, 100, StandardCharsets.US_ASCII).replace("\0", "");
            int size = Integer.parseInt(new String(tar, at + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : tar[at + i] & 0xff;
            }
            assertEquals(sum, Long.parseLong(new String(tar, at + 148, 6, StandardCharsets.US_ASCII), 8), name);
            files.put(name, new String(tar, at + 512, size, StandardCharsets.UTF_8));
            at += 512 + (size + 511) / 512 * 512;
        }
        return files;
    }
}
