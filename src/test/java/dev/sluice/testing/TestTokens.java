package dev.sluice.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The admin API token every test server is configured with, so that the API tests run with security on (the
 * filter chain, under BlockHound, on every request) and authenticate with a bearer header.
 */
public final class TestTokens {

    public static final String ADMIN_TOKEN = "test-admin-token-7c1f0d";
    public static final String BEARER = "Bearer " + ADMIN_TOKEN;
    /** Slot 0 of {@code sluice.security.tokens}; tests that add their own tokens start at 1. */
    public static final int SLOT = 0;

    private TestTokens() {}

    /** Configures the admin token on the server under test. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("sluice.security.tokens[" + SLOT + "].name", () -> "tests");
        registry.add("sluice.security.tokens[" + SLOT + "].sha256", () -> sha256Hex(ADMIN_TOKEN));
        registry.add("sluice.security.tokens[" + SLOT + "].roles", () -> "admin");
    }

    /**
     * Configures the users of the browser tests, which log in through the page's login endpoint: an admin
     * {@value #PAGE_USER} (password {@value #PAGE_PASSWORD}), a reader {@value #READER_USER} and a writer
     * {@value #HOME_USER} confined to {@value #HOME_USER_HOME}. Slots 0 to 2 of {@code sluice.security.users};
     * BCrypt at its lowest cost, so that logins stay fast.
     */
    public static void registerPageUser(DynamicPropertyRegistry registry) {
        registry.add("sluice.security.users[0].name", () -> PAGE_USER);
        registry.add("sluice.security.users[0].password", () -> PAGE_PASSWORD_HASH);
        registry.add("sluice.security.users[0].roles", () -> "admin");
        // The page's role tests: a reader, and a writer confined to a home folder.
        registry.add("sluice.security.users[1].name", () -> READER_USER);
        registry.add("sluice.security.users[1].password", () -> READER_PASSWORD_HASH);
        registry.add("sluice.security.users[1].roles", () -> "reader");
        registry.add("sluice.security.users[2].name", () -> HOME_USER);
        registry.add("sluice.security.users[2].password", () -> HOME_PASSWORD_HASH);
        registry.add("sluice.security.users[2].roles", () -> "writer");
        registry.add("sluice.security.users[2].home", () -> HOME_USER_HOME);
    }

    public static final String READER_USER = "page-reader";
    public static final String READER_PASSWORD = "page-reader-password";
    public static final String HOME_USER = "page-home";
    public static final String HOME_PASSWORD = "page-home-password";
    /** The home folder of {@value #HOME_USER}. */
    public static final String HOME_USER_HOME = "page-home/";

    private static final String READER_PASSWORD_HASH = bcrypt(READER_PASSWORD);
    private static final String HOME_PASSWORD_HASH = bcrypt(HOME_PASSWORD);

    private static String bcrypt(String password) {
        return "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(password);
    }

    public static final String PAGE_USER = "page-tester";
    public static final String PAGE_PASSWORD = "page-tester-password";
    private static final String PAGE_PASSWORD_HASH =
            "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(PAGE_PASSWORD);

    /** {@code client} sending the admin token on every request. */
    public static WebTestClient authorized(WebTestClient client) {
        return client.mutate().defaultHeader("Authorization", BEARER).build();
    }

    /** The raw request {@code request} with the admin token's header added after its request line. */
    public static String withAuthorization(String request) {
        int lineEnd = request.indexOf("\r\n");
        return lineEnd < 0
                ? request
                : request.substring(0, lineEnd + 2) + "Authorization: " + BEARER + "\r\n"
                        + request.substring(lineEnd + 2);
    }

    public static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
