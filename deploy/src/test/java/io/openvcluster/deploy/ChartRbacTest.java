package io.openvcluster.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC against the Kubernetes calls the facade really makes ({@link RecordedFacadeRun}): complete (every
 * call allowed where it is made), least-privilege (no grant without a use, nothing cluster-wide that lives in the
 * release namespace, no wildcard), and able to create the Role each vcluster gets.
 */
class ChartRbacTest {
    /** Release-namespace grants the compute scenario does not reach, each with the code that needs it. */
    private static final Map<Grant, String> USED_OUTSIDE_THE_SCENARIO = Map.of(
            new Grant("", "configmaps", "get"), "token revocations (kube/KubeRevocationList)",
            new Grant("", "configmaps", "list"), "token revocations informer",
            new Grant("", "configmaps", "watch"), "token revocations informer",
            new Grant("", "configmaps", "create"), "token revocations: first revocation",
            new Grant("", "configmaps", "update"), "token revocations: later revocations");

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
        Set<String> refused = run.calls().stream().filter(call -> !rbac.allows(call)).map(ApiCall::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(refused.isEmpty(), "the chart's RBAC refuses calls the facade makes "
                + "(grant them in templates/rbac.yaml): " + refused);
        // the run really covered a server's life: records, host objects, leader election
        Set<String> seen = RecordedFacadeRun.describe(run.calls());
        assertTrue(seen.stream().anyMatch(c -> c.startsWith("create apps/statefulsets in vcluster-")), seen.toString());
        assertTrue(seen.contains("delete core/namespaces (cluster-wide)"), seen.toString());
        assertTrue(seen.contains("create coordination.k8s.io/leases in " + RenderedChart.NAMESPACE), seen.toString());
        assertTrue(seen.contains("update compute.openvcluster.io/servers/status in " + RenderedChart.NAMESPACE));
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
        run.calls().forEach(call -> used.add(Grant.of(call)));
        // ManifestProvisioner updates any object it creates once it drifts from what the chart renders.
        run.calls().stream().filter(c -> c.verb().equals("create") && c.namespace().filter(n -> n.startsWith("vcluster-")).isPresent())
                .forEach(c -> used.add(new Grant(c.apiGroup(), c.resource(), "update")));
        used.addAll(Grant.of(run.vclusterRoleRules()));
        used.addAll(USED_OUTSIDE_THE_SCENARIO.keySet());

        Set<String> unused = new TreeSet<>();
        rbac.clusterWide().stream().filter(g -> !used.contains(g)).forEach(g -> unused.add("cluster-wide " + g));
        rbac.inReleaseNamespace().stream().filter(g -> !used.contains(g)).forEach(g -> unused.add("namespaced " + g));
        assertTrue(unused.isEmpty(), "grants nothing uses (least privilege: remove them from templates/rbac.yaml): "
                + unused);
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
