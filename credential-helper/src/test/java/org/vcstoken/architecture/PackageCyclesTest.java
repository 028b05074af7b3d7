package org.vcstoken.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of vcstoken depend on each other, directly or through others: a server family,
 * the broker, the store and the commands each stand on what is below them, so one can be read,
 * tested and replaced without the rest. Reads the main sources of every Java module (comments
 * left out: a javadoc link is not a dependency) and fails naming each cycle with the files that
 * close it.
 */
class PackageCyclesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES = List.of("credential-helper", "svn-provider", "sandbox");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** A reference to a type of vcstoken: an import, or a qualified name in the code. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.vcstoken(?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*");

    /** What a package uses: the other package, and one file that uses it (for the failure's text). */
    record Edge(String to, String file) {
    }

    @Test
    void noPackageOfAnyModuleDependsOnItselfThroughOthers() throws IOException {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        for (String module : MODULES) {
            Path root = REPO.resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    read(graph, root.relativize(f).toString(), Files.readString(f));
                }
            }
        }
        assertThat(graph).as("the sources were found").hasSizeGreaterThan(20);

        assertThat(describe(graph, cycles(graph))).isEmpty();
    }

    @Test
    void theCheckFindsACycleThroughAThirdPackageAndIgnoresComments() {
        Map<String, Map<String, String>> graph = new TreeMap<>();
        read(graph, "a/A.java", "package org.vcstoken.a;\nimport org.vcstoken.b.B;\nclass A { B b; }\n");
        read(graph, "b/B.java", "package org.vcstoken.b;\nclass B { org.vcstoken.c.C c; }\n");
        read(graph, "c/C.java", "package org.vcstoken.c;\nimport org.vcstoken.a.A;\nclass C {}\n");
        read(graph, "d/D.java", "package org.vcstoken.d;\n/** see {@link org.vcstoken.a.A} */\nclass D {}\n");
        read(graph, "a/A2.java", "package org.vcstoken.a;\n// org.vcstoken.d.D is only named here\nclass A2 {}\n");

        List<Set<String>> found = cycles(graph);

        assertThat(found).containsExactly(new TreeSet<>(List.of("org.vcstoken.a", "org.vcstoken.b", "org.vcstoken.c")));
        assertThat(describe(graph, found)).singleElement().asString()
                .contains("org.vcstoken.a -> org.vcstoken.b (a/A.java)");
    }

    static void read(Map<String, Map<String, String>> graph, String file, String text) {
        String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        Matcher p = PACKAGE.matcher(code);
        if (!p.find()) {
            throw new AssertionError(file + " has no package line");
        }
        String from = p.group(1);
        Map<String, String> uses = graph.computeIfAbsent(from, k -> new TreeMap<>());
        Matcher r = REFERENCE.matcher(code.substring(p.end()));
        while (r.find()) {
            if (!r.group(1).equals(from)) {
                uses.putIfAbsent(r.group(1), file);
            }
        }
    }

    /** Strongly connected components with more than one package (Tarjan's algorithm). */
    static List<Set<String>> cycles(Map<String, Map<String, String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Map<String, String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.get(v).keySet()) {
            if (!graph.containsKey(w)) {
                continue; // a type of another module's tests or a library: not a package here
            }
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    /** Each cycle as its arrows inside the cycle, each with a file that draws it. */
    static List<String> describe(Map<String, Map<String, String>> graph, List<Set<String>> cycles) {
        List<String> out = new ArrayList<>();
        for (Set<String> c : cycles) {
            List<String> arrows = new ArrayList<>();
            for (String from : c) {
                graph.get(from).forEach((to, file) -> {
                    if (c.contains(to)) {
                        arrows.add(from + " -> " + to + " (" + file + ")");
                    }
                });
            }
            out.add(String.join("; ", arrows));
        }
        return out;
    }
}
