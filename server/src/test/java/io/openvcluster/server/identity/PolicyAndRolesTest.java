package io.openvcluster.server.identity;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyAndRolesTest {
    @Test
    void keystoneImpliedRolesAreAddedAndOtherRealmRolesIgnored() {
        assertThat(KeycloakIdentityProvider.novaRoles(List.of("admin", "offline_access")),
                is(Set.of("admin", "member", "reader")));
        assertThat(KeycloakIdentityProvider.novaRoles(List.of("member", "default-roles-x")),
                is(Set.of("member", "reader")));
        assertThat(KeycloakIdentityProvider.novaRoles(List.of("reader")), is(Set.of("reader")));
        assertThat(KeycloakIdentityProvider.novaRoles(List.of("uma_authorization")), is(Set.of()));
    }
}
