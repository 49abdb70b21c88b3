package nn.examples.ui;

import java.util.Base64;

/** Pictures as the page receives them: one byte per pixel, base64, so a 28 × 28 picture is 1,048 characters. */
final class Pixels {

    private Pixels() {
    }

    /** Values in [0, 1] as bytes 0–255. */
    static String unsigned(double[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) Math.round(255 * Math.max(0, Math.min(1, values[i])));
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Signed values scaled by their largest magnitude, as bytes with 128 for zero, 255 for the largest positive and
     * 1 for the largest negative value: the page colours them on a diverging scale.
     */
    static String signed(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double scaled = max > 0 && Double.isFinite(max) ? values[i] / max : 0;
            bytes[i] = (byte) (128 + Math.round(127 * scaled));
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
