package org.vcstoken.server.rhodecode;

/**
 * What the RhodeCode family says to people, in one place, beside the core texts of
 * {@code org.vcstoken.messages}: each says what RhodeCode answered and what to change. Texts the
 * server sent are quoted after {@code HttpTransport.printable}; none holds a secret.
 */
final class RhodeCodeMessages {
    private RhodeCodeMessages() {
    }

    /** Why a token for one repository becomes server-wide here. */
    static String noRepositoryScopes() {
        return "RhodeCode Community Edition has no repository scopes";
    }
}
