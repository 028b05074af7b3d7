package org.vcstoken.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with aligned columns, for listings. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void row(String... cells) {
        rows.add(cells);
    }

    void print(PrintStream out) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                b.append(r[i]);
                if (i < cols - 1) {
                    b.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
