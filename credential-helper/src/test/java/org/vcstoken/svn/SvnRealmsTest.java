package org.vcstoken.svn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SvnRealmsTest {
    @Test
    void readsTheRealmOfABasicChallenge() {
        assertThat(SvnRealms.basicRealm("Basic realm=\"RhodeCode\"")).isEqualTo("RhodeCode");
        assertThat(SvnRealms.basicRealm("basic realm=\"Say \\\"hi\\\"\", charset=\"UTF-8\"")).isEqualTo("Say \"hi\"");
        assertThat(SvnRealms.basicRealm("Basic realm=plain")).isEqualTo("plain");
    }

    @Test
    void ignoresOtherSchemesAndRealmsWithControlCharacters() {
        assertThat(SvnRealms.basicRealm("Negotiate")).isNull();
        assertThat(SvnRealms.basicRealm("Bearer realm=\"x\"")).isNull();
        assertThat(SvnRealms.basicRealm("Basic realm=\"a\nb\"")).isNull();
    }

    @Test
    void writesThePortEvenWhenItIsTheDefault() {
        assertThat(SvnRealms.realmString(URI.create("https://code.example.com/grp/app"), "RhodeCode"))
                .isEqualTo("<https://code.example.com:443> RhodeCode");
        assertThat(SvnRealms.realmString(URI.create("http://127.0.0.1:8080/"), "R")).isEqualTo("<http://127.0.0.1:8080> R");
    }
}
