package io.openvcluster.server.identity;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxIdentityProviderTest {
    private final SandboxIdentityProvider identity = new SandboxIdentityProvider("s3cret");

    @Test
    void idsAreStable32HexStrings() {
        var demo = identity.authenticateByName("demo", "default", "s3cret").orElseThrow();
        assertThat(demo.id().matches("[0-9a-f]{32}"), is(true));
        assertThat(new SandboxIdentityProvider("other").findUser(demo.id()).orElseThrow().name(), is("demo"));
    }

    @Test
    void passwordAndDomainMustMatch() {
        assertThat(identity.authenticateByName("demo", "Default", "wrong").isPresent(), is(false));
        assertThat(identity.authenticateByName("demo", "elsewhere", "s3cret").isPresent(), is(false));
        assertThat(identity.authenticateByName("ghost", "Default", "s3cret").isPresent(), is(false));
        String adminId = StableIds.of("user", "admin");
        assertThat(identity.authenticateById(adminId, "s3cret").orElseThrow().name(), is("admin"));
        assertThat(identity.authenticateById(adminId, "s3cre").isPresent(), is(false));
    }

    @Test
    void rolesPerProject() {
        String admin = StableIds.of("user", "admin");
        String demo = StableIds.of("user", "demo");
        String adminProject = StableIds.of("project", "admin");
        assertThat(identity.rolesOn(admin, adminProject), is(Set.of("admin", "member", "reader")));
        assertThat(identity.rolesOn(demo, StableIds.of("project", "demo")), is(Set.of("member", "reader")));
        assertThat(identity.rolesOn(demo, adminProject), is(Set.of()));
        assertThat(identity.projectsOf(StableIds.of("user", "alt_demo")).stream().map(p -> p.name()).toList(),
                is(List.of("alt_demo")));
    }
}
