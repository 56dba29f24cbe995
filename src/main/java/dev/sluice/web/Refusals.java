package dev.sluice.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Counts every request or connection the server turns away or cuts to defend itself, by reason, as
 * {@code sluice.refusals{reason=...}} (Prometheus: {@code sluice_refusals_total}). The reasons are a small fixed
 * vocabulary (the constants here), never client input, so the tag stays bounded.
 */
@Component
public class Refusals {

    /** A request head did not arrive whole within {@code sluice.http.connections.head-timeout}. */
    public static final String HEAD_TIMEOUT = "head-timeout";
    /** An upload body paused longer than {@code sluice.http.connections.body-read-gap}. */
    public static final String BODY_TIMEOUT = "body-timeout";
    /** A keep-alive connection stayed idle for {@code sluice.http.connections.idle-timeout}. */
    public static final String IDLE_TIMEOUT = "idle-timeout";
    /** A download's reader took nothing for {@code sluice.http.connections.download-write-gap}. */
    public static final String DOWNLOAD_STALLED = "download-stalled";
    /** One address had {@code sluice.http.connections.max-per-address} connections open already. */
    public static final String TOO_MANY_CONNECTIONS = "too-many-connections";
    /** A login or credential check refused by the throttle. */
    public static final String LOGIN_THROTTLED = "login-throttled";
    /** A transfer coding the server does not implement. */
    public static final String TRANSFER_CODING = "unsupported-transfer-coding";
    /** A request without exactly one {@code Host} header. */
    public static final String HOST_HEADER = "host-header";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public Refusals(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one refusal for {@code reason} (one of the constants). Lock-free after the first call per reason. */
    public void count(String reason) {
        counters.computeIfAbsent(
                        reason,
                        r -> Counter.builder("sluice.refusals")
                                .tag("reason", r)
                                .description("Requests and connections refused or cut to protect the server, by reason")
                                .register(registry))
                .increment();
    }
}
