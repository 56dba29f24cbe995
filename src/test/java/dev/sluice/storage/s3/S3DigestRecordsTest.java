package dev.sluice.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.s3.S3DigestRecords.Digests;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The digest record's line: the CRC-32 is an optional last field, and a record counts only for its version. */
class S3DigestRecordsTest {

    private static final String SHA256 = "a".repeat(64);
    private static final HeadObjectResponse HEAD =
            HeadObjectResponse.builder().eTag("\"abc-2\"").versionId("v1").build();

    @Test
    void aRecordWithItsCrc32GivesBothDigests() {
        assertThat(S3DigestRecords.parse("sluice-digest 1 abc-2 v1 " + SHA256 + " 89abcdef\n", HEAD))
                .isEqualTo(new Digests(SHA256, 0x89abcdefL));
    }

    @Test
    void aRecordWrittenBeforeTheCrc32GivesTheSha256Only() {
        assertThat(S3DigestRecords.parse("sluice-digest 1 abc-2 - " + SHA256 + "\n", HEAD))
                .isEqualTo(new Digests(SHA256, null));
    }

    @Test
    void anInvalidCrc32IsUnknownNotWrong() {
        assertThat(S3DigestRecords.parse("sluice-digest 1 abc-2 v1 " + SHA256 + " xyz\n", HEAD))
                .isEqualTo(new Digests(SHA256, null));
    }

    @Test
    void aRecordOfAnotherVersionOrFormatCountsForNothing() {
        assertThat(S3DigestRecords.parse("sluice-digest 1 other-2 v1 " + SHA256 + " 1\n", HEAD))
                .isNull();
        assertThat(S3DigestRecords.parse("sluice-digest 1 abc-2 v2 " + SHA256 + " 1\n", HEAD))
                .isNull();
        assertThat(S3DigestRecords.parse("sluice-digest 2 abc-2 v1 " + SHA256 + " 1\n", HEAD))
                .isNull();
        assertThat(S3DigestRecords.parse("sluice-digest 1 abc-2 v1 " + SHA256 + " 1 extra\n", HEAD))
                .isNull();
    }
}
