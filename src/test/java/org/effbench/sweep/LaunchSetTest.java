package org.effbench.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.effbench.launch.Allocator;
import org.effbench.launch.ForkLauncher;
import org.effbench.launch.MklDispatch;
import org.junit.jupiter.api.Test;

class LaunchSetTest {

    private static final ForkLauncher BASE =
            new ForkLauncher(Allocator.TCMALLOC, MklDispatch.AUTO, null, Map.of());

    @Test
    void fieldsOverrideTheBaseAndTheNameTravelsToTheFork() {
        LaunchSet set =
                LaunchSet.parse(
                        "tuned",
                        "allocator=jemalloc; mklOnAmd=off; jvmArgs=-Xms2g  -XX:+AlwaysPreTouch; "
                                + "env.OMP_PROC_BIND=close; jdk="
                                + System.getProperty("java.home"),
                        BASE);

        assertThat(set.launcher().allocator()).isEqualTo(Allocator.JEMALLOC);
        assertThat(set.launcher().mkl()).isEqualTo(MklDispatch.OFF);
        assertThat(set.launcher().environment()).containsEntry("OMP_PROC_BIND", "close");
        assertThat(set.jvmArgs()).containsExactly("-Xms2g", "-XX:+AlwaysPreTouch");
        assertThat(set.forkJvmArgs())
                .containsExactly(
                        "-Xms2g",
                        "-XX:+AlwaysPreTouch",
                        "-Deffbench.launch=tuned",
                        "-Deffbench.launchSettings=allocator=jemalloc; mklOnAmd=off; jdk="
                                + System.getProperty("java.home")
                                + "; jvmArgs=-Xms2g -XX:+AlwaysPreTouch; env.OMP_PROC_BIND=close");
        assertThat(LaunchSet.parse("tuned", set.describe(), BASE)).isEqualTo(set);
        assertThat(LaunchSet.parse("plain", "", BASE))
                .isEqualTo(new LaunchSet("plain", BASE, List.of()));
    }

    /**
     * The environment is written sorted by name whatever the file's order: the canonical form, and
     * with it a sweep's resume hash, must be the same in every JVM (it once followed Map.copyOf's
     * order, which changes from one JVM to the next).
     */
    @Test
    void theEnvironmentIsWrittenSortedByName() {
        LaunchSet set =
                LaunchSet.parse(
                        "omp",
                        "env.OMP_WAIT_POLICY=PASSIVE; env.OMP_PROC_BIND=close; env.OMP_PLACES=cores;"
                                + " env.A=1",
                        BASE);
        assertThat(set.describe())
                .isEqualTo(
                        "allocator=tcmalloc; mklOnAmd=auto; env.A=1; env.OMP_PLACES=cores;"
                                + " env.OMP_PROC_BIND=close; env.OMP_WAIT_POLICY=PASSIVE");
    }

    @Test
    void badFieldsValuesAndNamesAreNamed() {
        assertThatThrownBy(() -> LaunchSet.parse("x", "gc=G1", BASE))
                .hasMessage(
                        "unknown field 'gc'; accepted fields: allocator, mklOnAmd, jdk, jvmArgs, env.NAME");
        assertThatThrownBy(() -> LaunchSet.parse("x", "allocator", BASE))
                .hasMessage(
                        "'allocator' is not field=value; accepted fields: allocator, mklOnAmd, jdk, jvmArgs, env.NAME");
        assertThatThrownBy(() -> LaunchSet.parse("x", "jdk=/usr/lib/jvm/none", BASE))
                .hasMessageStartingWith(
                        "jdk '/usr/lib/jvm/none' is not accepted; accepted: the home folder of an installed JDK");
        assertThatThrownBy(() -> LaunchSet.parse("x y", "", BASE))
                .hasMessage(
                        "launch set name 'x y' is not accepted; accepted: letters, digits, _ and -");
        assertThatThrownBy(() -> LaunchSet.parse("x", "env.1X=2", BASE))
                .hasMessageStartingWith("unknown field 'env.1X'");
    }

    @Test
    void definitionsNameTheLineOfABadLaunchSet() {
        String text =
                String.join(
                        "\n",
                        "models = mlp",
                        "batchSizes = 1",
                        "intraOpThreads = 1",
                        "callers = 1",
                        "modes = sample",
                        "warmupIterations = 0",
                        "warmupTime = 1s",
                        "measurementIterations = 1",
                        "measurementTime = 1s",
                        "forks = 1",
                        "ceilingMatrixSize = 0",
                        "ceilingArrayMiB = 0",
                        "launch.a = allocator=glibc",
                        "launch.b = allocator=mimalloc");
        assertThatThrownBy(() -> SweepDefinition.parse("t", text, 2))
                .isInstanceOf(DefinitionException.class)
                .hasMessage(
                        "t:14: allocator 'mimalloc' is not accepted; accepted: glibc, glibc-tuned, glibc-returning, tcmalloc, jemalloc, jemalloc-bundled");
        SweepDefinition ok = SweepDefinition.parse("t", text.replace("mimalloc", "jemalloc"), 2);
        assertThat(ok.get(SweepKey.LAUNCHES)).extracting(LaunchSet::name).containsExactly("a", "b");
    }
}
