package io.openvcluster.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC against the Kubernetes calls the facade really makes ({@link RecordedFacadeRun}): complete (every
 * call allowed where it is made), least-privilege (no grant without a use, nothing cluster-wide that lives in the
 * release namespace, no wildcard), and able to create the Role each vcluster gets.
 */
class ChartRbacIT {
    /**
     * Calls the sandbox spares the facade: it keeps a simulated control-plane log on the pod (the mock has no pod logs),
     * so {@code ConsoleLogs} reads {@code pods/log} only on a real cluster.
     */
    private static final Set<ApiCall> REAL_CLUSTER_ONLY = Set.of(
            new ApiCall("", "pods/log", "get", Optional.of("vcluster-any")));

    private static RecordedFacadeRun.Result run;
    private static ChartRbac rbac;

    @BeforeAll
    static void recordAndRender() {
        run = RecordedFacadeRun.result();
        RenderedChart chart = RenderedChart.withDefaults();
        String serviceAccount = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName();
        rbac = ChartRbac.of(chart, serviceAccount);
    }

    @Test
    void everyCallTheFacadeMakesIsAllowedWhereItMakesIt() {
        Set<String> refused = Stream.of(run.calls(), REAL_CLUSTER_ONLY, conditional(run.calls())).flatMap(Set::stream)
                .filter(call -> !rbac.allows(call)).map(ApiCall::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(refused.isEmpty(), "the chart's RBAC refuses calls the facade makes "
                + "(grant them in templates/rbac.yaml): " + refused);
        // the run really covered a server's life: records, host objects, leader election, power verbs, revocations
        Set<String> seen = RecordedFacadeRun.describe(run.calls());
        assertTrue(seen.stream().anyMatch(c -> c.startsWith("create apps/statefulsets in vcluster-")), seen.toString());
        assertTrue(seen.contains("delete core/namespaces (cluster-wide)"), seen.toString());
        assertTrue(seen.contains("create coordination.k8s.io/leases in " + RenderedChart.NAMESPACE), seen.toString());
        assertTrue(seen.contains("update compute.openvcluster.io/servers/status in " + RenderedChart.NAMESPACE));
        assertTrue(seen.stream().anyMatch(c -> c.startsWith("update apps/statefulsets in vcluster-")),
                "stop scales the control plane to 0: " + seen);
        assertTrue(seen.contains("create core/configmaps in " + RenderedChart.NAMESPACE), seen.toString());
    }

    @Test
    void theFacadeHoldsEveryPermissionItGivesAVcluster() {
        // Kubernetes refuses to create a Role granting more than its creator holds (RBAC escalation check).
        Set<Grant> given = Grant.of(run.vclusterRoleRules());
        assertFalse(given.isEmpty(), "the run created no vcluster Role");
        Set<Grant> missing = new TreeSet<>(java.util.Comparator.comparing(Grant::toString));
        given.stream().filter(g -> !rbac.clusterWide().contains(g)).forEach(missing::add);
        assertTrue(missing.isEmpty(), "the facade could not create a vcluster's Role without: " + missing);
    }

    @Test
    void everyGrantHasAUse() {
        Set<Grant> used = new HashSet<>();
        Stream.of(run.calls(), REAL_CLUSTER_ONLY, conditional(run.calls())).flatMap(Set::stream)
                .forEach(call -> used.add(Grant.of(call)));
        used.addAll(Grant.of(run.vclusterRoleRules()));

        Set<String> unused = new TreeSet<>();
        rbac.clusterWide().stream().filter(g -> !used.contains(g)).forEach(g -> unused.add("cluster-wide " + g));
        rbac.inReleaseNamespace().stream().filter(g -> !used.contains(g)).forEach(g -> unused.add("namespaced " + g));
        assertTrue(unused.isEmpty(), "grants nothing uses (least privilege: remove them from templates/rbac.yaml): "
                + unused);
    }

    /**
     * Calls the code makes only when something happens that a run may or may not meet, derived from the calls it did
     * make, so that neither test depends on a race.
     */
    private static Set<ApiCall> conditional(Set<ApiCall> calls) {
        Set<ApiCall> implied = new HashSet<>();
        for (ApiCall call : calls) {
            // ManifestProvisioner updates any object it created once it drifts from what the chart renders.
            if (call.verb().equals("create") && call.namespace().filter(n -> n.startsWith("vcluster-")).isPresent()) {
                implied.add(new ApiCall(call.apiGroup(), call.resource(), "update", call.namespace()));
            }
            // RecordWriter reads a record again from the API when its update lost a race (409).
            if (call.verb().equals("update") && call.apiGroup().equals("compute.openvcluster.io")
                    && !call.resource().contains("/")) {
                implied.add(new ApiCall(call.apiGroup(), call.resource(), "get", call.namespace()));
            }
        }
        return implied;
    }

    @Test
    void whatLivesInTheReleaseNamespaceIsNotGrantedClusterWide() {
        Map<String, Set<String>> wrong = new HashMap<>();
        for (Grant grant : rbac.clusterWide()) {
            if (grant.apiGroup().equals("compute.openvcluster.io") || grant.resource().equals("leases")) {
                wrong.computeIfAbsent(grant.resource(), k -> new TreeSet<>()).add(grant.verb());
            }
            assertFalse(grant.resource().contains("*") || grant.verb().equals("*") || grant.apiGroup().equals("*"),
                    "wildcard grant " + grant);
        }
        assertEquals(Map.of(), wrong);
        assertTrue(rbac.inReleaseNamespace().contains(new Grant("compute.openvcluster.io", "servers", "watch")));
        assertFalse(rbac.clusterWide().contains(new Grant("apiextensions.k8s.io", "customresourcedefinitions", "create")),
                "the chart installs the CRDs; the facade needs no right on them by default");
    }
}
