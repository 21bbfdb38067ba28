package dev.statefuljobs.common.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Numbers read by {@link Utf8ObjectReader} are the doubles Jackson gives (Double.parseDouble of the
 * text for a decimal, the long for an integer), bit for bit. The records and dead letters as a
 * whole are compared with the text reader in {@code BytesParsingTest}.
 */
class Utf8ObjectReaderTest {

    @Test
    void decimalsAreDoubleParseDoubleBitForBit() throws Exception {
        SplittableRandom rnd = new SplittableRandom(23);
        Utf8ObjectReader reader = new Utf8ObjectReader();
        int read = 0;
        for (int i = 0; i < 1_000_000; i++) {
            String number = decimal(rnd);
            byte[] record = ("{\"x\":" + number + "}").getBytes(StandardCharsets.US_ASCII);
            assertTrue(reader.reset(record, 0, record.length));
            try {
                if (!reader.nextField() || reader.isInteger()) {
                    continue;
                }
            } catch (InvalidRecordException notRead) {
                continue; // e.g. NaN, or longer than the reader takes: read as text
            }
            read++;
            double expected = Double.parseDouble(number);
            if (!Double.isFinite(expected)) {
                continue;
            }
            assertEquals(
                    Double.doubleToRawLongBits(expected),
                    Double.doubleToRawLongBits(reader.finiteDouble()),
                    number);
        }
        assertTrue(read > 500_000, "decimals read: " + read);
    }

    @Test
    void integersAreReadThroughTheLong() throws Exception {
        Utf8ObjectReader reader = new Utf8ObjectReader();
        for (String number : new String[] {"0", "-0", "7", "-42", "999999999999999999"}) {
            byte[] record = ("{\"x\":" + number + "}").getBytes(StandardCharsets.US_ASCII);
            assertTrue(reader.reset(record, 0, record.length));
            assertTrue(reader.nextField());
            assertEquals(
                    Double.doubleToRawLongBits((double) Long.parseLong(number)),
                    Double.doubleToRawLongBits(reader.finiteDouble()),
                    number);
        }
    }

    /** Amounts as the generator writes them, and decimals at the edges of the exact case. */
    private static String decimal(SplittableRandom rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return String.valueOf((1 + rnd.nextInt(100_000)) / 100.0);
            case 1:
                return String.valueOf(Double.longBitsToDouble(rnd.nextLong()));
            default:
                {
                    StringBuilder n = new StringBuilder();
                    if (rnd.nextBoolean()) {
                        n.append('-');
                    }
                    int intDigits = rnd.nextInt(0, 18);
                    n.append(intDigits == 0 ? "0" : String.valueOf(rnd.nextInt(1, 10)));
                    for (int d = 1; d < intDigits; d++) {
                        n.append((char) ('0' + rnd.nextInt(10)));
                    }
                    n.append('.');
                    for (int d = rnd.nextInt(1, 20); d > 0; d--) {
                        n.append((char) ('0' + rnd.nextInt(10)));
                    }
                    if (rnd.nextInt(3) == 0) {
                        n.append(rnd.nextBoolean() ? 'e' : 'E');
                        n.append(rnd.nextBoolean() ? "-" : rnd.nextBoolean() ? "+" : "");
                        n.append(rnd.nextInt(0, 30));
                    }
                    return n.toString();
                }
        }
    }
}
