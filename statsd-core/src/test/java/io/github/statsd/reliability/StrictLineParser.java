package io.github.statsd.reliability;

import io.github.statsd.Flavor;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A deliberately strict parser of one StatsD line per flavour, written from the protocol descriptions rather than from
 * the client's encoders. It accepts only: a non-empty name of allowed characters; exactly one {@code :} before the
 * value; a plain decimal value (no exponent, no NaN or Infinity) or a set member; {@code |type}; an optional
 * {@code |@rate} in (0, 1]; for DATADOG optional {@code |#tag,tag} with non-empty tags of at most one {@code :} and a
 * non-empty key; for TELEGRAF {@code name,key=value,...} tags with non-empty keys and values.
 */
final class StrictLineParser {

    /** A parsed line. {@code head} is everything before the value colon; {@code tags} is DATADOG's, or "". */
    record Line(String head, String value, String type, String rate, String tags) {}

    private static final Set<String> TYPES = Set.of("c", "g", "s", "ms", "h", "d");
    private static final Pattern SIGNED = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern GAUGE = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");
    private static final Pattern UNSIGNED = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    private StrictLineParser() {}

    /** Characters allowed in names, tag keys and values, and set members: none that any flavour uses as syntax. */
    static boolean allowed(char c) {
        if (c < 0x80) {
            return c > ' ' && c != 0x7f && ":|@#,=;".indexOf(c) < 0;
        }
        return !Character.isISOControl(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c);
    }

    static boolean allAllowed(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!allowed(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static Line parse(Flavor flavor, String line) {
        int colon = line.indexOf(':');
        check(colon > 0, "no name or no ':'", line);
        String head = line.substring(0, colon);
        checkHead(flavor, head, line);
        String[] parts = line.substring(colon + 1).split("\\|", -1);
        check(parts.length >= 2, "no |type", line);
        String value = parts[0];
        String type = parts[1];
        check(TYPES.contains(type), "unknown type '" + type + "'", line);
        String rate = null;
        String tags = "";
        int i = 2;
        if (i < parts.length && parts[i].startsWith("@")) {
            rate = parts[i++].substring(1);
            check(UNSIGNED.matcher(rate).matches(), "rate not a plain decimal", line);
            BigDecimal r = new BigDecimal(rate);
            check(r.signum() > 0 && r.compareTo(BigDecimal.ONE) <= 0, "rate not in (0, 1]", line);
        }
        if (flavor == Flavor.DATADOG && i < parts.length && parts[i].startsWith("#")) {
            tags = parts[i++].substring(1);
            for (String tag : tags.split(",", -1)) {
                int c = tag.indexOf(':');
                String key = c < 0 ? tag : tag.substring(0, c);
                check(allAllowed(key), "bad tag key in '" + tag + "'", line);
                if (c >= 0) {
                    check(allAllowed(tag.substring(c + 1)), "bad tag value in '" + tag + "'", line);
                }
            }
        }
        check(i == parts.length, "unexpected field '" + (i < parts.length ? parts[i] : "") + "'", line);
        if (type.equals("s")) {
            check(allAllowed(value) || SIGNED.matcher(value).matches(), "bad set member", line);
        } else if (type.equals("g")) {
            check(GAUGE.matcher(value).matches(), "gauge value not a plain decimal", line);
        } else if (type.equals("c")) {
            check(SIGNED.matcher(value).matches(), "counter value not a plain integer or decimal", line);
        } else {
            check(UNSIGNED.matcher(value).matches() || !type.equals("ms"), "timer not a plain decimal >= 0", line);
            check(SIGNED.matcher(value).matches(), "value not a plain decimal", line);
        }
        return new Line(head, value, type, rate, tags);
    }

    private static void checkHead(Flavor flavor, String head, String line) {
        if (flavor != Flavor.TELEGRAF) {
            check(allAllowed(head), "bad name '" + head + "'", line);
            return;
        }
        List<String> parts = List.of(head.split(",", -1));
        check(allAllowed(parts.get(0)), "bad measurement name", line);
        for (String tag : parts.subList(1, parts.size())) {
            int eq = tag.indexOf('=');
            check(eq > 0, "tag without key=", line);
            check(allAllowed(tag.substring(0, eq)), "bad tag key in '" + tag + "'", line);
            check(allAllowed(tag.substring(eq + 1)), "bad tag value in '" + tag + "'", line);
        }
    }

    private static void check(boolean ok, String what, String line) {
        if (!ok) {
            throw new IllegalArgumentException(what + ": " + line);
        }
    }
}
