package org.onedoor.terminal.bench;

import java.util.Map;

/**
 * One measured figure, as the suite prints and writes it.
 *
 * @param benchmark  the benchmark that measured it, e.g. {@code frame-to-relay}
 * @param name       what was measured, e.g. {@code cache p99}
 * @param value      the measured value
 * @param unit       e.g. {@code ms}, {@code /s}, {@code MiB}, {@code %}
 * @param conditions how it was measured (sample size, delays, flags), written into the JSON beside the value
 */
public record Figure(String benchmark, String name, double value, String unit, Map<String, Object> conditions) {
    public Figure {
        conditions = Map.copyOf(conditions);
    }
}
