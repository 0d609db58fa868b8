package org.effbench.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.effbench.base.Checks;

/**
 * N worker threads serving one queue, kept for the whole serve run so each keeps its libtorch
 * thread state and its warm service. A point starts {@link #LEAD_NANOS} after it is handed over;
 * each free worker asks the {@link LoadQueue} what to do, serves a batch and reports its
 * completion, or sleeps until the next arrival or batching deadline. The calling thread monitors
 * the queue every {@link #MONITOR_MILLIS} ms, to stop a point that saturates while every worker is
 * busy.
 */
public final class Workers implements Driver, AutoCloseable {

    /** Time from handing a point to the workers to its first arrival: every worker is waiting. */
    static final long LEAD_NANOS = 20_000_000;

    static final long MONITOR_MILLIS = 20;

    /** The longest a worker sleeps before looking at the queue again. */
    static final long MAX_SLEEP_NANOS = 10_000_000;

    private static final Runnable EXIT = () -> {};

    private final Service service;
    private final Ticker ticker;
    private final List<BlockingQueue<Runnable>> mailboxes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public Workers(int workers, Service service, Ticker ticker) {
        Checks.atLeast("workers", workers, 1);
        this.service = service;
        this.ticker = ticker;
        for (int w = 0; w < workers; w++) {
            BlockingQueue<Runnable> mailbox = new LinkedBlockingQueue<>();
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    for (Runnable job; (job = mailbox.take()) != EXIT; ) {
                                        job.run();
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "serve-worker-" + w);
            t.setDaemon(true);
            t.start();
            mailboxes.add(mailbox);
            threads.add(t);
        }
    }

    @Override
    public int workers() {
        return threads.size();
    }

    /** Prepares and warms the service on every worker's own thread, all at once. */
    public void prepare() {
        await(onAll(w -> () -> service.prepare(w)), () -> {});
    }

    @Override
    public PointResult run(PointPlan plan) {
        LoadQueue queue = new LoadQueue(plan);
        long t0 = ticker.nanoTime() + LEAD_NANOS;
        long startMillis = System.currentTimeMillis() + LEAD_NANOS / 1_000_000;
        Running running = onAll(w -> () -> serve(w, queue, t0));
        await(running, () -> queue.check(ticker.nanoTime() - t0));
        return queue.result(startMillis);
    }

    private void serve(int worker, LoadQueue queue, long t0) {
        try {
            while (true) {
                long now = ticker.nanoTime() - t0;
                LoadQueue.Poll p = queue.poll(now);
                if (p.done()) {
                    return;
                }
                if (p.count() > 0) {
                    service.serve(worker, p.count());
                    queue.complete(p, now, ticker.nanoTime() - t0);
                } else {
                    ticker.sleepUntil(t0 + Math.min(p.until(), now + MAX_SLEEP_NANOS));
                }
            }
        } catch (InterruptedException e) {
            queue.abort();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("worker " + worker + " interrupted", e);
        } catch (RuntimeException | Error e) {
            queue.abort();
            throw e;
        }
    }

    private record Running(CountDownLatch done, AtomicReference<RuntimeException> failure) {}

    private Running onAll(IntFunction<Runnable> job) {
        Running running = new Running(new CountDownLatch(threads.size()), new AtomicReference<>());
        for (int w = 0; w < threads.size(); w++) {
            Runnable r = job.apply(w);
            mailboxes
                    .get(w)
                    .add(
                            () -> {
                                try {
                                    r.run();
                                } catch (RuntimeException | Error e) {
                                    RuntimeException failure =
                                            e instanceof RuntimeException re
                                                    ? re
                                                    : new IllegalStateException(e.toString(), e);
                                    running.failure().compareAndSet(null, failure);
                                } finally {
                                    running.done().countDown();
                                }
                            });
        }
        return running;
    }

    /**
     * Waits for every worker, running {@code monitor} meanwhile; a worker's failure is rethrown
     * once all are done (a failed worker stops the point's queue, so the others leave at their next
     * look).
     */
    private static void await(Running running, Runnable monitor) {
        try {
            while (!running.done().await(MONITOR_MILLIS, TimeUnit.MILLISECONDS)) {
                monitor.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while serving", e);
        }
        if (running.failure().get() != null) {
            throw running.failure().get();
        }
    }

    /** Ends the worker threads; the service is its owner's to close. */
    @Override
    public void close() {
        mailboxes.forEach(m -> m.add(EXIT));
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
