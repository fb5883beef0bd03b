package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.api.ServerStates;
import io.openvcluster.api.model.InstanceActionData;
import io.openvcluster.api.model.ServerData;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.host.ConsoleLogs;
import io.openvcluster.translator.VclusterNames;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Nova's servers: create, list, show, update, delete, the server actions ({@link Verbs}) and their history. Each call
 * checks its guards against the cached records, records the caller's intent in the server's record and returns; the
 * reconciler does the work on the host.
 */
public final class ServerService {
    private final ServerRecords records;
    private final ServerCreation creation;
    private final ServerLists lists;
    private final ServerVerbs verbs;
    private final ServerDeletes deletes;
    private final ServerShelves shelves;
    private final ServerResizes resizes;
    private final ServerSnapshots snapshots;
    private final ServerRebuilds rebuilds;
    private final ServerSecurityGroups securityGroups;
    private final RemoteConsoles consoles;
    private final ServerCrashDumps crashDumps;
    private final ConsoleLogs consoleLogs;
    private final Consumer<String> wakeReconciler;
    private final Clock clock;

    ServerService(ServerRecords records, ServerCreation creation, ServerVerbs verbs, ServerDeletes deletes,
                  ServerShelves shelves, ServerResizes resizes,
                  ServerSnapshots snapshots, ServerRebuilds rebuilds, ServerSecurityGroups securityGroups,
                  RemoteConsoles consoles, ServerCrashDumps crashDumps, ConsoleLogs consoleLogs,
                  Consumer<String> wakeReconciler, Clock clock) {
        this.records = records;
        this.creation = creation;
        this.lists = new ServerLists(records.store());
        this.verbs = verbs;
        this.deletes = deletes;
        this.shelves = shelves;
        this.resizes = resizes;
        this.snapshots = snapshots;
        this.rebuilds = rebuilds;
        this.securityGroups = securityGroups;
        this.consoles = consoles;
        this.crashDumps = crashDumps;
        this.consoleLogs = consoleLogs;
        this.wakeReconciler = wakeReconciler;
        this.clock = clock;
    }

    /** {@code POST /servers}: one record per server created ({@link ServerCreation}). */
    public CreatedServer createServer(Caller caller, CreateServerRequest request) {
        return creation.create(caller, request);
    }

    public ServerPage listServers(Caller caller, ServerQuery query) {
        return lists.list(caller, query, records::view);
    }

    public ServerData getServer(Caller caller, String serverId) {
        return records.view(records.visible(caller, serverId));
    }

    public ServerData updateServer(Caller caller, String serverId, UpdateServerRequest request) {
        return records.view(records.updateSpec(caller, serverId, spec -> {
            request.name().ifPresent(spec::setName);
            request.description().ifPresent(d -> spec.setDescription(d.orElse(null)));
            request.accessIPv4().ifPresent(spec::setAccessIPv4);
            request.accessIPv6().map(AccessAddresses::canonical).ifPresent(spec::setAccessIPv6);
            request.hostname().ifPresent(spec::setHostname);
            request.diskConfig().ifPresent(d -> spec.setDiskConfig(d.name()));
        }));
    }

    /** {@code DELETE /servers/{id}}: a delete, or Nova's soft delete when deferred delete is on ({@link ServerDeletes}). */
    public void deleteServer(Caller caller, String serverId) {
        deletes.delete(caller, records.visible(caller, serverId));
    }

    /**
     * A server action: its row's guards, then its intent recorded (or, for a read, what it read). 404 for a server
     * the caller cannot see, 409 in a state the row does not accept, 501 for an action this facade does not perform.
     * The row says what accepting it records ({@link Verb.Intent}); one recorder per kind of intent.
     */
    public ActionResult perform(Caller caller, String serverId, ServerAction action) {
        ServerRecord visible = records.visible(caller, serverId);
        Verb verb = Verbs.of(action);
        return switch (verb.intent()) {
            case Verb.Intent.Power plan -> accepted(() -> verbs.power(caller, visible, action, plan));
            case Verb.Intent.Reboot r -> accepted(() -> verbs.reboot(caller, visible,
                    (ServerAction.Reboot) action));
            case Verb.Intent.Lock lock -> accepted(() -> {
                if (lock.locked()) {
                    verbs.lock(caller, visible, ((ServerAction.Lock) action).reason());
                } else {
                    verbs.unlock(caller, visible);
                }
            });
            case Verb.Intent.Resize r -> accepted(() -> resizes.resize(caller, visible,
                    (ServerAction.Resize) action));
            case Verb.Intent.ConfirmResize c -> accepted(() -> resizes.confirm(caller, visible,
                    (ServerAction.ConfirmResize) action));
            case Verb.Intent.RevertResize r -> accepted(() -> resizes.revert(caller, visible,
                    (ServerAction.RevertResize) action));
            case Verb.Intent.Restore restore -> accepted(() -> deletes.restore(caller, visible,
                    (ServerAction.Restore) action, restore.power()));
            case Verb.Intent.ForceDelete f -> accepted(() -> deletes.forceDelete(caller, visible,
                    (ServerAction.ForceDelete) action));
            case Verb.Intent.Snapshot s -> {
                String imageId = snapshots.snapshot(caller, visible, action);
                yield action instanceof ServerAction.CreateBackup backup
                        ? new ActionResult.BackupCreated(imageId, backup.rotation())
                        : new ActionResult.ImageCreated(imageId);
            }
            case Verb.Intent.Rescue r -> {
                rebuilds.rescue(caller, visible, (ServerAction.Rescue) action);
                yield new ActionResult.Rescued();
            }
            case Verb.Intent.Shelve s -> accepted(() -> snapshots.shelve(caller, visible,
                    (ServerAction.Shelve) action));
            case Verb.Intent.ShelveOffload s -> accepted(() -> shelves.shelveOffload(caller, visible,
                    (ServerAction.ShelveOffload) action));
            case Verb.Intent.Unshelve u -> accepted(() -> shelves.unshelve(caller, visible,
                    (ServerAction.Unshelve) action));
            case Verb.Intent.Rebuild r -> new ActionResult.Rebuilt(records.view(rebuilds.rebuild(caller, visible,
                    (ServerAction.Rebuild) action)));
            case Verb.Intent.ResetState r -> accepted(() -> verbs.resetState(caller, visible,
                    (ServerAction.ResetState) action));
            case Verb.Intent.CrashDump c -> accepted(() -> crashDumps.trigger(caller, visible,
                    (ServerAction.TriggerCrashDump) action));
            case Verb.Intent.SecurityGroup g -> accepted(() -> {
                if (action instanceof ServerAction.AddSecurityGroup add) {
                    securityGroups.add(caller, visible, add.group());
                } else {
                    securityGroups.remove(caller, visible, ((ServerAction.RemoveSecurityGroup) action).group());
                }
            });
            case Verb.Intent.ReadLog r -> new ActionResult.Output(consoleOutput(visible,
                    ((ServerAction.ConsoleOutput) action).length()));
            case Verb.Intent.ReadConsole r -> {
                ServerAction.LegacyConsole console = (ServerAction.LegacyConsole) action;
                yield new ActionResult.Console(consoles.open(visible, console.protocol(), console.type()));
            }
            case Verb.Intent.NotImplemented n -> throw n.fault(verb.key());
        };
    }

    private static ActionResult accepted(Runnable record) {
        record.run();
        return new ActionResult.Accepted();
    }

    private String consoleOutput(ServerRecord record, Optional<Integer> length) {
        String serverId = record.getMetadata().getName();
        ServerSpec spec = record.getSpec();
        VclusterNames names = new VclusterNames(serverId, spec.getRelease(), spec.getHostNamespace());
        // a rescued server's log is its rescue pod's (Nova shows the rescue image's console)
        return (ServerStates.RESCUED.equals(ServerViews.vmState(record)) ? consoleLogs.readRescue(names, length)
                : consoleLogs.read(names, length))
                // Nova's InstanceNotReady: a vcluster's log lives and dies with its control-plane pod
                .orElseThrow(() -> ApiException.conflict("Instance " + serverId + " is not ready"));
    }

    /** The live server's instance actions. */
    public List<InstanceActionData> listInstanceActions(Caller caller, String serverId, InstanceActionQuery query) {
        return listInstanceActions(caller, serverId, query, false);
    }

    /** One of the live server's instance actions. */
    public InstanceActionData getInstanceAction(Caller caller, String serverId, String requestId) {
        return instanceAction(caller, serverId, requestId, false).action();
    }

    /**
     * The server's instance actions; with {@code orDeleted} (Nova from 2.21) also those of a deleted server, while it
     * is kept ({@code OVC_DELETED_SERVER_RETENTION}).
     */
    public List<InstanceActionData> listInstanceActions(Caller caller, String serverId, InstanceActionQuery query,
                                                        boolean orDeleted) {
        return InstanceActions.list(records.history(caller, serverId, orDeleted), query);
    }

    /** One instance action, as {@link #listInstanceActions}; with the server's {@code hostId} for its events. */
    public HostedAction instanceAction(Caller caller, String serverId, String requestId, boolean orDeleted) {
        ServerHistory history = records.history(caller, serverId, orDeleted);
        return new HostedAction(InstanceActions.get(history, requestId), history.hostId(), history.host());
    }

    /** An instance action, the {@code hostId} of its server and the host cluster its events ran on. */
    public record HostedAction(InstanceActionData action, String hostId, String host) {
    }

    /**
     * The bundle of a finished {@code trigger_crash_dump} of the server (this facade's own read, not Nova's API); 404
     * for a server the caller cannot see or a request that is not one.
     */
    public byte[] crashDump(Caller caller, String serverId, String requestId) {
        return crashDumps.bundle(records.visible(caller, serverId), requestId);
    }

    /**
     * Nova's instance usage audit log of the last month completed before {@code before} (now when empty; admins: 403 otherwise,
     * with the rule {@code policy} names).
     */
    public UsageAudit usageAudit(Caller caller, Supplier<Optional<Instant>> before, String policy) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + policy + " to be performed.");
        }
        // the time is read after the policy check, as Nova parses it after its own
        return UsageAudit.of(records.store(), before.get().orElseGet(clock::instant));
    }

    /**
     * Nova's {@code os-simple-tenant-usage} ({@link TenantUsages}): every project's usage (admins; 403 otherwise) or,
     * with {@code projectId}, that project's (admins and its own callers). The query is read after the policy check,
     * as Nova parses it after its own.
     */
    public UsagePage tenantUsage(Caller caller, Optional<String> projectId, Supplier<UsageQuery> query) {
        TenantUsages.authorize(caller, projectId);
        return TenantUsages.of(records.store(), projectId, query.get(), clock.instant());
    }

    /** {@link #perform} of an action whose result is only its acceptance. */
    public void performAction(Caller caller, String serverId, ServerAction action) {
        perform(caller, serverId, action);
    }

    /**
     * {@code createImage}: the row's guards, then a new private image ({@code queued}, listed at once) and vcluster's
     * snapshot request, carried out by the reconciler. Returns the new image's id (Nova's 202).
     */
    public String createImage(Caller caller, String serverId, ServerAction.CreateImage action) {
        return ((ActionResult.ImageCreated) perform(caller, serverId, action)).imageId();
    }

    /**
     * {@code createBackup}: as {@link #createImage}, the image marked as a backup of its type; once it is active the
     * server's older backups of that type beyond {@code rotation} are deleted. Returns the new image's id (202).
     */
    public String createBackup(Caller caller, String serverId, ServerAction.CreateBackup action) {
        return ((ActionResult.BackupCreated) perform(caller, serverId, action)).imageId();
    }

    /**
     * {@code rebuild}: from a snapshot image, vcluster's restore into the server; from a base image, an upgrade to its
     * Kubernetes version (same distro, same or next minor; 400 otherwise). Returns the server as recorded (202).
     */
    public ServerData rebuildServer(Caller caller, String serverId, ServerAction.Rebuild action) {
        return ((ActionResult.Rebuilt) perform(caller, serverId, action)).server();
    }

    /**
     * {@code os-getConsoleOutput}: the tail of the control-plane pod's log ({@code length} lines, Nova's counting;
     * empty for the whole log). 409 when no control plane runs (stopped, paused, suspended, building).
     */
    public String consoleOutput(Caller caller, String serverId, Optional<Integer> length) {
        return ((ActionResult.Output) perform(caller, serverId, new ServerAction.ConsoleOutput(length))).text();
    }
}
