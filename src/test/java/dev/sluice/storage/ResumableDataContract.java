package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The content of resumable uploads ({@link ResumableData}): chunks appended at their offset over several calls (on
 * S3 across the 5 MiB part boundary and with tails under a part), every byte handed to the observer once and in
 * order, an append whose token is never saved harming nothing saved, and a sealed upload published like any staged
 * object, or read back and removed without a trace.
 */
abstract class ResumableDataContract extends ContractCases {

    private final ObjectStoreContractTest fixture;
    private ResumableData data;

    ResumableDataContract(ObjectStoreContractTest fixture) {
        super(fixture);
        this.fixture = fixture;
    }

    @BeforeEach
    void data() {
        data = fixture.resumableData();
    }

    @Test
    void chunksAppendedOverSeveralCallsArePublishedByteForByte() {
        byte[] bytes = randomBytes(3 * 1024 * 1024 + 4 * 1024 * 1024 + 1_500_000, 31);
        String name = "0123456789abcdef0123456789abcdef";
        String token = data.create(name).block(TIMEOUT);
        ByteArrayOutputStream observed = new ByteArrayOutputStream();
        int[] cuts = {0, 1000, 3 * 1024 * 1024, 7 * 1024 * 1024, bytes.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            byte[] chunk = Arrays.copyOfRange(bytes, cuts[i], cuts[i + 1]);
            ResumableData.Appended appended = data.append(name, token, cuts[i], content(chunk, 64 * 1024), view -> {
                        byte[] seen = new byte[view.remaining()];
                        view.get(seen);
                        observed.writeBytes(seen);
                    })
                    .block(TIMEOUT);
            assertThat(appended.written()).isEqualTo(chunk.length);
            data.release(name, token, appended.token()).block(TIMEOUT);
            token = appended.token();
        }
        assertThat(observed.toByteArray()).isEqualTo(bytes);

        ResumableData.Sealed sealed = data.seal(name, token, bytes.length, sha256Hex(bytes), crc32(bytes), "video/mp4")
                .block(TIMEOUT);
        WriteResult published = store().publish(sealed.staged(), key("tus/film.mp4"), Precondition.ABSENT)
                .block(TIMEOUT);

        assertThat(published.info().size()).isEqualTo(bytes.length);
        assertThat(published.info().sha256()).isEqualTo(sha256Hex(bytes));
        assertThat(published.info().contentType()).isEqualTo("video/mp4");
        assertThat(readObject("tus/film.mp4").block(TIMEOUT)).isEqualTo(bytes);
        data.remove(name, sealed.token()).block(TIMEOUT);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void anAppendNeverSavedLeavesTheSavedContentIntact() {
        byte[] first = randomBytes(6 * 1024 * 1024 + 17, 32);
        byte[] lost = randomBytes(2 * 1024 * 1024, 33);
        byte[] second = randomBytes(300_000, 34);
        String name = "abcdef0123456789abcdef0123456789";
        String created = data.create(name).block(TIMEOUT);
        String saved = data.append(name, created, 0, content(first), view -> {})
                .block(TIMEOUT)
                .token();
        // Written from the saved offset and token, but its token is never saved (a crash, a checksum mismatch).
        data.append(name, saved, first.length, content(lost), view -> {}).block(TIMEOUT);
        String resumed = data.append(name, saved, first.length, content(second), view -> {})
                .block(TIMEOUT)
                .token();
        byte[] whole = new byte[first.length + second.length];
        System.arraycopy(first, 0, whole, 0, first.length);
        System.arraycopy(second, 0, whole, first.length, second.length);

        ResumableData.Sealed sealed = data.seal(name, resumed, whole.length, sha256Hex(whole), crc32(whole), "a/b")
                .block(TIMEOUT);

        assertThat(bytesOf(data.read(name, sealed.token(), whole.length)).block(TIMEOUT))
                .isEqualTo(whole);
        data.remove(name, sealed.token()).block(TIMEOUT);
        assertThat(stagingLeftovers()).isEmpty();
    }

    @Test
    void anEmptyUploadSealsIntoAnEmptyObjectAndARemovedOneLeavesNothing() {
        String empty = "00000000000000000000000000000001";
        String token = data.create(empty).block(TIMEOUT);
        ResumableData.Sealed sealed = data.seal(empty, token, 0, sha256Hex(new byte[0]), 0, "text/plain")
                .block(TIMEOUT);
        store().publish(sealed.staged(), key("tus/empty.txt"), Precondition.ABSENT)
                .block(TIMEOUT);
        assertThat(readObject("tus/empty.txt").block(TIMEOUT)).isEmpty();

        String abandoned = "00000000000000000000000000000002";
        String started = data.create(abandoned).block(TIMEOUT);
        String written = data.append(abandoned, started, 0, content(randomBytes(100_000, 35)), view -> {})
                .block(TIMEOUT)
                .token();
        data.remove(abandoned, written).block(TIMEOUT);
        assertThat(stagingLeftovers()).isEmpty();
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.wrap(bytes));
        return crc.getValue();
    }
}
