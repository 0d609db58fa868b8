package org.effbench.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A serve run: the Offline throughput, then either the one rate asked for or the capacity search
 * from it, every point judged by {@link Validity}.
 */
public final class Capacity {

    private Capacity() {}

    /** A point and its judgement. */
    public record Point(PointResult result, Validity.Judgement judgement) {}

    /** What a run reports as it goes. */
    public interface Listener {
        void offline(PointResult offline);

        void point(int index, Point point);
    }

    /**
     * @param offline the Offline run; empty when a single rate was asked
     * @param points every open-loop point, in the order run
     * @param capacity the point at the capacity (the highest rate that met the bound below the
     *     lowest that failed), or the single point asked for; empty when none met the bound
     * @param failing the lowest rate that failed in the search (NaN for a single point)
     */
    public record Outcome(
            ServeSettings settings,
            Optional<PointResult> offline,
            List<Point> points,
            Optional<Point> capacity,
            double failing) {}

    public static Outcome run(Driver driver, ServeSettings settings, Listener listener) {
        Validity validity = settings.validity();
        List<Point> points = new ArrayList<>();
        if (settings.rate().isPresent()) {
            Point p = point(driver, settings, validity, settings.rate().getAsDouble(), false);
            points.add(p);
            listener.point(1, p);
            return new Outcome(settings, Optional.empty(), points, Optional.of(p), Double.NaN);
        }
        PointResult offline = driver.run(settings.offline());
        listener.offline(offline);
        CapacitySearch.Outcome search =
                new CapacitySearch(CapacitySearch.RESOLUTION, CapacitySearch.FLOOR)
                        .run(
                                offline.achievedRate(),
                                List.of(),
                                rate -> {
                                    Point p = point(driver, settings, validity, rate, true);
                                    points.add(p);
                                    listener.point(points.size(), p);
                                    return p.judgement().meetsBound();
                                });
        Optional<Point> capacity =
                search.capacity()
                        .flatMap(
                                rate ->
                                        points.stream()
                                                .filter(p -> p.result().rate() == rate)
                                                .findFirst());
        return new Outcome(settings, Optional.of(offline), points, capacity, search.failing());
    }

    private static Point point(
            Driver driver, ServeSettings settings, Validity validity, double rate, boolean search) {
        PointResult r = driver.run(settings.point(rate, search));
        return new Point(r, validity.judge(r));
    }
}
