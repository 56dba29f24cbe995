package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.ApiTestSupport;
import dev.sluice.testing.PrometheusScrape;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The observability deployment fits the running app: every metric and label the Grafana dashboard queries is in a
 * real scrape taken after an upload, a download and a refused upload, and Prometheus is configured to scrape the
 * path that serves it. The files are read from the project root, where the build runs.
 */
class DashboardMetricsApiTest extends ApiTestSupport {

    private static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/sluice.json");
    private static final Path PROMETHEUS_CONFIG = Path.of("deploy/prometheus/prometheus.yml");
    private static final Path DATASOURCES = Path.of("deploy/grafana/provisioning/datasources/prometheus.yml");

    /** Labels that Prometheus adds to every series at scrape time; the app cannot expose them. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w:$])([a-zA-Z_:][\\w:]*)\\s*\\{([^}]*)\\}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_]\\w*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*\\}");
    // Not after a digit (1e-9, 5m), a '$' (Grafana variables) or a '.'; followed by what comes next.
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:$.])([a-zA-Z_:][\\w:]*)\\s*(\\(?)");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan",
            "atan2",
            "start",
            "end");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,");

    @Test
    void everyMetricTheDashboardQueriesIsExposedOnceAnUploadADownloadAndARefusalHappened() {
        PrometheusScrape scrape = new PrometheusScrape(scrapeAfterUploadDownloadAndRefusal());
        Set<String> metrics = new LinkedHashSet<>();
        dashboardExprs().values().forEach(expr -> metrics.addAll(metricNames(expr)));
        metrics.addAll(variableMetricNames());

        // Guards the extraction itself: a parser that finds nothing would make the last check pass vacuously.
        assertThat(metrics)
                .contains(
                        "sluice_transfers_active",
                        "sluice_upload_bytes_total",
                        "sluice_download_bytes_total",
                        "sluice_upload_refused_total",
                        "sluice_download_duration_seconds_max",
                        "sluice_storage_free_bytes",
                        "sluice_storage_min_free_bytes",
                        "sluice_upload_duration_seconds_bucket",
                        "http_server_requests_seconds_count",
                        "reactor_netty_http_server_connections_active",
                        "jvm_memory_used_bytes",
                        "jvm_threads_live_threads");
        assertThat(metrics).doesNotContain("rate", "sum", "by", "direction", "or", "vector", "instance");
        if (onS3()) {
            // The free-space panel stays empty on S3: a bucket has no free space (no CapacityAware store).
            metrics.remove("sluice_storage_free_bytes");
            metrics.remove("sluice_storage_min_free_bytes");
        }
        assertThat(metrics)
                .allSatisfy(name -> assertThat(scrape.has(name))
                        .as("the scrape has a series named %s", name)
                        .isTrue());
    }

    @Test
    void everyLabelTheDashboardSelectsOrGroupsByIsALabelOfTheMetricsItQueries() {
        String scrape = scrapeAfterUploadDownloadAndRefusal();
        dashboardExprs().forEach((where, expr) -> {
            String code = STRING.matcher(expr).replaceAll("\"\"");
            Set<String> labelsOfExpr = new HashSet<>(TARGET_LABELS);
            Matcher selector = SELECTOR.matcher(code);
            while (selector.find()) {
                Set<String> exposed = labelsOf(scrape, selector.group(1));
                labelsOfExpr.addAll(exposed);
                Matcher label = MATCHER_LABEL.matcher(selector.group(2));
                while (label.find()) {
                    assertThat(TARGET_LABELS.contains(label.group(1)) || exposed.contains(label.group(1)))
                            .as("%s: %s has a label %s", where, selector.group(1), label.group(1))
                            .isTrue();
                }
            }
            Matcher grouping = GROUPING.matcher(code);
            while (grouping.find()) {
                for (String label : grouping.group(1).split(",")) {
                    assertThat(labelsOfExpr)
                            .as("%s: a metric of the query has a label %s", where, label.strip())
                            .contains(label.strip());
                }
            }
        });
    }

    @Test
    void everyPanelAndVariableQueriesTheProvisionedPrometheusDatasource() throws IOException {
        Map<String, Object> provisioning = yaml(DATASOURCES);
        @SuppressWarnings("unchecked")
        Map<String, Object> datasource = ((List<Map<String, Object>>) provisioning.get("datasources")).get(0);
        assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        String uid = (String) datasource.get("uid");

        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("uid").asString()).isEqualTo("sluice");
        assertThat(dashboard.path("title").asString()).isEqualTo("Sluice");
        List<JsonNode> refs = new ArrayList<>();
        forEachPanel(dashboard.path("panels"), panel -> {
            if (!panel.path("type").asString().equals("row")) {
                refs.add(panel.path("datasource"));
                panel.path("targets").values().forEach(target -> refs.add(target.path("datasource")));
            }
        });
        dashboard.path("templating").path("list").values().forEach(variable -> refs.add(variable.path("datasource")));
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref.path("type").asString()).isEqualTo("prometheus");
            assertThat(ref.path("uid").asString()).isEqualTo(uid);
        });
    }

    @Test
    void prometheusScrapesTheActuatorPrometheusPathOfTheSluiceServiceEvery15Seconds() throws IOException {
        Map<String, Object> config = yaml(PROMETHEUS_CONFIG);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) config.get("scrape_configs");
        Map<String, Object> sluice = jobs.stream()
                .filter(job -> "sluice".equals(job.get("job_name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scrape job named sluice in " + PROMETHEUS_CONFIG));
        @SuppressWarnings("unchecked")
        Map<String, Object> global = (Map<String, Object>) config.get("global");
        String path = (String) sluice.get("metrics_path");

        assertThat(path).isEqualTo("/actuator/prometheus");
        assertThat(sluice.get("static_configs")).asString().contains("sluice:8080");
        assertThat(sluice.getOrDefault("scrape_interval", global.get("scrape_interval")))
                .isEqualTo("15s");
        String served = client.get()
                .uri(uri(path))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(new PrometheusScrape(served).has(onS3() ? "sluice_transfers_active" : "sluice_storage_free_bytes"))
                .isTrue();
    }

    /**
     * A small upload, its download and an upload refused as too large, then the scrape: series such as
     * {@code sluice_upload_refused_total} only exist once their event has happened.
     */
    private String scrapeAfterUploadDownloadAndRefusal() {
        put(folder + "d.bin", new byte[20_000]);
        client.get()
                .uri(files(folder + "d.bin"))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(DataBuffer.class)
                .getResponseBody()
                .doOnNext(DataBufferUtils::release)
                .blockLast(Duration.ofSeconds(10));
        client.put()
                .uri(files(folder + "too-big.bin"))
                .bodyValue(new byte[MAX_FILE_SIZE + 1])
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .returnResult();
        return client.get()
                .uri(uri("/actuator/prometheus"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** Each panel target's PromQL, keyed by panel title and refId for messages. */
    private static Map<String, String> dashboardExprs() {
        Map<String, String> exprs = new LinkedHashMap<>();
        forEachPanel(
                dashboard().path("panels"),
                panel -> panel.path("targets")
                        .values()
                        .forEach(target -> exprs.put(
                                panel.path("title").asString() + " "
                                        + target.path("refId").asString(),
                                target.path("expr").asString())));
        assertThat(exprs)
                .isNotEmpty()
                .allSatisfy((where, expr) -> assertThat(expr).as(where).isNotBlank());
        return exprs;
    }

    /** The metrics the dashboard's variables take their values from ({@code label_values(metric, label)}). */
    private static Set<String> variableMetricNames() {
        Set<String> names = new LinkedHashSet<>();
        dashboard().path("templating").path("list").values().forEach(variable -> {
            Matcher metric = LABEL_VALUES.matcher(variable.path("definition").asString());
            if (metric.find()) {
                names.add(metric.group(1));
            }
        });
        return names;
    }

    /**
     * The metric names in a PromQL expression: identifiers left once strings, ranges, grouping clauses and label
     * matchers are removed, that are neither keywords nor called like a function ({@code rate(}, {@code sum by}).
     */
    private static Set<String> metricNames(String expr) {
        String code = STRING.matcher(expr).replaceAll("\"\"");
        code = RANGE.matcher(code).replaceAll("[]");
        code = GROUPING.matcher(code).replaceAll(" ");
        code = MATCHERS.matcher(code).replaceAll("{}");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(code);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (identifier.group(2).isEmpty() && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    /** The label names on the scrape's series named {@code metric}. */
    private static Set<String> labelsOf(String scrape, String metric) {
        Set<String> labels = new HashSet<>();
        // Label values may hold '}' (uri="/api/v1/files/{key}"), so read label="value" pairs, not up to a brace.
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{(.*)\\} \\S+$")
                .matcher(scrape);
        Pattern pair = Pattern.compile("([a-zA-Z_]\\w*)=\"(?:[^\"\\\\]|\\\\.)*\"");
        while (line.find()) {
            Matcher label = pair.matcher(line.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        return labels;
    }

    private static void forEachPanel(JsonNode panels, Consumer<JsonNode> action) {
        for (JsonNode panel : panels.values()) {
            action.accept(panel);
            forEachPanel(panel.path("panels"), action); // collapsed rows keep their panels inside
        }
    }

    private static JsonNode dashboard() {
        return JsonMapper.shared().readTree(DASHBOARD);
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }
}
