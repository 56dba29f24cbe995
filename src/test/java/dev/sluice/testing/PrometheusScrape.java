package dev.sluice.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
        while (line.find()) {
            String set = line.group(1) == null ? "" : line.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= set.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    public boolean has(String name) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(text).find();
    }
}
