package dev.sluice.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The statistics table of a Gatling HTML report, read back from its {@code index.html}: Gatling 3.15 writes no
 * machine-readable statistics (its {@code simulation.log} is binary), and the summary wants the same figures the
 * report shows. Times in ms.
 */
record GatlingResults(Path report, List<Row> rows) {

    /** One line of the table: the first is "All Requests". */
    record Row(
            String name,
            long total,
            long ok,
            long ko,
            double perSecond,
            long min,
            long p50,
            long p75,
            long p95,
            long p99,
            long max,
            long mean) {}

    private static final Pattern ROW = Pattern.compile("<tr id=\"[^\"]+\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)<");
    private static final Pattern CELL = Pattern.compile("<td class=\"value [^\"]*col-(\\d+)\">([^<]*)</td>");

    /** The newest report under {@code resultsFolder}, if there is one. */
    static Optional<GatlingResults> newest(Path resultsFolder) {
        if (!Files.isDirectory(resultsFolder)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(resultsFolder)) {
            return runs.filter(run -> Files.isRegularFile(run.resolve("index.html")))
                    .max(Comparator.comparing(run -> run.getFileName().toString()))
                    .map(run -> new GatlingResults(run, parse(run.resolve("index.html"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Row all() {
        return rows.get(0);
    }

    /** Seconds the simulation ran, from its request count and rate. */
    double seconds() {
        return all().perSecond() == 0 ? 0 : all().total() / all().perSecond();
    }

    /** Copies the whole report (HTML, scripts, styles) into {@code target}, replacing what was there. */
    void copyTo(Path target) {
        if (Files.isDirectory(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path file : (Iterable<Path>) old.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Stream<Path> files = Files.walk(report)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(report.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> parse(Path index) {
        String html;
        try {
            html = Files.readString(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            Map<Integer, String> cells = new HashMap<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.put(Integer.parseInt(cell.group(1)), cell.group(2).trim());
            }
            if (name.find() && cells.size() >= 13) {
                rows.add(new Row(
                        name.group(1),
                        number(cells, 2),
                        number(cells, 3),
                        number(cells, 4),
                        Double.parseDouble(cells.get(6)),
                        number(cells, 7),
                        number(cells, 8),
                        number(cells, 9),
                        number(cells, 10),
                        number(cells, 11),
                        number(cells, 12),
                        number(cells, 13)));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("No statistics table in " + index);
        }
        return rows;
    }

    private static long number(Map<Integer, String> cells, int column) {
        String value = cells.getOrDefault(column, "-");
        return value.equals("-") ? 0 : Math.round(Double.parseDouble(value));
    }
}
