package dev.sluice.resumable;

import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A running SHA-256 whose state can be saved and restored on any instance, in Bouncy Castle's encoded form
 * ({@link SHA256Digest#getEncodedState()}), whichever implementation computes it. The JDK's own SHA-256 (which uses
 * the CPU's SHA instructions, about 5.7 times Bouncy Castle's pure Java on this project's machines) is used when
 * the JVM lets {@link JdkSha256State} reach its state; Bouncy Castle otherwise. A saved state restores in either
 * implementation, so instances that differ in this respect continue each other's uploads. Not thread-safe.
 */
interface Sha256State {

    /** A state of no content, with the fastest implementation this JVM allows. */
    static Sha256State empty() {
        return JdkSha256State.available() ? JdkSha256State.empty() : new BouncyCastle(new SHA256Digest());
    }

    /** A state restored from {@link #encoded()}. */
    static Sha256State restore(byte[] encoded) {
        return JdkSha256State.available()
                ? JdkSha256State.restore(encoded)
                : new BouncyCastle(new SHA256Digest(encoded));
    }

    /** Adds {@code length} bytes of {@code bytes} from {@code offset}. */
    void update(byte[] bytes, int offset, int length);

    /** The state in Bouncy Castle's encoded form. */
    byte[] encoded();

    /** The lowercase hex SHA-256 of everything so far; the state is left as it was. */
    default String hex() {
        SHA256Digest copy = new SHA256Digest(encoded());
        byte[] out = new byte[copy.getDigestSize()];
        copy.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }

    /** Bouncy Castle's pure-Java SHA-256: always available, slower. */
    final class BouncyCastle implements Sha256State {

        private final SHA256Digest digest;

        BouncyCastle(SHA256Digest digest) {
            this.digest = digest;
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public byte[] encoded() {
            return digest.getEncodedState();
        }
    }
}
