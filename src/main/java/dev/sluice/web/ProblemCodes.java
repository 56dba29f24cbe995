package dev.sluice.web;

/** The status and stable code an error will be answered with, for observers such as metrics and logs. */
public final class ProblemCodes {

    private ProblemCodes() {}

    public static int status(Throwable error) {
        return Problems.of(error, "").status().value();
    }

    public static String code(Throwable error) {
        return Problems.of(error, "").code();
    }
}
