package io.openvcluster.api.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.openvcluster.api.ApiException;
import io.openvcluster.api.Json;
import io.openvcluster.api.Microversion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Good and bad bodies per schema; the bad ones include every create/update case tempest sends. */
class RequestSchemasTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text.replace('\'', '"'));
    }

    private static ApiException rejected(String schema, String version, String body) throws Exception {
        JsonNode node = json(body);
        return assertThrows(ApiException.class,
                () -> RequestSchemas.validate(schema, Microversion.parse(version), node));
    }

    @ParameterizedTest(name = "[{index}] {0} at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // as sent by OSC 6 at 2.1, OSC 10 at 2.96, and ansible
            "server-create|2.1|{'server':{'name':'vm1','imageRef':'img','flavorRef':'1','min_count':1,'max_count':1}}",
            "server-create|2.1|{'server':{'name':'vm1','imageRef':'img','flavorRef':1,'metadata':{'k':'v'}}}",
            "server-create|2.96|{'server':{'name':'vm1','imageRef':'img','flavorRef':'1','min_count':1,'max_count':1,'networks':'auto','block_device_mapping_v2':[{'uuid':'img','boot_index':0,'source_type':'image','destination_type':'local','delete_on_termination':true}]}}",
            "server-create|2.96|{'server':{'name':'vm1','imageRef':'img','flavorRef':'1','networks':'none'}}",
            "server-create|2.73|{'server':{'name':'vm1','imageRef':'img','flavorRef':'1','networks':'auto','security_groups':[],'tags':[],'metadata':{}}}",
            "server-create|2.37|{'server':{'name':'vm1','flavorRef':'1','networks':[{'uuid':'0ee3f5c6-8c2a-4b3f-9b5e-5b8a8b0c1d2e','fixed_ip':'10.0.0.4'}]}}",
            "server-create|2.1|{'server':{'name':'vm1','flavorRef':'1','min_count':'2','max_count':'3','accessIPv4':'1.2.3.4','accessIPv6':'::babe:dc0c:1602'}}",
            "server-create|2.1|{'server':{'name':'vm 1','flavorRef':'1','key_name':'k','availability_zone':'nova','user_data':'aGVsbG8=','config_drive':true,'adminPass':'p','return_reservation_id':'True'},'os:scheduler_hints':{'group':'g'}}",
            "server-create|2.1|{'server':{'name':'vm1','flavorRef':'1','security_groups':[{'name':'default'}],'OS-DCF:diskConfig':'AUTO'}}",
            "server-create|2.19|{'server':{'name':'vm1','flavorRef':'1','description':'d'}}",
            "server-create|2.19|{'server':{'name':'vm1','flavorRef':'1','description':null}}",
            "server-create|2.52|{'server':{'name':'vm1','flavorRef':'1','networks':'auto','tags':['a','b']}}",
            "server-create|2.90|{'server':{'name':'vm1','flavorRef':'1','networks':'auto','hostname':'vm-1'}}",
            "server-update|2.1|{'server':{'name':'new'}}",
            "server-update|2.1|{'server':{'accessIPv4':'10.0.0.1'}}",
            "server-update|2.19|{'server':{'description':null}}",
            "server-update|2.90|{'server':{'hostname':'vm2'}}",
            "server-metadata|2.1|{'metadata':{'k':'v','key with space':''}}",
            "server-metadata-item|2.1|{'meta':{'k':'v'}}",
            "server-tags|2.26|{'tags':['a','b-c']}",
            "server-tags|2.26|{'tags':[]}",
            "flavor-create|2.1|{'flavor':{'name':'f','ram':512,'vcpus':1,'disk':1,'id':null,'swap':0,'OS-FLV-EXT-DATA:ephemeral':0,'os-flavor-access:is_public':true,'rxtx_factor':1.0}}",
            "flavor-create|2.1|{'flavor':{'name':'f','ram':'512','vcpus':'1','disk':'0','id':'vc.small'}}",
            "flavor-create|2.55|{'flavor':{'name':'f','ram':512,'vcpus':1,'disk':1,'description':'small'}}",
            "flavor-extra-specs|2.1|{'extra_specs':{'ovc:max-pods':'110'}}",
            "remote-console-create|2.6|{'remote_console':{'protocol':'vnc','type':'novnc'}}",
            "remote-console-create|2.8|{'remote_console':{'protocol':'mks','type':'webmks'}}",
    })
    void acceptsGoodBodies(String schema, String version, String body) throws Exception {
        JsonNode node = json(body);
        assertSame(node, RequestSchemas.validate(schema, Microversion.parse(version), node));
    }

    @ParameterizedTest(name = "[{index}] {0} at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // name: not a string, empty, > 255, leading/trailing whitespace
            "server-create|2.1|{'server':{'name':5,'flavorRef':'1'}}|Invalid input for field/attribute name. Value: 5. 5 is not of type 'string'",
            "server-create|2.1|{'server':{'name':'','flavorRef':'1'}}|Invalid input for field/attribute name. Value: . '' is too short",
            "server-create|2.1|{'server':{'name':' vm','flavorRef':'1'}}|Invalid input for field/attribute name. Value:  vm. ' vm' is invalid: the value must not start or end with whitespace",
            "server-create|2.1|{'server':{'name':'vm ','flavorRef':'1'}}|Invalid input for field/attribute name. Value: vm . 'vm ' is invalid: the value must not start or end with whitespace",
            "server-create|2.1|{'server':{'flavorRef':'1'}}|Invalid input for field/attribute server. Value: {\"flavorRef\":\"1\"}. 'name' is a required property",
            // networks uuid format
            "server-create|2.1|{'server':{'name':'vm','flavorRef':'1','networks':[{'uuid':'not-a-uuid'}]}}|Invalid input for field/attribute uuid. Value: not-a-uuid. 'not-a-uuid' is not a 'uuid'",
            // access IPs
            "server-create|2.1|{'server':{'name':'vm','flavorRef':'1','accessIPv4':'1.1.1.1.1'}}|Invalid input for field/attribute accessIPv4. Value: 1.1.1.1.1. '1.1.1.1.1' is not a 'ipv4'",
            "server-create|2.1|{'server':{'name':'vm','flavorRef':'1','accessIPv6':'2.2.2.2'}}|Invalid input for field/attribute accessIPv6. Value: 2.2.2.2. '2.2.2.2' is not a 'ipv6'",
            // min/max count
            "server-create|2.1|{'server':{'name':'vm','flavorRef':'1','min_count':0}}|Invalid input for field/attribute min_count. Value: 0. 0 is less than the minimum of 1",
            "server-create|2.1|{'server':{'name':'vm','flavorRef':'1','max_count':'abc'}}|Invalid input for field/attribute max_count. Value: abc. 'abc' is invalid: the value must be an integer of at least 1",
            "server-create|2.1|{'server':{'name':'vm','flavorRef':'1','min_count':1.5}}|Invalid input for field/attribute min_count. Value: 1.5. 1.5 is not of type 'integer', 'string'",
            // metadata key 0 or > 255, value > 255
            "server-create|2.1|{'server':{'name':'vm','flavorRef':'1','metadata':{'':'v'}}}|Invalid input for field/attribute metadata. Value: {\"\":\"v\"}. Additional properties are not allowed ('' was unexpected)",
            // description before 2.19, tags before 2.52, hostname before 2.90, personality from 2.57
            "server-create|2.18|{'server':{'name':'vm','flavorRef':'1','description':'d'}}|Additional properties are not allowed ('description' was unexpected)",
            "server-create|2.51|{'server':{'name':'vm','flavorRef':'1','networks':'auto','tags':['a']}}|Additional properties are not allowed ('tags' was unexpected)",
            "server-create|2.89|{'server':{'name':'vm','flavorRef':'1','networks':'auto','hostname':'h'}}|Additional properties are not allowed ('hostname' was unexpected)",
            "server-create|2.57|{'server':{'name':'vm','flavorRef':'1','networks':'auto','personality':[]}}|Additional properties are not allowed ('personality' was unexpected)",
            // networks required from 2.37, only auto/none or a list
            "server-create|2.37|{'server':{'name':'vm','flavorRef':'1'}}|'networks' is a required property",
            "server-create|2.37|{'server':{'name':'vm','flavorRef':'1','networks':'some'}}|Invalid input for field/attribute networks. Value: some. 'some' is not valid under any of the given schemas",
            "server-create|2.1|{'server':{'name':'vm','flavorRef':'1'},'extra':1}|Additional properties are not allowed ('extra' was unexpected)",
            "server-create|2.52|{'server':{'name':'vm','flavorRef':'1','networks':'auto','tags':['a/b']}}|'a/b' is invalid: a tag must not contain '/' or ','",
            // PUT /servers/{id}
            "server-update|2.1|{'server':{'name':''}}|Invalid input for field/attribute name. Value: . '' is too short",
            "server-update|2.1|{'server':{'description':'x'}}|Additional properties are not allowed ('description' was unexpected)",
            "server-update|2.19|{'server':{'description':5}}|5 is not of type 'string', 'null'",
            // metadata API
            "server-metadata|2.1|{'meta':{'k':'v'}}|'metadata' is a required property",
            "server-metadata|2.1|{'metadata':{'k':5}}|Invalid input for field/attribute k. Value: 5. 5 is not of type 'string'",
            "server-metadata-item|2.1|{'meta':{'a':'1','b':'2'}}|has too many properties",
            "server-metadata-item|2.1|{'meta':{}}|does not have enough properties",
            // tags API: ansible's {'tags': null}
            "server-tags|2.26|{'tags':null}|Invalid input for field/attribute tags. Value: null. null is not of type 'array'",
            "server-tags|2.26|{'tags':['a,b']}|'a,b' is invalid: a tag must not contain '/' or ','",
            // remote consoles: mks arrives with 2.8
            "remote-console-create|2.6|{'remote_console':{'protocol':'mks','type':'webmks'}}|Invalid input for field/attribute protocol. Value: mks.",
            "remote-console-create|2.6|{'remote_console':{'protocol':'vnc'}}|'type' is a required property",
            // flavors
            "flavor-create|2.1|{'flavor':{'name':'f','ram':0,'vcpus':1,'disk':1}}|Invalid input for field/attribute ram. Value: 0. 0 is less than the minimum of 1",
            "flavor-create|2.1|{'flavor':{'name':'f','ram':1,'vcpus':1,'disk':-1}}|Invalid input for field/attribute disk. Value: -1. -1 is less than the minimum of 0",
            "flavor-create|2.1|{'flavor':{'name':'f','ram':1,'vcpus':1}}|'disk' is a required property",
            "flavor-create|2.54|{'flavor':{'name':'f','ram':1,'vcpus':1,'disk':1,'description':'d'}}|Additional properties are not allowed ('description' was unexpected)",
            "flavor-extra-specs|2.1|{'extra_specs':{'bad/key':'v'}}|Additional properties are not allowed ('bad/key' was unexpected)",
    })
    void rejectsBadBodiesWithNovaStyleMessages(String schema, String version, String body, String message)
            throws Exception {
        ApiException e = rejected(schema, version, body);
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** Nova's create_backup: name, backup_type and rotation (an integer or a numeric string, at least 0) required. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':2}}|",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':0}}|",
            "{'createBackup':{'name':'b','backup_type':'weekly','rotation':'3','metadata':{'k':'v','n':null}}}|",
            "{'createBackup':{'name':'b','backup_type':'','rotation':1}}|",
            "{'createBackup':{'backup_type':'daily','rotation':1}}|'name' is a required property",
            "{'createBackup':{'name':'b','rotation':1}}|'backup_type' is a required property",
            "{'createBackup':{'name':'b','backup_type':'daily'}}|'rotation' is a required property",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':-1}}|-1 is less than the minimum of 0",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':'-1'}}|Invalid input for field/attribute rotation",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':'two'}}|Invalid input for field/attribute rotation",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':''}}|Invalid input for field/attribute rotation",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':1.5}}|1.5 is not of type 'integer', 'string'",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':null}}|Invalid input for field/attribute rotation",
            "{'createBackup':{'name':'b','backup_type':7,'rotation':1}}|7 is not of type 'string'",
            "{'createBackup':{'name':' b','backup_type':'daily','rotation':1}}|Invalid input for field/attribute name",
            "{'createBackup':{'name':'','backup_type':'daily','rotation':1}}|'' is too short",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':1,'extra':1}}|Additional properties are not allowed ('extra' was unexpected)",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':1},'extra':1}|Additional properties are not allowed ('extra' was unexpected)",
            "{'createBackup':{'name':'b','backup_type':'daily','rotation':1,'metadata':{'k':5}}}|Invalid input for field/attribute k",
            "{'createBackup':null}|Invalid input for field/attribute createBackup",
    })
    void createBackupBodies(String body, String message) throws Exception {
        if (message == null) {
            JsonNode node = json(body);
            assertSame(node, RequestSchemas.validate("action-createBackup", Microversion.parse("2.96"), node));
        } else {
            ApiException e = rejected("action-createBackup", "2.1", body);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }

    @Test
    void lengthLimitsOnNameAndMetadata() throws Exception {
        String longName = "n".repeat(256);
        ApiException name = rejected("server-create", "2.1",
                "{'server':{'name':'" + longName + "','flavorRef':'1'}}");
        assertTrue(name.getMessage().endsWith("'" + longName + "' is too long"), name.getMessage());
        rejected("server-create", "2.1", "{'server':{'name':'vm','flavorRef':'1','metadata':{'"
                + "k".repeat(256) + "':'v'}}}");
        ApiException value = rejected("server-metadata", "2.1", "{'metadata':{'k':'" + "v".repeat(256) + "'}}");
        assertTrue(value.getMessage().startsWith("Invalid input for field/attribute k."), value.getMessage());
        RequestSchemas.validate("server-metadata", Microversion.parse("2.1"),
                json("{'metadata':{'" + "k".repeat(255) + "':'" + "v".repeat(255) + "'}}"));
        ApiException tags = rejected("server-tags", "2.26", "{'tags':['" + "t".repeat(61) + "']}");
        assertTrue(tags.getMessage().endsWith("is too long"), tags.getMessage());
    }

    @Test
    void missingOrNonObjectBodyIs400() throws Exception {
        for (JsonNode body : new JsonNode[] {null, MissingNode.getInstance(), json("null"), json("[1]"), json("'x'")}) {
            ApiException e = assertThrows(ApiException.class,
                    () -> RequestSchemas.validate("server-create", Microversion.parse("2.1"), body));
            assertEquals(400, e.status());
            assertEquals("The request body is missing or is not a JSON object.", e.getMessage());
        }
    }

    @Test
    void messagesNeverLeakJavaInternals() throws Exception {
        String[] bodies = {"{'server':5}", "{'server':{'name':[],'flavorRef':{}}}", "{}",
                "{'server':{'name':'a','flavorRef':'1','networks':[{'port':7}]}}"};
        for (String body : bodies) {
            String message = rejected("server-create", "2.1", body).getMessage();
            assertFalse(message.matches("(?s).*(com\\.|java\\.|networknt|Exception|\\$\\.).*"), message);
        }
    }

    @Test
    void picksTheNewestSchemaAtOrBelowTheMicroversion() throws Exception {
        JsonNode withDescription = json("{'server':{'name':'vm','flavorRef':'1','description':'d'}}");
        RequestSchemas.validate("server-create", Microversion.parse("2.19"), withDescription);
        RequestSchemas.validate("server-create", Microversion.parse("2.36"), withDescription);
        assertThrows(ApiException.class,
                () -> RequestSchemas.validate("server-create", Microversion.parse("2.37"), withDescription));
        ApiException tooEarly = assertThrows(ApiException.class,
                () -> RequestSchemas.validate("server-tags", Microversion.parse("2.25"), json("{'tags':[]}")));
        assertEquals(404, tooEarly.status());
        assertThrows(IllegalArgumentException.class,
                () -> RequestSchemas.validate("no-such-schema", Microversion.parse("2.1"), json("{}")));
    }

    @Test
    void everySchemaLoads() throws Exception {
        for (String name : RequestSchemas.names()) {
            ApiException e = assertThrows(ApiException.class,
                    () -> RequestSchemas.validate(name, json("{'unexpected':1}")));
            assertEquals(400, e.status(), name);
        }
    }

    /** The build's index lists exactly the files in the resource directory, and each of them loads. */
    @Test
    void everySchemaFileIsIndexedAndLoads() throws Exception {
        Path dir = Path.of("src/main/resources/io/openvcluster/api/schema");
        Map<String, Set<String>> present = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(f -> f.toString().endsWith(".json")).forEach(f -> present
                    .computeIfAbsent(dir.relativize(f.getParent()).toString(), name -> new TreeSet<>())
                    .add(f.getFileName().toString().replaceFirst("\\.json$", "")));
        }
        Map<String, Set<String>> indexed = new TreeMap<>();
        RequestSchemas.files().forEach((name, versions) -> indexed.put(name, new TreeSet<>(versions)));
        assertEquals(present, indexed);
        assertTrue(present.keySet().containsAll(Set.of("server-create", "action-os-stop", "keystone-auth")), "" + present);
        for (var schema : present.entrySet()) {
            for (String version : schema.getValue()) {
                ApiException e = assertThrows(ApiException.class, () -> RequestSchemas.validate(schema.getKey(),
                        Microversion.parse(version), json("{'unexpected':1}")), schema.getKey() + " " + version);
                assertEquals(400, e.status(), schema.getKey() + " " + version);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'auth':{'identity':{'methods':['password'],'password':{'user':{'name':'u','domain':{'name':'Default'},'password':'p'}}},'scope':{'project':{'name':'demo','domain':{'name':'Default'}}}}}|true",
            "{'auth':{'identity':{'methods':['password'],'password':{'user':{'id':'u1','password':'p'}}},'scope':{'project':{'id':'p1'}}}}|true",
            "{'auth':{'identity':{'methods':['token'],'token':{'id':'abc'}}}}|true",
            "{'auth':{'identity':{'methods':['application_credential'],'application_credential':{'id':'a','secret':'s'}}}}|true",
            "{'auth':{'identity':{'methods':[]}}}|false",
            "{'auth':{'identity':{'methods':['token'],'token':{}}}}|false",
            "{'auth':{}}|false",
            "{'token':{}}|false",
    })
    void keystoneAuthIsLenientButStructured(String body, boolean ok) throws Exception {
        JsonNode node = json(body);
        if (ok) {
            assertSame(node, RequestSchemas.validate("keystone-auth", node));
        } else {
            assertEquals(400, assertThrows(ApiException.class,
                    () -> RequestSchemas.validate("keystone-auth", node)).status());
        }
    }

    /**
     * The schemas' patterns match the client's text on RE2/J: the hostname pattern has three overlapping quantifiers,
     * and a backtracking engine needs time cubic in a long run of letters that ends in a dash (hours for this body).
     */
    @Test
    void patternsAreMatchedInLinearTimeWhateverTheTextIsLong() {
        String hostname = "a".repeat(200_000) + "-";
        var body = Json.object();
        body.putObject("server").put("name", "vm1").put("flavorRef", "1").put("networks", "auto")
                .put("hostname", hostname);
        ApiException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> assertThrows(
                ApiException.class, () -> RequestSchemas.validate("server-create", Microversion.parse("2.90"), body)));
        assertEquals(400, e.status());
    }

    /** The lookarounds of Nova's patterns, spelt without them for RE2/J: no white space at either end. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "flavor-create|{'flavor':{'name':'f','ram':1,'vcpus':1,'disk':0,'id':'%s'}}|a|true",
            "flavor-create|{'flavor':{'name':'f','ram':1,'vcpus':1,'disk':0,'id':'%s'}}|a b.c_d-e|true",
            "flavor-create|{'flavor':{'name':'f','ram':1,'vcpus':1,'disk':0,'id':'%s'}}| a|false",
            "flavor-create|{'flavor':{'name':'f','ram':1,'vcpus':1,'disk':0,'id':'%s'}}|a |false",
            "action-createImage|{'createImage':{'name':'%s'}}|s|true",
            "action-createImage|{'createImage':{'name':'%s'}}|my snap|true",
            "action-createImage|{'createImage':{'name':'%s'}}| snap|false",
            "action-createImage|{'createImage':{'name':'%s'}}|snap\\t|false",
    })
    void noWhiteSpaceAtEitherEnd(String schema, String template, String value, boolean ok) throws Exception {
        JsonNode body = json(template.formatted(value));
        if (ok) {
            assertSame(body, RequestSchemas.validate(schema, Microversion.parse("2.1"), body));
        } else {
            assertEquals(400, assertThrows(ApiException.class,
                    () -> RequestSchemas.validate(schema, Microversion.parse("2.1"), body)).status());
        }
    }
}
