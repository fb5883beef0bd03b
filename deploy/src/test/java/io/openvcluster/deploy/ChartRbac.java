package io.openvcluster.deploy;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the rendered chart lets the facade's ServiceAccount do: grants everywhere (ClusterRoles bound by
 * ClusterRoleBindings) and grants in the release namespace only (Roles bound by RoleBindings there).
 */
record ChartRbac(Set<Grant> clusterWide, Set<Grant> inReleaseNamespace) {

    static ChartRbac of(RenderedChart chart, String serviceAccount) {
        Set<Grant> cluster = new HashSet<>();
        for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
            if (bindsTo(binding.getSubjects(), serviceAccount)) {
                cluster.addAll(Grant.of(clusterRole(chart, binding.getRoleRef().getName()).getRules()));
            }
        }
        Set<Grant> local = new HashSet<>();
        for (RoleBinding binding : chart.all(RoleBinding.class)) {
            if (bindsTo(binding.getSubjects(), serviceAccount)
                    && binding.getMetadata().getNamespace().equals(RenderedChart.NAMESPACE)) {
                String name = binding.getRoleRef().getName();
                local.addAll(Grant.of(binding.getRoleRef().getKind().equals("ClusterRole")
                        ? clusterRole(chart, name).getRules()
                        : chart.all(Role.class).stream().filter(r -> r.getMetadata().getName().equals(name))
                                .findFirst().orElseThrow(() -> new AssertionError("no Role " + name)).getRules()));
            }
        }
        return new ChartRbac(Set.copyOf(cluster), Set.copyOf(local));
    }

    /** True when the call is allowed where it happens: the release namespace also has the Role's grants. */
    boolean allows(ApiCall call) {
        Grant grant = Grant.of(call);
        return clusterWide.contains(grant)
                || call.namespace().filter(RenderedChart.NAMESPACE::equals).isPresent() && inReleaseNamespace.contains(grant);
    }

    static ClusterRole clusterRole(RenderedChart chart, String name) {
        return chart.all(ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ClusterRole " + name));
    }

    private static boolean bindsTo(List<Subject> subjects, String serviceAccount) {
        return subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(serviceAccount)
                && RenderedChart.NAMESPACE.equals(s.getNamespace()));
    }
}
