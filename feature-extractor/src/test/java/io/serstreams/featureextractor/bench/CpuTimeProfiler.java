package io.serstreams.featureextractor.bench;

import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * A JMH profiler for a machine shared with other work: the benchmark JVM's CPU time per operation
 * (all its threads, the JIT and GC included), which other processes' load does not stretch the way
 * it stretches wall-clock time. CPU time per audio second is the cost per core.
 * Use: {@code feature-extractor/bench.sh -prof io.serstreams.featureextractor.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long before;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark JVM per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        before = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
        long cpuNanos = OS.getProcessCpuTime() - before;
        long ops = result.getMetadata().getMeasuredOps();
        return List.of(new ScalarResult("cpu.time", ops == 0 ? Double.NaN : cpuNanos / 1e3 / ops, "us/op", AggregationPolicy.AVG));
    }
}
