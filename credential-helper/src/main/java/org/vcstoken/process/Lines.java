package org.vcstoken.process;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.commons.exec.LogOutputStream;

/** A sink that hands a child's output on line by line (UTF-8, CR, LF or CRLF ends a line). */
final class Lines extends LogOutputStream {
    private final Consumer<String> each;

    /**
     * As an OutputStream: a caller that only passes it on then does not make the class verifier
     * load this class, nor Commons Exec with it.
     */
    static java.io.OutputStream of(Consumer<String> each) {
        return new Lines(each);
    }

    private Lines(Consumer<String> each) {
        super(0, StandardCharsets.UTF_8);
        this.each = each;
    }

    @Override
    protected void processLine(String line, int level) {
        each.accept(line);
    }
}
