package io.openvcluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The name filter's regular expressions: Nova's meaning (unanchored search), linear matching, and the bounds. */
class ClientRegexTest {

    @ParameterizedTest(name = "{0} finds {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "web;my-web-1;true",
            "^web-[0-9]+$;web-12;true",
            "^web-[0-9]+$;web-12x;false",
            "(?i)WEB;a-web;true",
            "^(al|ga);gamma;true",
            "a{3};baaab;true",
            "\\Q(a)\\E;x(a)y;true",
            "[[:digit:]]+$;vm7;true",
    })
    void searchesAnywhereInTheNameAsNovaDoes(String regex, String name, boolean found) {
        assertEquals(found, ClientRegex.compile("name", regex).matcher(name).find());
    }

    /** The filter that took the facade down on java.util.regex: it never finished against forty a's and a c. */
    @Test
    void nestedQuantifiersAnswerAtOnce() {
        String name = "a".repeat(40) + "c";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (String regex : new String[] {"((a*)*)*b", "(a|a)*b", "(a|aa)*b", "((((a+)+)+)+)+b", "(.*a){12}b"}) {
                Pattern pattern = ClientRegex.compile("name", regex);
                for (int i = 0; i < 100; i++) {
                    assertFalse(pattern.matcher(name).find(), regex);
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a{1000}){1000}", "(a{100}){100}", "((a{10}){10}){11}", "(?:[a-z]{1000}){2}",
            "(a|b|c|d|e|f|g|h|i|j){1000}", "x{1000}y{1000}"})
    void refusesWhatWouldCompileToAHugeProgram(String regex) {
        ApiException e = assertThrows(ApiException.class, () -> ClientRegex.compile("name", regex));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("at most " + ClientRegex.MAX_PROGRAM), e.getMessage());
    }

    @Test
    void refusesAPatternLongerThanAName() {
        String regex = "a".repeat(ClientRegex.MAX_LENGTH + 1);
        ApiException e = assertThrows(ApiException.class, () -> ClientRegex.compile("name", regex));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("256 characters long; at most 255"), e.getMessage());
        ClientRegex.compile("name", "a".repeat(ClientRegex.MAX_LENGTH)); // the longest name still spells out
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a)\\1", "a(?=b)", "(?<!x)a", "a**", "(unclosed", "a{1001}", "[z-a]"})
    void refusesWhatRe2CannotTake(String regex) {
        ApiException e = assertThrows(ApiException.class, () -> ClientRegex.compile("name", regex));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("Invalid input for query parameters name. Value: " + regex),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource(delimiter = ';', value = {
            "abc;3",
            "a|b;3",
            "[a-z]{3};3",
            "(ab){10};30",
            "(a{100}){100};10100",
            "\\Q(((\\E;3",
            "\\p{Greek}+;2",
            "(?i)abc;4",
            "x{2,};3",
            "a{2,5};5",
            "a{,5};5",
            "{;1",
    })
    void estimatesTheProgramFromTheText(String regex, long size) {
        long estimate = RegexProgramSize.estimate(regex);
        assertTrue(estimate >= size && estimate <= size * 2, regex + " estimated " + estimate + ", about " + size);
    }
}
