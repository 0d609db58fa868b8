package org.effbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.Architectures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer rules of the README's layout table, checked on the compiled main classes: a package may
 * use only packages in rows below its own, never one in its own row or above.
 */
class ArchitectureTest {

    private static final String ROOT = "org.effbench";
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| ([^|]+) \\|");
    private static final Pattern NAME = Pattern.compile("`([a-z]+)`");

    private static List<List<String>> layers;
    private static JavaClasses classes;

    @BeforeAll
    static void read() throws IOException {
        layers = layersOf(Files.readString(Path.of("README.md")));
        classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(ROOT);
    }

    /** The table's rows, top first: the packages of each. */
    static List<List<String>> layersOf(String readme) {
        String layout = readme.substring(readme.indexOf("## Layout") + 1);
        int end = layout.indexOf("\n## ");
        List<List<String>> rows = new ArrayList<>();
        for (String line : (end < 0 ? layout : layout.substring(0, end)).lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                assertThat(Integer.parseInt(row.group(1)))
                        .as("layer numbers in order")
                        .isEqualTo(rows.size() + 1);
                Matcher name = NAME.matcher(row.group(2));
                List<String> packages = new ArrayList<>();
                while (name.find()) {
                    packages.add(name.group(1));
                }
                rows.add(packages);
            }
        }
        return rows;
    }

    @Test
    void everyPackageHasItsRow() {
        Set<String> inCode =
                classes.stream()
                        .map(ArchitectureTest::topPackage)
                        .filter(p -> !p.isEmpty())
                        .collect(Collectors.toCollection(TreeSet::new));
        Set<String> inTable =
                layers.stream()
                        .flatMap(List::stream)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(inTable).as("packages in README's layout table").isEqualTo(inCode);
    }

    @Test
    void importsRunOnlyDownTheLayers() {
        rule(layers).check(classes);
    }

    /**
     * The post-processor derives from files: it may read a model's name but never load one, start
     * the engine or measure (the README's report row), although those packages sit below it.
     */
    @Test
    void reportNeverStartsTheEngine() {
        ArchRuleDefinition.noClasses()
                .that()
                .resideInAPackage(ROOT + ".report..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".engine..", ROOT + ".memory..", "ai.djl..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(ROOT + ".run.ModelMetrics")
                .check(classes);
    }

    /**
     * The check can fail: with the ground floor moved to the top, every import of it breaks the
     * rule.
     */
    @Test
    void aTableOutOfOrderIsCaught() {
        List<List<String>> upsideDown = new ArrayList<>(layers);
        upsideDown.add(0, upsideDown.remove(upsideDown.size() - 1));
        assertThat(rule(upsideDown).evaluate(classes).hasViolation()).isTrue();
    }

    @Test
    void theTableIsReadInOrderUpToTheNextHeading() {
        List<List<String>> rows =
                layersOf(
                        """
                ## Layout
                | layer | package | what |
                |---|---|---|
                | 1 | `cli` | a |
                | 2 | `machine`, `jmh` | b |
                | 3 | `base` | c |

                | path | what |
                |---|---|
                | `scripts/` | d |
                ## Next
                | 4 | `not` | read |
                """);
        assertThat(rows)
                .containsExactly(List.of("cli"), List.of("machine", "jmh"), List.of("base"));
    }

    private static Architectures.LayeredArchitecture rule(List<List<String>> rows) {
        Architectures.LayeredArchitecture rule =
                Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> row : rows) {
            for (String p : row) {
                rule = rule.layer(p).definedBy(ROOT + "." + p + "..");
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            String[] below =
                    rows.subList(i + 1, rows.size()).stream()
                            .flatMap(List::stream)
                            .toArray(String[]::new);
            for (String p : rows.get(i)) {
                rule =
                        below.length == 0
                                ? rule.whereLayer(p).mayNotAccessAnyLayer()
                                : rule.whereLayer(p).mayOnlyAccessLayers(below);
            }
        }
        return rule;
    }

    private static String topPackage(JavaClass c) {
        String name = c.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return "";
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
