package io.openvcluster.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openvcluster.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code POST /v3/auth/tokens} body: the password or token method, and an optional
 * project scope by id or by name within a domain. Structural problems are 400, as in Keystone.
 */
record KeystoneAuthRequest(List<String> methods, Optional<PasswordUser> password, Optional<String> token,
                           Optional<ProjectScope> scope) {

    /** The password method's user: by id, or by name within a domain (name or id). */
    record PasswordUser(Optional<String> id, Optional<String> name, Optional<String> domain, String password) {
    }

    /** A project scope: by id, or by name within a domain (name or id). */
    record ProjectScope(Optional<String> id, Optional<String> name, Optional<String> domain) {
    }

    static KeystoneAuthRequest parse(ObjectNode body) {
        JsonNode auth = body.path("auth");
        JsonNode identity = auth.path("identity");
        if (!identity.isObject()) {
            throw ApiException.badRequest("Expecting to find identity in auth. The server could not comply with "
                    + "the request since it is either malformed or otherwise incorrect.");
        }
        JsonNode methodsNode = identity.path("methods");
        if (!methodsNode.isArray() || methodsNode.isEmpty()) {
            throw ApiException.badRequest("Expecting to find methods in identity.");
        }
        List<String> methods = new ArrayList<>();
        for (JsonNode m : methodsNode) {
            if (!m.isTextual()) {
                throw ApiException.badRequest("Invalid input for field 'identity/methods': each must be a string.");
            }
            methods.add(m.asText());
        }
        Optional<PasswordUser> password = methods.contains("password")
                ? Optional.of(passwordUser(identity.path("password").path("user")))
                : Optional.empty();
        Optional<String> token = Optional.empty();
        if (methods.contains("token")) {
            JsonNode id = identity.path("token").path("id");
            if (!id.isTextual()) {
                throw ApiException.badRequest("Expecting to find id in token.");
            }
            token = Optional.of(id.asText());
        }
        return new KeystoneAuthRequest(methods, password, token, scope(auth.path("scope")));
    }

    private static PasswordUser passwordUser(JsonNode user) {
        if (!user.isObject()) {
            throw ApiException.badRequest("Expecting to find user in password.");
        }
        JsonNode secret = user.path("password");
        if (!secret.isTextual()) {
            throw ApiException.badRequest("Expecting to find password in user.");
        }
        Optional<String> id = text(user, "id");
        Optional<String> name = text(user, "name");
        if (id.isEmpty() && name.isEmpty()) {
            throw ApiException.badRequest("Expecting to find id or name in user.");
        }
        Optional<String> domain = domain(user);
        if (id.isEmpty() && domain.isEmpty()) {
            throw ApiException.badRequest("Expecting to find domain in user.");
        }
        return new PasswordUser(id, name, domain, secret.asText());
    }

    private static Optional<ProjectScope> scope(JsonNode scope) {
        if (scope.isMissingNode() || scope.isNull() || (scope.isTextual() && scope.asText().equals("unscoped"))) {
            return Optional.empty();
        }
        JsonNode project = scope.path("project");
        if (!project.isObject()) {
            // domain and system scopes have no meaning here: there is no domain administration
            throw new UnauthenticatedException();
        }
        Optional<String> id = text(project, "id");
        Optional<String> name = text(project, "name");
        Optional<String> domain = domain(project);
        if (id.isEmpty() && (name.isEmpty() || domain.isEmpty())) {
            throw ApiException.badRequest("Expecting to find id, or name and domain, in project.");
        }
        return Optional.of(new ProjectScope(id, name, domain));
    }

    /** The domain of a user or project, by id or name. */
    private static Optional<String> domain(JsonNode owner) {
        JsonNode domain = owner.path("domain");
        return text(domain, "id").or(() -> text(domain, "name"));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
