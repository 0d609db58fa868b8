package org.effbench.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.effbench.serve.StopRule.Stop;
import org.junit.jupiter.api.Test;

/**
 * The threaded driver on the real clock: every request served exactly once, by the threads it owns,
 * and a failing service ends the point in its reason. Counts only; no timing is asserted.
 */
class WorkersTest {

    private static final long S = 1_000_000_000L;

    /** Counts what it serves, on which threads; serves instantly. */
    static final class Counting implements Service {
        final AtomicLong requests = new AtomicLong();
        final AtomicInteger prepared = new AtomicInteger();
        final int failAt;
        final AtomicInteger calls = new AtomicInteger();

        Counting(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void prepare(int worker) {
            assertThat(Thread.currentThread().getName()).isEqualTo("serve-worker-" + worker);
            prepared.incrementAndGet();
        }

        @Override
        public void serve(int worker, int size) {
            if (calls.incrementAndGet() == failAt) {
                throw new IllegalStateException("model m failed at batch " + size + ": boom");
            }
            requests.addAndGet(size);
        }

        @Override
        public void close() {}
    }

    private static PointPlan plan(int n, BatchPolicy policy) {
        return PointPlan.open(
                20_000,
                Arrival.POISSON,
                new RunLength(n, 0, n, 100 * S),
                5,
                policy,
                new StopRule(S, 99, StopRule.SATURATION_FACTOR, false));
    }

    @Test
    void everyRequestIsServedOnceByTheWorkersThreads() {
        Counting service = new Counting(0);
        try (Workers workers = new Workers(2, service, Ticker.SYSTEM)) {
            workers.prepare();
            assertThat(service.prepared).hasValue(2);
            PointResult r = workers.run(plan(300, new BatchPolicy(4, 0)));
            assertThat(r.stop()).isEqualTo(Stop.NONE);
            assertThat(r.completed()).isEqualTo(300);
            assertThat(r.latency().getTotalCount()).isEqualTo(300);
            assertThat(service.requests).hasValue(300);
            long inBatches = 0;
            for (int size = 1; size < r.batches().length; size++) {
                inBatches += size * r.batches()[size];
            }
            assertThat(inBatches).isEqualTo(300);
            // the same threads serve the next point
            assertThat(workers.run(plan(100, BatchPolicy.NONE)).completed()).isEqualTo(100);
            assertThat(service.requests).hasValue(400);
        }
    }

    @Test
    void aFailingServiceEndsThePointWithItsReason() {
        try (Workers workers = new Workers(2, new Counting(5), Ticker.SYSTEM)) {
            assertThatThrownBy(() -> workers.run(plan(300, BatchPolicy.NONE)))
                    .hasMessage("model m failed at batch 1: boom");
        }
    }
}
