package io.openvcluster.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** One permission: a verb on a resource of an API group, as RBAC rules grant them (one rule grants many). */
record Grant(String apiGroup, String resource, String verb) {

    static Grant of(ApiCall call) {
        return new Grant(call.apiGroup(), call.resource(), call.verb());
    }

    /** Every grant in the rules. Wildcards are expanded to a literal "*", which no test accepts. */
    static Set<Grant> of(Collection<PolicyRule> rules) {
        return rules.stream().flatMap(rule -> rule.getApiGroups().stream().flatMap(group -> rule.getResources()
                        .stream().flatMap(resource -> rule.getVerbs().stream()
                                .map(verb -> new Grant(group, resource, verb)))))
                .collect(Collectors.toSet());
    }

    @Override
    public String toString() {
        return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource;
    }
}
