package org.vcstoken.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static Object parse(String text) throws IOException {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wholeNumbersAreLongsAndOthersExactDecimals() throws IOException {
        Object v = parse("{\"id\": 42, \"ratio\": 0.1, \"name\": \"Zoë\", \"ok\": true, \"none\": null, \"l\": [1]}");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 42L);
        expected.put("ratio", new BigDecimal("0.1"));
        expected.put("name", "Zoë");
        expected.put("ok", true);
        expected.put("none", null);
        expected.put("l", List.of(1L));
        assertThat(v).isEqualTo(expected);
    }

    @Test
    void aWholeNumberTooLargeForAnIdIsRefusedNotRounded() {
        assertThatThrownBy(() -> parse("{\"id\": 92233720368547758070}"))
                .isInstanceOf(IOException.class).hasMessageContaining("too large");
    }

    @Test
    void textAfterTheValueAndEmptyAnswersAreRefused() {
        assertThatThrownBy(() -> parse("{} {}")).hasMessageContaining("text after");
        assertThatThrownBy(() -> parse("  ")).hasMessageContaining("empty");
    }

    @Test
    void deepNestingIsRefusedBeforeItExhaustsTheStack() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);

        assertThatThrownBy(() -> parse(deep)).isInstanceOf(IOException.class);
    }

    @Test
    void aParseErrorDoesNotQuoteTheInputThatMayHoldASecret() {
        String secret = "glpat-Secret0123456789abcdef";

        assertThatThrownBy(() -> parse("{\"token\": \"" + secret + "\" oops}"))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("\n"));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws IOException {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "vcstoken \"a\\b\" \u0001 ü");
        value.put("id", 7L);
        value.put("exact", new BigDecimal("12.50"));
        value.put("scopes", List.of("read_repository", "write_repository"));
        value.put("expires", null);

        assertThat(Json.parse(Json.write(value))).isEqualTo(value);
    }

    @Test
    void everyKindOfNumberACallerSendsIsWritten() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("int", 1);
        value.put("long", 2L);
        value.put("double", 1.5);
        value.put("decimal", new BigDecimal("0.25"));

        assertThat(new String(Json.write(value), StandardCharsets.UTF_8))
                .isEqualTo("{\"int\":1,\"long\":2,\"double\":1.5,\"decimal\":0.25}");
    }
}
