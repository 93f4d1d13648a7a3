package io.serstreams.streamprocessor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream processor's packages, read from the sources: which refer to which (imports and fully
 * qualified names). The summariser is wired by the inference topology and must not know it, and no
 * package may reach back to one that reaches it.
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/serstreams/streamprocessor");
    private static final Pattern REFERENCE = Pattern.compile("io\\.serstreams\\.streamprocessor\\.(\\w+)\\.[A-Za-z]");

    /** Each package (below io.serstreams.streamprocessor) and the other packages of the module it refers to. */
    private static Map<String, Set<String>> references() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> refs = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        refs.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    @Test
    void theSourcesAreFound() throws IOException {
        Map<String, Set<String>> graph = references();
        assertThat(graph).containsKeys("inference", "summary", "pipeline", "app");
        assertThat(graph.get("inference")).as("the inference topology wires the summariser").contains("summary");
    }

    @Test
    void theSummaryPackageKnowsNothingOfTheInferencePackage() throws IOException {
        assertThat(references().get("summary")).doesNotContain("inference");
    }

    @Test
    void noPackageReachesBackToOneThatReachesIt() throws IOException {
        Map<String, Set<String>> graph = references();
        for (String start : graph.keySet()) {
            assertThat(cycleThrough(start, graph)).as("a cycle of package references").isEmpty();
        }
    }

    /** A path of references from {@code start} back to itself, if there is one. */
    private static Optional<List<String>> cycleThrough(String start, Map<String, Set<String>> graph) {
        List<String> path = new ArrayList<>(List.of(start));
        return search(start, start, graph, path, new TreeSet<>());
    }

    private static Optional<List<String>> search(String start, String at, Map<String, Set<String>> graph, List<String> path, Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return Optional.of(cycle);
            }
            if (seen.add(next)) {
                path.add(next);
                Optional<List<String>> found = search(start, next, graph, path, seen);
                if (found.isPresent()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return Optional.empty();
    }
}
