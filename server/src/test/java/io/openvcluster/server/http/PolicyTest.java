package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.http.Method;
import io.openvcluster.api.ApiException;
import io.openvcluster.server.identity.Caller;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static Caller with(String... roles) {
        return new Caller("req-1", "u", "user", "p", "project", Set.of(roles));
    }

    @Test
    void readerIsRefusedEveryWriteWithNovaOrGlanceWording() {
        ApiException nova = assertThrows(ApiException.class,
                () -> Policy.checkWrite(with("reader"), Method.POST, "/compute/v2.1/servers/abc/action"));
        assertThat(nova.status(), is(403));
        assertThat(nova.getMessage(), is("Policy doesn't allow os_compute_api:servers:action to be performed."));
        ApiException glance = assertThrows(ApiException.class,
                () -> Policy.checkWrite(with("reader"), Method.DELETE, "/image/v2/images/abc"));
        assertThat(glance.getMessage(), is("You are not authorized to complete delete_image action."));
        assertThrows(ApiException.class,
                () -> Policy.checkWrite(with(), Method.PUT, "/compute/v2.1/servers/abc"));
        ApiException clear = assertThrows(ApiException.class, () -> Policy.checkWrite(with("reader"), Method.DELETE,
                "/compute/v2.1/servers/abc/os-server-password"));
        assertThat(clear.getMessage(), is("Policy doesn't allow os_compute_api:os-server-password:clear to be performed."));
        assertDoesNotThrow(() -> Policy.checkWrite(with("reader"), Method.GET,
                "/compute/v2.1/servers/abc/os-server-password"));
    }

    @Test
    void readsAreOpenToReadersAndWritesToMembersAndAdmins() {
        assertDoesNotThrow(() -> Policy.checkWrite(with("reader"), Method.GET, "/compute/v2.1/servers"));
        assertDoesNotThrow(() -> Policy.checkWrite(with("reader"), Method.HEAD, "/image/v2/images"));
        assertDoesNotThrow(() -> Policy.checkWrite(with("member", "reader"), Method.POST, "/compute/v2.1/servers"));
        assertDoesNotThrow(() -> Policy.checkWrite(with("admin"), Method.DELETE, "/compute/v2.1/flavors/1"));
    }

    @Test
    void ruleNamesFollowNovasShape() {
        assertThat(Policy.rule(Method.POST, "/compute/v2.1/servers"), is("os_compute_api:servers:create"));
        assertThat(Policy.rule(Method.DELETE, "/compute/v2.1/servers/x"), is("os_compute_api:servers:delete"));
        assertThat(Policy.rule(Method.PUT, "/compute/v2.1/servers/x/metadata"), is("os_compute_api:servers:update"));
        assertThat(Policy.rule(Method.POST, "/image/v2/images"), is("create_image"));
        assertThat(Policy.rule(Method.GET, "/compute/v2.1/servers/x/os-server-password"),
                is("os_compute_api:os-server-password:show"));
        assertThat(Policy.rule(Method.DELETE, "/compute/v2.1/servers/x/os-server-password"),
                is("os_compute_api:os-server-password:clear"));
    }
}
