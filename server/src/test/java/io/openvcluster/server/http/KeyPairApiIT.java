package io.openvcluster.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.openvcluster.server.http.Api.Reply;
import io.openvcluster.server.identity.StableIds;
import io.openvcluster.server.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** os-keypairs over HTTP, and key_name at server create, on the real domain and the sandbox cluster. */
@ServerTest
class KeyPairApiIT extends SandboxApiTest {
    private static final String SAMPLE_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDx8nkQv/zgGgB4rMYmIf+6A4l6Rr+o/6lHBQ"
            + "dW5aYd44bd8JttDCE/F/pNRr0lRE+PiqSPO8nDPHw0010JeMH9gYgnnFlyY3/OcJ02RhIPyyxYpv9FhY+2YiUkpwFOcLImyrxEsYXpD/"
            + "0d3ac30bNH6Sw9JD9UZHYcpSxsIbECHw== Generated-by-Nova";
    private static final String SAMPLE_FINGERPRINT = "1e:2c:9b:56:79:4b:45:77:f9:ca:7a:98:2c:b0:d5:3c";
    KeyPairApiIT(Http1Client client) {
        super(client);
    }

    private static String importBody(String name) {
        return "{\"keypair\": {\"name\": \"" + name + "\", \"public_key\": \"" + SAMPLE_KEY + "\"}}";
    }

    @Test
    void importListShowDeleteAtTwoPointTen() {
        Api demo = api.as("demo").mv("2.10");
        Reply created = demo.call(Method.POST, "/compute/v2.1/os-keypairs", importBody("imported"));
        assertThat(created.text(), created.status(), is(201));
        assertThat(created.body().at("/keypair/fingerprint").asText(), is(SAMPLE_FINGERPRINT));
        assertThat(created.body().at("/keypair/type").asText(), is("ssh"));
        assertThat(created.body().at("/keypair/user_id").asText(), is(StableIds.of("user", "demo")));
        assertThat(created.body().get("keypair").has("private_key"), is(false));

        Reply list = demo.get("/compute/v2.1/os-keypairs");
        assertThat(list.status(), is(200));
        JsonNode item = named(list.body().get("keypairs"), "imported");
        assertThat(item.get("public_key").asText(), is(SAMPLE_KEY));
        assertThat(item.get("fingerprint").asText(), is(SAMPLE_FINGERPRINT));
        // another user does not see it
        assertThat(named(api.as("alt_demo").get("/compute/v2.1/os-keypairs").body().get("keypairs"), "imported")
                .isMissingNode(), is(true));

        Reply show = demo.get("/compute/v2.1/os-keypairs/imported");
        assertThat(show.status(), is(200));
        assertThat(show.body().at("/keypair/deleted").asBoolean(), is(false));
        assertThat(show.body().at("/keypair/deleted_at").isNull(), is(true));
        assertThat(show.body().at("/keypair/id").asLong() > 0, is(true));
        assertThat(show.body().at("/keypair/created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}"),
                is(true));

        Reply duplicate = demo.call(Method.POST, "/compute/v2.1/os-keypairs", importBody("imported"));
        assertThat(duplicate.status(), is(409));
        assertThat(duplicate.body().at("/conflictingRequest/message").asText(), is("Key pair 'imported' already exists."));

        assertThat(demo.call(Method.DELETE, "/compute/v2.1/os-keypairs/imported", null).status(), is(204));
        Reply gone = demo.get("/compute/v2.1/os-keypairs/imported");
        assertThat(gone.status(), is(404));
        assertThat(gone.body().at("/itemNotFound/message").asText(),
                is("Keypair imported not found for user " + StableIds.of("user", "demo")));
    }

    @Test
    void aNameThatDoesNotDecodeIsNotFound() {
        Api demo = api.as("demo").mv("2.10");
        for (Method method : new Method[] {Method.GET, Method.DELETE}) {
            Reply reply = demo.call(method, "/compute/v2.1/os-keypairs/%25", null);
            assertThat(reply.text(), reply.status(), is(404));
            assertThat(reply.body().at("/itemNotFound/message").asText(),
                    is("Keypair % not found for user " + StableIds.of("user", "demo")));
        }
    }

    @Test
    void generatedBefore292WithPrivateKeyAndStatusCodesOf21() {
        Api demo = api.as("demo");
        Reply created = demo.call(Method.POST, "/compute/v2.1/os-keypairs", "{\"keypair\": {\"name\": \"gen one\"}}");
        assertThat(created.text(), created.status(), is(200));
        assertThat(created.body().at("/keypair/private_key").asText(), startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertThat(created.body().at("/keypair/public_key").asText(), startsWith("ssh-rsa "));
        assertThat(created.body().get("keypair").has("type"), is(false));
        // the private key is never stored nor shown again
        Reply show = demo.get("/compute/v2.1/os-keypairs/gen%20one");
        assertThat(show.text(), show.status(), is(200));
        assertThat(show.body().get("keypair").has("private_key"), is(false));
        assertThat(demo.call(Method.DELETE, "/compute/v2.1/os-keypairs/gen%20one", null).status(), is(202));

        Reply at292 = demo.mv("2.92").call(Method.POST, "/compute/v2.1/os-keypairs",
                "{\"keypair\": {\"name\": \"gen-two\"}}");
        assertThat(at292.status(), is(400));
        assertThat(at292.body().at("/badRequest/message").asText(),
                is("Invalid input for field/attribute keypair. 'public_key' is a required property"));
    }

    /** Nova generates a client certificate for an x509 key pair without a public key, from 2.2 until 2.92. */
    @Test
    void anX509KeyPairIsGeneratedAsACertificateAndItsKey() {
        Api demo = api.as("demo").mv("2.2");
        Reply created = demo.call(Method.POST, "/compute/v2.1/os-keypairs",
                "{\"keypair\": {\"name\": \"winrm\", \"type\": \"x509\"}}");
        assertThat(created.text(), created.status(), is(201));
        assertThat(created.body().at("/keypair/type").asText(), is("x509"));
        assertThat(created.body().at("/keypair/public_key").asText(), startsWith("-----BEGIN CERTIFICATE-----"));
        assertThat(created.body().at("/keypair/private_key").asText(), startsWith("-----BEGIN PRIVATE KEY-----"));
        // the fingerprint is the certificate's SHA-1 (20 bytes), as Nova's; the same one shows later
        String fingerprint = created.body().at("/keypair/fingerprint").asText();
        assertThat(fingerprint.split(":").length, is(20));
        Reply show = demo.get("/compute/v2.1/os-keypairs/winrm");
        assertThat(show.body().at("/keypair/fingerprint").asText(), is(fingerprint));
        assertThat(show.body().get("keypair").has("private_key"), is(false));
        assertThat(demo.call(Method.DELETE, "/compute/v2.1/os-keypairs/winrm", null).status(), is(204));
    }

    @Test
    void namesFollowTheMicroversionsRules() {
        Api demo = api.as("demo");
        Reply dotted = demo.mv("2.91").call(Method.POST, "/compute/v2.1/os-keypairs", importBody("me@host.example"));
        assertThat(dotted.status(), is(400));
        assertThat(dotted.body().at("/badRequest/message").asText(),
                is("Keypair data is invalid: Keypair name contains unsafe characters"));
        assertThat(demo.mv("2.92").call(Method.POST, "/compute/v2.1/os-keypairs", importBody("me@host.example"))
                .status(), is(201));
        assertThat(demo.call(Method.POST, "/compute/v2.1/os-keypairs", importBody("")).status(), is(400));
        assertThat(demo.call(Method.POST, "/compute/v2.1/os-keypairs", importBody("x".repeat(256))).status(), is(400));
        assertThat(demo.call(Method.POST, "/compute/v2.1/os-keypairs",
                "{\"keypair\": {\"name\": \"bad-key\", \"public_key\": \"ssh-rsa garbage\"}}").status(), is(400));
        // type before 2.2 is an unexpected property
        assertThat(demo.call(Method.POST, "/compute/v2.1/os-keypairs",
                "{\"keypair\": {\"name\": \"t\", \"type\": \"ssh\"}}").status(), is(400));
        // user_id: another user's key pairs are for admins only
        Reply foreign = demo.mv("2.10").get("/compute/v2.1/os-keypairs?user_id=" + StableIds.of("user", "alt_demo"));
        assertThat(foreign.status(), is(403));
        assertThat(foreign.body().at("/forbidden/message").asText(),
                is("Policy doesn't allow os_compute_api:os-keypairs:index to be performed."));
    }

    @Test
    void adminCreatesForAnotherUserAndListsArePaged() {
        String alt = StableIds.of("user", "alt_demo");
        Api admin = api.as("admin").mv("2.35");
        for (String name : new String[] {"page-a", "page-b", "page-c"}) {
            Reply r = admin.call(Method.POST, "/compute/v2.1/os-keypairs",
                    "{\"keypair\": {\"name\": \"" + name + "\", \"user_id\": \"" + alt + "\", \"public_key\": \""
                            + SAMPLE_KEY + "\"}}");
            assertThat(r.text(), r.status(), is(201));
            assertThat(r.body().at("/keypair/user_id").asText(), is(alt));
        }
        Reply page = admin.get("/compute/v2.1/os-keypairs?user_id=" + alt + "&limit=2");
        assertThat(page.body().at("/keypairs").size(), is(2));
        assertThat(page.body().at("/keypairs/1/keypair/name").asText(), is("page-b"));
        assertThat(page.body().at("/keypairs_links/0/href").asText().contains("marker=page-b"), is(true));
        Reply rest = admin.get("/compute/v2.1/os-keypairs?user_id=" + alt + "&limit=2&marker=page-b");
        assertThat(rest.body().at("/keypairs").size(), is(1));
        assertThat(rest.body().at("/keypairs/0/keypair/name").asText(), is("page-c"));
        assertThat(rest.body().has("keypairs_links"), is(false));
        assertThat(api.as("alt_demo").get("/compute/v2.1/os-keypairs").body().at("/keypairs").size() >= 3, is(true));
    }

    /** The {@code keypair} of the list item with that name, or a missing node. */
    private static JsonNode named(JsonNode items, String name) {
        for (JsonNode item : items) {
            if (item.at("/keypair/name").asText().equals(name)) {
                return item.get("keypair");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void keyNameAtCreateMustBeAnExistingKeyPair() {
        Api demo = api.as("demo");
        String create = "{\"server\": {\"name\": \"keyed\", \"imageRef\": \"" + Fixtures.IMAGE
                + "\", \"flavorRef\": \"1\", \"key_name\": \"%s\"}}";
        Reply missing = demo.call(Method.POST, "/compute/v2.1/servers", create.formatted("no-such-key"));
        assertThat(missing.status(), is(400));
        assertThat(missing.body().at("/badRequest/message").asText(), is("Invalid key_name provided."));
        demo.call(Method.POST, "/compute/v2.1/os-keypairs", importBody("for-server"));
        Reply ok = demo.call(Method.POST, "/compute/v2.1/servers", create.formatted("for-server"));
        assertThat(ok.text(), ok.status(), is(202));
        Reply shown = demo.get("/compute/v2.1/servers/" + ok.body().at("/server/id").asText());
        assertThat(shown.body().at("/server/key_name").asText(), is("for-server"));
    }
}
