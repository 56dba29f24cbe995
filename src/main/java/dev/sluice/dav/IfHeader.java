package dev.sluice.dav;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code If} request header (RFC 4918 §10.4): lists of conditions, untagged (about the request URI) or tagged
 * with a resource, each condition a state token ({@code <urn:uuid:…>}) or an entity tag ({@code ["…"]}), either
 * one negated by {@code Not}. The header holds when at least one list holds; a list holds when all its conditions
 * do.
 *
 * @param lists the lists in the order sent
 */
record IfHeader(List<IfList> lists) {

    /** A list; {@code resource} is the tag (a URI or absolute path, as sent) or null for the request URI. */
    record IfList(@Nullable String resource, List<Condition> conditions) {}

    /** One condition: a state token or an entity tag (exactly one non-null). */
    record Condition(
            boolean not, @Nullable String token, @Nullable String etag) {}

    /** The state of a resource that conditions are evaluated against. */
    interface State {
        /** The resource's entity tag (quoted), or null when it has none (missing, or a collection). */
        @Nullable
        String etag();

        /** Whether {@code token} is a lock that covers the resource now. */
        boolean locked(String token);
    }

    /** The state tokens sent in the header, outside {@code Not}: those the request submits. */
    Set<String> submittedTokens() {
        Set<String> tokens = new LinkedHashSet<>();
        for (IfList list : lists) {
            for (Condition condition : list.conditions()) {
                if (condition.token() != null && !condition.not()) {
                    tokens.add(condition.token());
                }
            }
        }
        return tokens;
    }

    /** Whether at least one list holds; {@code stateOf} gives the state of a tag (null: the request URI's). */
    boolean holds(java.util.function.Function<@Nullable String, State> stateOf) {
        for (IfList list : lists) {
            State state = stateOf.apply(list.resource());
            boolean all = true;
            for (Condition condition : list.conditions()) {
                boolean match = condition.token() != null
                        ? state.locked(condition.token())
                        : condition.etag() != null && condition.etag().equals(state.etag());
                if (match == condition.not()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The resource tags named, in order, without duplicates. */
    List<String> resources() {
        List<String> tags = new ArrayList<>();
        for (IfList list : lists) {
            if (list.resource() != null && !tags.contains(list.resource())) {
                tags.add(list.resource());
            }
        }
        return tags;
    }

    /** Parses the header value, or 400 when it does not follow the grammar. */
    static IfHeader parse(String value) {
        List<IfList> lists = new ArrayList<>();
        int i = 0;
        int n = value.length();
        @Nullable String tag = null;
        Boolean tagged = null;
        while (true) {
            i = skipSpace(value, i);
            if (i >= n) {
                break;
            }
            char c = value.charAt(i);
            if (c == '<') {
                int end = value.indexOf('>', i);
                if (end < 0) {
                    throw invalid("an unclosed resource tag");
                }
                if (Boolean.FALSE.equals(tagged)) {
                    throw invalid("tagged and untagged lists mixed");
                }
                tagged = true;
                tag = value.substring(i + 1, end);
                i = end + 1;
                i = skipSpace(value, i);
                if (i >= n || value.charAt(i) != '(') {
                    throw invalid("a resource tag without a list");
                }
            } else if (c == '(') {
                if (tagged == null) {
                    tagged = false;
                }
                int[] next = {i + 1};
                lists.add(new IfList(tag, parseList(value, next)));
                i = next[0];
            } else {
                throw invalid("unexpected '" + c + "'");
            }
        }
        if (lists.isEmpty()) {
            throw invalid("no list");
        }
        return new IfHeader(List.copyOf(lists));
    }

    private static List<Condition> parseList(String value, int[] position) {
        List<Condition> conditions = new ArrayList<>();
        int i = position[0];
        int n = value.length();
        while (true) {
            i = skipSpace(value, i);
            if (i >= n) {
                throw invalid("an unclosed list");
            }
            char c = value.charAt(i);
            if (c == ')') {
                i++;
                break;
            }
            boolean not = false;
            if (value.regionMatches(true, i, "Not", 0, 3)) {
                not = true;
                i = skipSpace(value, i + 3);
                if (i >= n) {
                    throw invalid("Not without a condition");
                }
                c = value.charAt(i);
            }
            if (c == '<') {
                int end = value.indexOf('>', i);
                if (end < 0) {
                    throw invalid("an unclosed state token");
                }
                conditions.add(new Condition(not, value.substring(i + 1, end).trim(), null));
                i = end + 1;
            } else if (c == '[') {
                int end = value.indexOf(']', i);
                if (end < 0) {
                    throw invalid("an unclosed entity tag");
                }
                String etag = value.substring(i + 1, end).trim();
                if (etag.startsWith("W/")) {
                    // a weak tag never matches: conditions compare strongly
                    etag = "\u0000" + etag;
                }
                conditions.add(new Condition(not, null, etag));
                i = end + 1;
            } else {
                throw invalid("unexpected '" + c + "' in a list");
            }
        }
        if (conditions.isEmpty()) {
            throw invalid("an empty list");
        }
        position[0] = i;
        return List.copyOf(conditions);
    }

    private static int skipSpace(String value, int i) {
        while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static ApiException invalid(String why) {
        return new ApiException(ProblemCode.INVALID_HEADER, "The If header does not parse: " + why);
    }
}
