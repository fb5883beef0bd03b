package io.openvcluster.api.schema;

import com.google.re2j.Pattern;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The schemas' {@code pattern} keywords on RE2/J instead of {@code java.util.regex}: the patterns are ours, but the
 * text they match is the client's, up to the 1 MiB a body may hold, and a backtracking engine can take time
 * polynomial or exponential in it ({@code ^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$} is cubic in a long run of letters
 * that ends in a dash). RE2/J is linear. It takes no lookarounds, so the schemas spell "no space at either end" with
 * classes instead. JSON Schema's {@code pattern} is unanchored ({@code find}), and RE2's {@code $} matches at the very
 * end only, as ECMAScript's does.
 */
final class LinearPatterns implements RegularExpressionFactory {
    static final LinearPatterns INSTANCE = new LinearPatterns();

    private LinearPatterns() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return value -> pattern.matcher(value).find();
    }
}
