package io.openvcluster.server.compute;

import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import io.openvcluster.server.kube.crd.FlavorSnapshot;
import io.openvcluster.server.kube.crd.PassFailure;
import io.openvcluster.server.kube.crd.Records;
import io.openvcluster.server.kube.crd.ServerRecord;
import io.openvcluster.server.kube.crd.ServerSpec;
import io.openvcluster.server.kube.crd.ShownState;
import io.openvcluster.server.kube.host.HostDiagnostics;
import io.openvcluster.translator.NovaStates;
import io.openvcluster.translator.VclusterNames;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Nova's server diagnostics ({@code GET /servers/{id}/diagnostics}, admins), answered from the host cluster: Nova's
 * guards in Nova's order (a server the caller cannot see is a 404, a caller who is not an admin a 403, a server whose
 * power state is not running a 409, as Nova's compute manager refuses), then {@link HostDiagnostics}'s live read and
 * the last failed reconcile pass the record keeps. docs/verbs.md, "Diagnostics", says what each field means here.
 */
public final class ServerDiagnostics {
    static final String POLICY = "os_compute_api:os-server-diagnostics";
    private static final Map<Integer, String> POWER_NAMES = Map.of(NovaStates.POWER_NOSTATE, "pending",
            NovaStates.POWER_RUNNING, "running", NovaStates.POWER_PAUSED, "paused",
            NovaStates.POWER_SHUTDOWN, "shutdown", NovaStates.POWER_CRASHED, "crashed",
            NovaStates.POWER_SUSPENDED, "suspended");

    private final ServerRecords records;
    private final HostDiagnostics host;
    private final Clock clock;

    ServerDiagnostics(ServerRecords records, HostDiagnostics host, Clock clock) {
        this.records = records;
        this.host = host;
        this.clock = clock;
    }

    /**
     * What the diagnostics show of one server.
     *
     * @param state the power state's name, Nova's ({@code running})
     */
    public record Diagnosis(String serverId, String namespace, String release, String state, FlavorSnapshot flavor,
                            HostDiagnostics.Report host, Optional<PassFailure> lastPassFailure, Instant read) {
    }

    public Diagnosis of(Caller caller, String serverId) {
        ServerRecord record = records.visible(caller, serverId);
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Policy doesn't allow " + POLICY + " to be performed.");
        }
        int power = ShownState.of(record).powerState();
        String state = POWER_NAMES.getOrDefault(power, "pending");
        if (power != NovaStates.POWER_RUNNING) {
            throw ApiException.conflict("Cannot 'get_diagnostics' instance " + serverId
                    + " while it is in power state " + state);
        }
        ServerSpec spec = record.getSpec();
        VclusterNames names = new VclusterNames(serverId, spec.getRelease(), spec.getHostNamespace());
        return new Diagnosis(serverId, names.namespace(), names.release(), state, spec.getFlavor(), host.read(names),
                Optional.ofNullable(Records.hasStatus(record) ? record.getStatus().getLastPassFailure() : null),
                clock.instant());
    }
}
