package dev.sluice.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

/**
 * The JDK-backed SHA-256 state against Bouncy Castle's encoded state and the JDK's own digest: a state saved by
 * one implementation continues in the other at every length around word and block edges, so instances that differ
 * in whether the JDK's digest is reachable continue each other's uploads.
 */
class Sha256StateTest {

    private static final Random RANDOM = new Random(16);

    @Test
    void theTestJvmReachesTheJdkDigest() {
        // the surefire argLine opens sun.security.provider; without it tus would run at Bouncy Castle's speed
        assertThat(JdkSha256State.available()).isTrue();
        assertThat(Sha256State.empty()).isInstanceOf(JdkSha256State.class);
    }

    @Test
    void aJdkStateContinuesInBouncyCastleAndBackAtEveryEdge() throws Exception {
        byte[] content = new byte[300];
        RANDOM.nextBytes(content);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        for (int first = 0; first <= content.length; first++) {
            int second = Math.min(content.length, first + RANDOM.nextInt(130));
            JdkSha256State jdk = JdkSha256State.empty();
            jdk.update(content, 0, first);
            SHA256Digest bouncyCastle = new SHA256Digest(jdk.encoded());
            bouncyCastle.update(content, first, second - first);
            JdkSha256State back = JdkSha256State.restore(bouncyCastle.getEncodedState());
            back.update(content, second, content.length - second);
            assertThat(back.hex()).as("split at %d and %d", first, second).isEqualTo(expected);
            assertThat(back.encoded()).isEqualTo(bouncyCastleOf(content).getEncodedState());
        }
    }

    @Test
    void largeUpdatesInManyPiecesGiveTheJdksDigest() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        RANDOM.nextBytes(content);
        Sha256State state = Sha256State.empty();
        int offset = 0;
        while (offset < content.length) {
            int length = Math.min(content.length - offset, 1 + RANDOM.nextInt(200_000));
            state.update(content, offset, length);
            state = Sha256State.restore(state.encoded());
            offset += length;
        }
        assertThat(state.hex())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
    }

    @Test
    void bouncyCastleStateRestoresInTheSameForm() {
        byte[] content = new byte[100];
        RANDOM.nextBytes(content);
        Sha256State.BouncyCastle bc = new Sha256State.BouncyCastle(new SHA256Digest());
        bc.update(content, 0, 71);
        assertThat(JdkSha256State.restore(bc.encoded()).encoded()).isEqualTo(bc.encoded());
    }

    private static SHA256Digest bouncyCastleOf(byte[] content) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(content, 0, content.length);
        return digest;
    }
}
