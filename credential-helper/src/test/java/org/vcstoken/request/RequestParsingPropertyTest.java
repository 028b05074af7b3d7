package org.vcstoken.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever arrives, parsing either normalises it or says why not: never another kind of failure. */
class RequestParsingPropertyTest {
    private static final String HOSTILE = "/.%\\@:?#[]2eEfF05aA.gitx \u0000\n\r\t\u007f\u0085\u00e9\u65e5\uFF0E\u3002";

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withChars(HOSTILE.toCharArray()).ofMaxLength(40),
                Arbitraries.strings().withChars(HOSTILE.toCharArray()).withCharRange('a', 'c').ofMaxLength(40),
                Arbitraries.of("..", "%2e%2e", "%252e", "%2F", "//", ".git", "/.git/", "%00", "%0a", "%C2%85", "%",
                        "%c0%ae").list().ofMaxSize(6).map(l -> String.join("/", l)));
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> scheme = Arbitraries.of("https", "http", "HTTPS", "ftp", "", "https:", "http\n");
        Arbitrary<String> userinfo = Arbitraries.oneOf(Arbitraries.just(""),
                hostileText().map(s -> s + "@"), Arbitraries.of("a:b@", "example.com:443@", "x%0a@"));
        Arbitrary<String> host = Arbitraries.oneOf(hostileText(),
                Arbitraries.of("example.com", "EXAMPLE.com", "[::1]", "127.0.0.1", "bücher.example", "xn--", "-a.com",
                        "example.com.", "a..b", "[::1]:80", "example.com:0"));
        Arbitrary<String> rest = hostileText();
        return Combinators.combine(scheme, userinfo, host, rest).as((s, u, h, r) -> s + "://" + u + h + r);
    }

    @Property(tries = 2000)
    void repoPathEitherNormalisesOrRefuses(@ForAll("hostileText") String raw) {
        Throwable thrown = catchThrowable(() -> {
            String p = RepoPath.normalise(raw);
            assertThat(p).doesNotStartWith("/").doesNotEndWith("/").doesNotContain("//").doesNotContain("%")
                    .doesNotContain("\\");
            assertThat(p.chars()).noneMatch(Character::isISOControl);
            if (!p.isEmpty()) {
                assertThat(p.split("/", -1)).doesNotContain("..", ".", "");
            }
        });
        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class));
    }

    @Property(tries = 2000)
    void hostPortEitherParsesOrRefuses(@ForAll("hostileText") String raw) {
        Throwable thrown = catchThrowable(() -> {
            HostPort hp = HostPort.parse(raw);
            assertThat(hp.port()).isBetween(-1, 65535).isNotZero();
        });
        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class));
    }

    @Property(tries = 3000)
    void parsedUrlEitherParsesOrRefuses(@ForAll("urls") String url) {
        Throwable thrown = catchThrowable(() -> {
            ParsedUrl u = ParsedUrl.parse(url);
            assertThat(u.origin().host()).matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]");
            assertThat(u.origin().scheme()).isIn("https", "http");
            if (u.username() != null) {
                assertThat(u.username().chars()).noneMatch(Character::isISOControl);
            }
        });
        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class));
    }

    @Property(tries = 2000)
    void randomBytesEitherParseOrAreRefused(@ForAll byte[] bytes) {
        for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1)) {
            String text = new String(bytes, cs);
            for (Runnable parse : List.<Runnable>of(() -> RepoPath.normalise(text), () -> HostPort.parse(text),
                    () -> ParsedUrl.parse(text), () -> ParsedUrl.parse("https://" + text),
                    () -> ParsedUrl.parse("https://example.com/" + text))) {
                Throwable thrown = catchThrowable(parse::run);
                assertThat(thrown).satisfiesAnyOf(
                        t -> assertThat(t).isNull(),
                        t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class));
            }
        }
    }

    @Property(tries = 2000)
    void anyStringGivenAsUrlEitherParsesOrRefuses(@ForAll("hostileText") String junk) {
        Throwable thrown = catchThrowable(() -> ParsedUrl.parse(junk));
        assertThat(thrown).satisfiesAnyOf(
                t -> assertThat(t).isNull(),
                t -> assertThat(t).isExactlyInstanceOf(IllegalArgumentException.class));
    }
}
