package dev.sluice.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

/** Reads sample values out of a Prometheus text exposition, as a scraper would see them. */
public final class PrometheusScrape {

    private final String text;

    public PrometheusScrape(String text) {
        this.text = text;
    }

    /**
     * The value of the sample whose name is {@code name} and whose labels include every {@code label="value"} pair
     * given; 0 when there is no such sample yet.
     */
    public double value(String name, String... labels) {
        return matching(name, labels).findFirst().orElse(0);
    }

    /**
     * The sum of every sample whose name is {@code name} and whose labels include every pair given (such as all heap
     * pools of {@code jvm_memory_used_bytes} with {@code area="heap"}); 0 when there is none.
     */
    public double sum(String name, String... labels) {
        return matching(name, labels).sum();
    }

    public boolean has(String name) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]")
                .matcher(text)
                .find();
    }

    private DoubleStream matching(String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$")
                .matcher(text);
        DoubleStream.Builder values = DoubleStream.builder();
        while (line.find()) {
            String set = line.group(1) == null ? "" : line.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= set.contains(label);
            }
            if (all) {
                values.add(Double.parseDouble(line.group(2)));
            }
        }
        return values.build();
    }
}
