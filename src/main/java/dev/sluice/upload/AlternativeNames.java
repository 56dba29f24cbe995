package dev.sluice.upload;

import java.util.regex.Pattern;

/**
 * The names {@code conflict=rename} tries after the original: {@code a (1).txt}, {@code a (2).txt}, ... The number
 * goes before the extension, and compound archive extensions stay whole ({@code a (1).tar.gz}).
 */
public final class AlternativeNames {

    private static final Pattern COMPOUND = Pattern.compile("(?i).+(\\.tar\\.[a-z0-9]{1,4})$");

    private AlternativeNames() {}

    /** The {@code n}th alternative (n from 1) for {@code name}. */
    public static String numbered(String name, int n) {
        int split = extensionStart(name);
        return name.substring(0, split) + " (" + n + ")" + name.substring(split);
    }

    /** What every numbered alternative of {@code name} starts with: {@code a (} for {@code a.txt}. */
    static String numberedPrefix(String name) {
        return name.substring(0, extensionStart(name)) + " (";
    }

    private static int extensionStart(String name) {
        var compound = COMPOUND.matcher(name);
        if (compound.matches()) {
            return compound.start(1);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? dot : name.length();
    }
}
