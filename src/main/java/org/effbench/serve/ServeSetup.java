package org.effbench.serve;

/**
 * What serves the queue, as the output names it.
 *
 * @param service the model ({@code resnet18}, {@code file:m.pt}) or the synthetic service
 * @param workers workers taking from the one queue
 * @param intraOpThreads libtorch intra-op threads of each worker (0 for the synthetic service)
 */
public record ServeSetup(String service, int workers, int intraOpThreads) {

    public String text() {
        return service
                + ", "
                + workers
                + (workers == 1 ? " worker" : " workers")
                + (intraOpThreads > 0
                        ? " x " + intraOpThreads + (intraOpThreads == 1 ? " thread" : " threads")
                        : "");
    }
}
