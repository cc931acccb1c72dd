package org.flexisip.common.config;

/** The value of an {@code IntegerRange} parameter: {@code n} (meaning {@code n-n}) or {@code n-m}. */
public record IntegerRange(int min, int max) {

    public IntegerRange {
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " is greater than max " + max);
        }
    }

    public boolean contains(int value) {
        return value >= min && value <= max;
    }

    @Override
    public String toString() {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }
}
