package dev.statefuljobs.common.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a flat JSON object straight from the UTF-8 bytes a source read: no decoding of the whole
 * record to a {@code String}, no parser per record, field names shared between records. Parsing
 * from text was 45 to 70 % of a source thread (docs/benchmarks.md).
 *
 * <p>It reads only the common case: strings without escapes or control characters (UTF-8 checked as
 * strictly as Java's decoder), integers of up to 18 digits, short decimals, {@code null}, {@code
 * true} and {@code false}. Anything else (an escape, a nested value, a long number, a syntax error,
 * a field that does not fit the format) makes it give up, and {@link #readCleanly()} then says so:
 * the caller reads the record again with {@link JsonObjectReader#open(String)}, which gives the
 * exact reason. So a record read here is exactly the event the text reader would give, and a bad
 * record gets exactly the old dead letter ({@code Utf8ObjectReaderTest}).
 *
 * <p>One instance is reused for record after record; it is not thread-safe.
 */
public final class Utf8ObjectReader extends JsonObjectReader {

    /** Thrown on giving up; the text reader then gives the record's real reason. */
    private static final InvalidRecordException GAVE_UP =
            new InvalidRecordException("not read from bytes");

    private static final int NONE = 0;
    private static final int STRING = 1;
    private static final int INT = 2;
    private static final int DECIMAL = 3;
    private static final int NULL = 4;
    private static final int TRUE = 5;
    private static final int FALSE = 6;

    private static final byte[] NULL_TEXT = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE_TEXT = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE_TEXT = {'f', 'a', 'l', 's', 'e'};

    // Far inside Jackson's limits (number length 64, name length 50,000, string length 20M chars),
    // so that nothing read here could fail there.
    private static final int MAX_NUMBER_CHARS = 32;
    private static final int MAX_INT_DIGITS = 18;
    private static final int MAX_NAME_BYTES = 256;
    private static final int MAX_STRING_BYTES = 1 << 20;

    private static final int NAMES_KEPT = 32;

    // 10^0 .. 10^22, all exact doubles.
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private byte[] in;
    private int pos;
    private int end;
    private boolean first;
    private boolean finished;
    private boolean gaveUp;

    private int type;
    private int start;
    private int stop;
    private boolean ascii;
    private long integer;

    // The field names seen so far, so that a name is a shared String and not a new one per record.
    private final byte[][] nameBytes = new byte[NAMES_KEPT][];
    private final String[] names = new String[NAMES_KEPT];
    private int namesKept;

    /**
     * Starts reading {@code in[from, to)}. False if it does not start with an object (after
     * whitespace); the text reader then reads it.
     */
    public boolean reset(byte[] in, int from, int to) {
        this.in = in;
        this.end = to;
        this.first = true;
        this.finished = false;
        this.gaveUp = false;
        this.type = NONE;
        this.fieldName = null;
        int p = whitespace(from);
        if (p < to && in[p] == '{') {
            pos = p + 1;
            return true;
        }
        return false;
    }

    /**
     * True if the object was read to its end, with nothing after it, and nothing failed on the way:
     * only then is what the format built from it exactly what the text reader would give.
     */
    public boolean readCleanly() {
        return finished && !gaveUp;
    }

    @Override
    protected InvalidRecordException error(String reason) {
        return giveUp();
    }

    private InvalidRecordException giveUp() {
        gaveUp = true;
        type = NONE;
        return GAVE_UP;
    }

    @Override
    public boolean nextField() throws InvalidRecordException {
        if (finished || gaveUp) {
            throw giveUp();
        }
        int p = whitespace(pos);
        if (p >= end) {
            throw giveUp();
        }
        if (in[p] == '}') {
            if (whitespace(p + 1) != end) {
                throw giveUp();
            }
            finished = true;
            type = NONE;
            return false;
        }
        if (!first) {
            if (in[p] != ',') {
                throw giveUp();
            }
            p = whitespace(p + 1);
        }
        first = false;
        if (p >= end || in[p] != '"') {
            throw giveUp();
        }
        p = string(p + 1, MAX_NAME_BYTES);
        if (p < 0) {
            throw giveUp();
        }
        fieldName = sharedName();
        p = whitespace(p);
        if (p >= end || in[p] != ':') {
            throw giveUp();
        }
        p = value(whitespace(p + 1));
        if (p < 0) {
            throw giveUp();
        }
        pos = p;
        return true;
    }

    @Override
    public boolean isNull() {
        return type == NULL;
    }

    @Override
    public String string() throws InvalidRecordException {
        if (type != STRING) {
            throw giveUp();
        }
        return text();
    }

    @Override
    public double finiteDouble() throws InvalidRecordException {
        if (type == INT) {
            // Through the long, as Jackson converts an integer token: "-0" is 0.0, not -0.0.
            return integer;
        }
        if (type != DECIMAL) {
            throw giveUp();
        }
        double d = exactDecimal();
        if (Double.isNaN(d)) {
            d = Double.parseDouble(new String(in, start, stop - start, StandardCharsets.US_ASCII));
        }
        if (!Double.isFinite(d)) {
            throw giveUp();
        }
        return d;
    }

    /**
     * The current decimal, such as 631.59, when its digits fit 2^53 and its power of ten is within
     * ±22: both are then exact doubles, and one multiplication or division rounds once, correctly,
     * which is the value Double.parseDouble gives. NaN otherwise, for Double.parseDouble to read.
     */
    private double exactDecimal() {
        long digits = 0;
        int significant = 0;
        int scale = 0;
        boolean fraction = false;
        int p = start;
        boolean negative = in[p] == '-';
        if (negative) {
            p++;
        }
        for (; p < stop; p++) {
            byte c = in[p];
            if (c == '.') {
                fraction = true;
            } else if (c >= '0' && c <= '9') {
                if (significant > 0 || c != '0') {
                    if (++significant > 15) {
                        return Double.NaN;
                    }
                }
                digits = digits * 10 + (c - '0');
                if (fraction) {
                    scale--;
                }
            } else {
                break; // the exponent
            }
        }
        if (p < stop) {
            int sign = 1;
            p++;
            if (in[p] == '+' || in[p] == '-') {
                sign = in[p] == '-' ? -1 : 1;
                p++;
            }
            int exponent = 0;
            for (; p < stop; p++) {
                exponent = exponent * 10 + (in[p] - '0');
                if (exponent > 400) {
                    return Double.NaN;
                }
            }
            scale += sign * exponent;
        }
        if (scale < -22 || scale > 22) {
            return Double.NaN;
        }
        double value = scale >= 0 ? digits * POWERS_OF_TEN[scale] : digits / POWERS_OF_TEN[-scale];
        return negative ? -value : value;
    }

    @Override
    public long integer() throws InvalidRecordException {
        if (type != INT) {
            throw giveUp();
        }
        return integer;
    }

    @Override
    public boolean isInteger() {
        return type == INT;
    }

    @Override
    public void skipValue() {
        // Scalars are read whole by nextField, and nested values make it give up.
    }

    /**
     * Reads a string's content from {@code p}, just after its opening quote, to its closing quote;
     * the index after that quote, or -1 to give up.
     */
    private int string(int p, int maxBytes) {
        int from = p;
        boolean plain = true;
        while (p < end) {
            byte c = in[p];
            if (c == '"') {
                if (p - from > maxBytes) {
                    return -1;
                }
                start = from;
                stop = p;
                ascii = plain;
                return p + 1;
            }
            if (c >= 0x20 && c != '\\') {
                p++;
            } else if (c < 0) {
                plain = false;
                p = utf8Sequence(p);
                if (p < 0) {
                    return -1;
                }
            } else {
                return -1; // an escape or a control character
            }
        }
        return -1;
    }

    /**
     * The index after the well-formed UTF-8 sequence of 2 to 4 bytes at {@code p}, or -1: overlong
     * forms, surrogates and code points above U+10FFFF are refused, as Java's decoder refuses them.
     */
    private int utf8Sequence(int p) {
        int b0 = in[p] & 0xFF;
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            length = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            length = 3;
            low = b0 == 0xE0 ? 0xA0 : 0x80;
            high = b0 == 0xED ? 0x9F : 0xBF;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            length = 4;
            low = b0 == 0xF0 ? 0x90 : 0x80;
            high = b0 == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (p + length > end) {
            return -1;
        }
        int b1 = in[p + 1] & 0xFF;
        if (b1 < low || b1 > high) {
            return -1;
        }
        for (int i = p + 2; i < p + length; i++) {
            if ((in[i] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return p + length;
    }

    /** Reads the value at {@code p}; the index after it, or -1 to give up. */
    private int value(int p) {
        if (p >= end) {
            return -1;
        }
        byte c = in[p];
        if (c == '"') {
            p = string(p + 1, MAX_STRING_BYTES);
            type = STRING;
        } else if (c == 'n') {
            p = literal(p, NULL_TEXT);
            type = NULL;
        } else if (c == 't') {
            p = literal(p, TRUE_TEXT);
            type = TRUE;
        } else if (c == 'f') {
            p = literal(p, FALSE_TEXT);
            type = FALSE;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            p = number(p);
        } else {
            return -1; // a nested object or array, or not JSON
        }
        return p;
    }

    private int literal(int p, byte[] text) {
        int after = p + text.length;
        if (after > end || !Arrays.equals(in, p, after, text, 0, text.length)) {
            return -1;
        }
        return endsValue(after) ? after : -1;
    }

    /**
     * A JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, no leading zeros, no
     * plus sign.
     */
    private int number(int p) {
        int from = p;
        boolean negative = in[p] == '-';
        if (negative) {
            p++;
        }
        int digitsFrom = p;
        if (p < end && in[p] == '0') {
            p++;
        } else {
            p = digits(p);
        }
        if (p == digitsFrom) {
            return -1;
        }
        int intDigits = p - digitsFrom;
        boolean decimal = false;
        if (p < end && in[p] == '.') {
            int fraction = p + 1;
            p = digits(fraction);
            if (p == fraction) {
                return -1;
            }
            decimal = true;
        }
        if (p < end && (in[p] == 'e' || in[p] == 'E')) {
            p++;
            if (p < end && (in[p] == '+' || in[p] == '-')) {
                p++;
            }
            int exponent = p;
            p = digits(exponent);
            if (p == exponent) {
                return -1;
            }
            decimal = true;
        }
        if (!endsValue(p) || p - from > MAX_NUMBER_CHARS) {
            return -1;
        }
        start = from;
        stop = p;
        if (decimal) {
            type = DECIMAL;
            return p;
        }
        if (intDigits > MAX_INT_DIGITS) {
            return -1;
        }
        long v = 0;
        for (int i = digitsFrom; i < p; i++) {
            v = v * 10 + (in[i] - '0');
        }
        integer = negative ? -v : v;
        type = INT;
        return p;
    }

    private int digits(int p) {
        while (p < end && in[p] >= '0' && in[p] <= '9') {
            p++;
        }
        return p;
    }

    /** True if a value may end before {@code p}: the input ends, or whitespace, ',' or '}'. */
    private boolean endsValue(int p) {
        if (p >= end) {
            return true;
        }
        byte c = in[p];
        return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private int whitespace(int p) {
        while (p < end) {
            byte c = in[p];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            p++;
        }
        return p;
    }

    /** The current string, {@code in[start, stop)}. */
    private String text() {
        return new String(
                in,
                start,
                stop - start,
                ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** The current string as a field name: the String kept from an earlier record if any. */
    private String sharedName() {
        int length = stop - start;
        for (int i = 0; i < namesKept; i++) {
            byte[] kept = nameBytes[i];
            if (kept.length == length && Arrays.equals(kept, 0, length, in, start, stop)) {
                return names[i];
            }
        }
        String name = text();
        if (namesKept < NAMES_KEPT) {
            nameBytes[namesKept] = Arrays.copyOfRange(in, start, stop);
            names[namesKept++] = name;
        }
        return name;
    }
}
