package io.github.statsd.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses what Node's {@code util.inspect} prints for Etsy StatsD's {@code counters}, {@code gauges} and {@code timers}
 * objects: {@code { 'a.b': 3, c: -1.5, t: [ 12, 15.5 ] }}, on one or many lines. Keys are bare or quoted ({@code '},
 * {@code "} or {@code `}); values are numbers (also {@code NaN}, {@code Infinity}) or arrays of numbers. An array that
 * {@code util.inspect} truncated ({@code ... 5 more items}) is an error, not a silently short list.
 */
final class InspectParser {

    private final String text;
    private int pos;

    private InspectParser(String text) {
        this.text = text;
    }

    /**
     * Parses one object.
     *
     * @param text the printed object
     * @return its entries in printed order: {@link Double} or {@code List<Double>} values
     * @throws IllegalArgumentException when the text is not such an object
     */
    static Map<String, Object> parse(String text) {
        InspectParser p = new InspectParser(text);
        Map<String, Object> result = p.object();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("trailing text");
        }
        return result;
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            String key = key();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(key, value());
            skipSpace();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected , or }");
            }
        }
    }

    private Object value() {
        if (peek() == '[') {
            return array();
        }
        return number();
    }

    private List<Double> array() {
        expect('[');
        List<Double> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            if (text.startsWith("...", pos)) {
                throw error("util.inspect truncated the array");
            }
            list.add(number());
            skipSpace();
            char c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected , or ]");
            }
        }
    }

    private double number() {
        int start = pos;
        while (pos < text.length() && "+-.0123456789eEInfinityNa".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String token = text.substring(start, pos);
        switch (token) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    pos = start;
                    throw error("expected a number");
                }
        }
    }

    private String key() {
        char c = peek();
        if (c == '\'' || c == '"' || c == '`') {
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                char d = next();
                if (d == c) {
                    return sb.toString();
                }
                if (d == '\\') {
                    char e = next();
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(d);
                }
            }
        }
        int start = pos;
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos)) || "_$".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a key");
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw error("expected " + c);
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + pos + " in: " + text);
    }
}
