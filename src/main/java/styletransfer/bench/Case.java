package styletransfer.bench;

import java.util.Locale;
import styletransfer.transfer.Schedule;

/**
 * One benchmark case: a net at a length with a schedule. Written {@code NET:LENGTH:SCHEDULE}, or
 * {@code NET:LENGTH} for the minimal schedule.
 */
public record Case(String net, int length, Schedule schedule) {
    public Case {
        if (net == null || net.isBlank() || length <= 0 || schedule == null) {
            throw new IllegalArgumentException("a case needs a net, a positive length and a schedule");
        }
    }

    /**
     * Parses {@code NET:LENGTH[:SCHEDULE]}.
     *
     * @throws IllegalArgumentException when the text is not of that form (callers say so in their own words)
     */
    public static Case parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("not NET:LENGTH[:SCHEDULE]: " + text);
        }
        Schedule schedule = parts.length == 3 ? Schedule.valueOf(parts[2].toUpperCase(Locale.ROOT)) : Schedule.MINIMAL;
        return new Case(parts[0], Integer.parseInt(parts[1]), schedule);
    }

    /** This case with another schedule. */
    public Case with(Schedule s) {
        return new Case(net, length, s);
    }

    /** {@code NET:LENGTH}, as {@code --compare} and {@code --layers} name a case. */
    public String netAndLength() {
        return net + ":" + length;
    }

    @Override
    public String toString() {
        return net + ":" + length + ":" + schedule.name().toLowerCase(Locale.ROOT);
    }
}
