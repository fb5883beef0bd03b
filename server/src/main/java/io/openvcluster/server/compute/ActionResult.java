package io.openvcluster.server.compute;

import io.openvcluster.api.model.ServerData;

/** What a server action answers, besides its status ({@link Verb#status()}). */
public sealed interface ActionResult {
    /** Accepted: the intent is recorded and the reconciler does the rest; no body. */
    record Accepted() implements ActionResult {
    }

    /** createImage: the new image, queued. */
    record ImageCreated(String imageId) implements ActionResult {
    }

    /** createBackup: the new image, queued; Nova locates it (before 2.45) only when it rotates. */
    record BackupCreated(String imageId, int rotation) implements ActionResult {
    }

    /** rebuild: the server as it reads right after (Nova answers with it). */
    record Rebuilt(ServerData server) implements ActionResult {
    }

    /**
     * rescue: Nova's answer with {@code enable_instance_password} off, an empty object: a vcluster has no administrator
     * password for the rescue to set (an {@code adminPass} asked for is accepted and sets nothing).
     */
    record Rescued() implements ActionResult {
    }

    /** os-getConsoleOutput: the log read. */
    record Output(String text) implements ActionResult {
    }

    /** A legacy console action: the console URL's ticket. */
    record Console(RemoteConsole console) implements ActionResult {
    }
}
