package io.github.statsd.micrometer;

/**
 * The increase of a cumulative value between two polls, sent as a whole-number {@code |c}: fractions are carried to the
 * next poll, so that the sum sent follows the value. Used by the poll thread only.
 */
final class Delta {

    private double last;
    private double carried;

    /** Sends the increase since the last value: a value that went down (a reset) is the new base, with nothing sent. */
    void send(Poller poller, double value, String name, String[] tags) {
        if (!Double.isFinite(value)) {
            poller.skip();
            return;
        }
        double increase = value - last;
        last = value;
        if (increase < 0) {
            return;
        }
        double sum = increase + carried;
        long whole = (long) sum;
        carried = sum - whole;
        poller.client.count(name, whole, tags);
    }
}
