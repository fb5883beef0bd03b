package io.openvcluster.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;

/**
 * Turns one schema violation into Nova's wording:
 * {@code Invalid input for field/attribute name. Value: . '' is too short}. Only the field's own name
 * (the last path segment) is shown, as Nova does; the text never carries a Java class name.
 */
final class ValidationMessages {
    private ValidationMessages() {
    }

    static String describe(Error error) {
        var location = error.getInstanceLocation();
        JsonNode value = error.getInstanceNode();
        String reason = reason(error, value);
        if (location.getNameCount() == 0) {
            return reason;
        }
        Object last = location.getElement(location.getNameCount() - 1);
        return "Invalid input for field/attribute " + last + ". Value: " + plain(value) + ". " + reason;
    }

    private static String reason(Error error, JsonNode value) {
        if (error.isCustomMessage()) {
            return quoted(value) + " is invalid: " + error.getMessage().replaceFirst("^.*?: ", "");
        }
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        JsonNode rule = error.getSchemaNode();
        return switch (keyword) {
            case "required" -> "'" + error.getProperty() + "' is a required property";
            case "additionalProperties" ->
                    "Additional properties are not allowed ('" + error.getProperty() + "' was unexpected)";
            case "minLength" -> quoted(value) + " is too short";
            case "maxLength" -> quoted(value) + " is too long";
            case "minItems" -> quoted(value) + " is too short";
            case "maxItems" -> quoted(value) + " is too long";
            case "minProperties" -> quoted(value) + " does not have enough properties";
            case "maxProperties" -> quoted(value) + " has too many properties";
            case "minimum" -> quoted(value) + " is less than the minimum of " + plain(rule);
            case "exclusiveMinimum" -> quoted(value) + " is less than or equal to the minimum of " + plain(rule);
            case "maximum" -> quoted(value) + " is greater than the maximum of " + plain(rule);
            case "type" -> quoted(value) + " is not of type " + typeList(rule);
            case "enum" -> quoted(value) + " is not one of " + plain(rule);
            case "const" -> quoted(value) + " was expected to be " + plain(rule);
            case "pattern" -> quoted(value) + " does not match '" + plain(rule) + "'";
            case "format" -> quoted(value) + " is not a '" + plain(rule) + "'";
            case "uniqueItems" -> quoted(value) + " has non-unique elements";
            case "oneOf", "anyOf" -> quoted(value) + " is not valid under any of the given schemas";
            default -> quoted(value) + " is not valid";
        };
    }

    private static String typeList(JsonNode rule) {
        if (rule == null) {
            return "the expected type";
        }
        if (rule.isArray()) {
            StringBuilder types = new StringBuilder();
            rule.forEach(t -> types.append(types.isEmpty() ? "" : ", ").append('\'').append(t.asText()).append('\''));
            return types.toString();
        }
        return "'" + rule.asText() + "'";
    }

    /** A value as Nova prints it after "Value:": strings bare, everything else as JSON. */
    private static String plain(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "None";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** A value as jsonschema quotes it in the reason: strings in single quotes. */
    private static String quoted(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "None";
        }
        return value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    }
}
