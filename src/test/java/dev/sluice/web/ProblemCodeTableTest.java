package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table of docs/API.md's "Errors" section is {@link ProblemCode}, row for row: every code the API answers with
 * is documented, with its status and when it is sent, and the documentation names no code the API does not have.
 */
class ProblemCodeTableTest {

    private static final Path API_MD = Path.of("docs/API.md");
    private static final String SECTION = "## Errors";

    @Test
    void apiMdErrorsTableListsEveryProblemCodeWithItsStatusAndWhen() throws IOException {
        List<String> expected = Arrays.stream(ProblemCode.values())
                .map(ProblemCodeTableTest::row)
                .toList();

        assertThat(errorsTableRows())
                .as("docs/API.md's %s table; it should read:%n%s", SECTION, String.join("\n", expected))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void codesAreUniqueLowercaseWordsAndEveryStatusIsAnError() {
        assertThat(Arrays.stream(ProblemCode.values()).map(ProblemCode::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z]+(-[a-z]+)*"));
        assertThat(ProblemCode.values()).allMatch(code -> code.status().isError());
        assertThat(ProblemCode.of("not-found")).contains(ProblemCode.NOT_FOUND);
        assertThat(ProblemCode.onlyOneFor(org.springframework.http.HttpStatus.BAD_REQUEST))
                .isEmpty();
    }

    private static String row(ProblemCode code) {
        return "| " + code.status().value() + " | `" + code.code() + "` | " + code.when() + " |";
    }

    /** The rows of the first table after the section heading, without its header and separator lines. */
    private static List<String> errorsTableRows() throws IOException {
        List<String> lines = Files.readAllLines(API_MD, StandardCharsets.UTF_8);
        int start = lines.indexOf(SECTION);
        assertThat(start).as("%s has a line '%s'", API_MD, SECTION).isNotNegative();
        List<String> after = lines.subList(start + 1, lines.size());
        int first = 0;
        while (first < after.size() && !after.get(first).startsWith("|")) {
            first++;
        }
        int end = first;
        while (end < after.size() && after.get(end).startsWith("|")) {
            end++;
        }
        assertThat(end - first)
                .as("the table of %s has a header, a separator and rows", SECTION)
                .isGreaterThan(2);
        return after.subList(first + 2, end);
    }
}
