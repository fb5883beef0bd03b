package io.openvcluster.server.compute;

import java.util.Optional;

/**
 * A validated {@code POST /os-keypairs} body: the name is checked against the microversion's rules by the HTTP
 * layer; without a public key one is generated (allowed only before 2.92, also checked there).
 *
 * @param userId another user's id, given by an admin (2.10)
 */
public record NewKeyPair(String name, String type, Optional<String> publicKey, Optional<String> userId) {
}
