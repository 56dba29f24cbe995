package dev.sluice.resumable;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's SHA-256 ({@code sun.security.provider.SHA2$SHA256}, whose compression the JIT replaces with the CPU's
 * SHA instructions) with its state read and written through its fields, translated to and from Bouncy Castle's
 * encoded state. The JDK offers no way to save a digest's state, so this needs the package opened to Sluice
 * ({@code --add-opens java.base/sun.security.provider=ALL-UNNAMED}: the packaged jar's manifest says so, and the
 * test JVMs get it); where it is not, or where the fields are not what this JDK release is known to have, a
 * self-test at class initialisation fails and {@link Sha256State} uses Bouncy Castle instead (logged once).
 *
 * <p>Bouncy Castle's encoded state (bcprov 1.87, checked by {@code Sha256StateTest} against Bouncy Castle itself):
 * bytes 0-3 the partial word, 4-7 its length, 8-15 the byte count, 16-47 the eight chaining words, 48-51 the number
 * of complete words of the current block, then those words, then one byte of "purpose". The JDK keeps the
 * chaining words in {@code state}, the partial block in {@code buffer[0..bufOfs)} and the count in
 * {@code bytesProcessed}: the same content, laid out differently. All words are big-endian in both.
 */
final class JdkSha256State implements Sha256State {

    private static final Logger log = LoggerFactory.getLogger(JdkSha256State.class);
    private static final @Nullable Access ACCESS = Access.open();

    private final Object spi;

    private JdkSha256State(Object spi) {
        this.spi = spi;
    }

    /** Whether this JVM lets the JDK's SHA-256 state be saved. */
    static boolean available() {
        return ACCESS != null;
    }

    static JdkSha256State empty() {
        return new JdkSha256State(access().create());
    }

    static JdkSha256State restore(byte[] encoded) {
        Access access = access();
        Object spi = access.create();
        decode(access, spi, encoded);
        return new JdkSha256State(spi);
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        access().update(spi, bytes, offset, length);
    }

    @Override
    public byte[] encoded() {
        return encode(access(), spi);
    }

    private static void decode(Access access, Object spi, byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        int partialWordLength = in.getInt(4);
        long count = in.getLong(8);
        int words = in.getInt(48);
        if (partialWordLength < 0 || partialWordLength > 3 || words < 0 || words > 15 || count < 0) {
            throw new IllegalArgumentException("not a SHA-256 state");
        }
        int[] chaining = access.chaining(spi);
        for (int i = 0; i < 8; i++) {
            chaining[i] = in.getInt(16 + 4 * i);
        }
        byte[] buffer = access.buffer(spi);
        in.position(52);
        in.get(buffer, 0, words * 4);
        System.arraycopy(encoded, 0, buffer, words * 4, partialWordLength);
        access.setPartialLength(spi, words * 4 + partialWordLength);
        access.setCount(spi, count);
    }

    private static byte[] encode(Access access, Object spi) {
        int partial = access.partialLength(spi);
        int words = partial / 4;
        int partialWordLength = partial % 4;
        byte[] buffer = access.buffer(spi);
        ByteBuffer out = ByteBuffer.allocate(52 + words * 4 + 1);
        out.put(buffer, words * 4, partialWordLength);
        out.putInt(4, partialWordLength);
        out.putLong(8, access.count(spi));
        int[] chaining = access.chaining(spi);
        for (int i = 0; i < 8; i++) {
            out.putInt(16 + 4 * i, chaining[i]);
        }
        out.putInt(48, words);
        out.position(52);
        out.put(buffer, 0, words * 4);
        out.put(Access.PURPOSE_ANY);
        return out.array();
    }

    private static Access access() {
        Access access = ACCESS;
        if (access == null) {
            throw new IllegalStateException("the JDK's SHA-256 state is not accessible");
        }
        return access;
    }

    /** The handles on the JDK's digest, found and self-tested once. */
    private record Access(
            MethodHandle constructor,
            MethodHandle update,
            VarHandle state,
            VarHandle buffer,
            VarHandle bufOfs,
            VarHandle bytesProcessed) {

        /** Bouncy Castle's code for "any purpose", the last byte of its encoded state. */
        static final byte PURPOSE_ANY = lastByte(new SHA256Digest().getEncodedState());

        static @Nullable Access open() {
            try {
                Class<?> sha256 = Class.forName("sun.security.provider.SHA2$SHA256");
                Class<?> sha2 = sha256.getSuperclass();
                Class<?> base = sha2.getSuperclass();
                MethodHandles.Lookup own = MethodHandles.lookup();
                MethodHandles.Lookup inBase = MethodHandles.privateLookupIn(base, own);
                MethodHandles.Lookup inSha2 = MethodHandles.privateLookupIn(sha2, own);
                Access access = new Access(
                        MethodHandles.privateLookupIn(sha256, own)
                                .findConstructor(sha256, MethodType.methodType(void.class))
                                .asType(MethodType.methodType(Object.class)),
                        inBase.findVirtual(
                                        base,
                                        "engineUpdate",
                                        MethodType.methodType(void.class, byte[].class, int.class, int.class))
                                .asType(MethodType.methodType(
                                        void.class, Object.class, byte[].class, int.class, int.class)),
                        inSha2.findVarHandle(sha2, "state", int[].class),
                        inBase.findVarHandle(base, "buffer", byte[].class),
                        inBase.findVarHandle(base, "bufOfs", int.class),
                        inBase.findVarHandle(base, "bytesProcessed", long.class));
                access.selfTest();
                log.debug("tus SHA-256: the JDK's implementation, its state saved through its fields");
                return access;
            } catch (Throwable unavailable) { // NOPMD any failure means: use Bouncy Castle
                log.info(
                        "tus SHA-256: Bouncy Castle (slower), because the JDK's digest state is not accessible ({})."
                                + " Run with --add-opens java.base/sun.security.provider=ALL-UNNAMED for the JDK's.",
                        unavailable.toString());
                return null;
            }
        }

        /**
         * Saves and restores at lengths in steps of 7 over four and a half blocks (every offset within a word, many
         * within a block), continuing in each implementation, and checks against the JDK's digest.
         */
        private void selfTest() throws Exception {
            byte[] content = "The quick brown fox jumps over the lazy dog, again and again and again."
                    .repeat(4)
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] expected = MessageDigest.getInstance("SHA-256").digest(content);
            for (int split = 0; split <= content.length; split += 7) {
                Object first = create();
                update(first, content, 0, split);
                byte[] saved = encode(this, first);
                byte[] viaBouncyCastle = bouncyCastleFinish(saved, content, split);
                Object second = create();
                decode(this, second, saved);
                update(second, content, split, content.length - split);
                byte[] viaJdk = bouncyCastleFinish(encode(this, second), content, content.length);
                if (!Arrays.equals(expected, viaBouncyCastle) || !Arrays.equals(expected, viaJdk)) {
                    throw new IllegalStateException("self-test failed at " + split);
                }
            }
        }

        private static byte[] bouncyCastleFinish(byte[] saved, byte[] content, int from) {
            SHA256Digest digest = new SHA256Digest(saved);
            digest.update(content, from, content.length - from);
            byte[] out = new byte[digest.getDigestSize()];
            digest.doFinal(out, 0);
            return out;
        }

        Object create() {
            try {
                return (Object) constructor.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        void update(Object spi, byte[] bytes, int offset, int length) {
            try {
                update.invokeExact(spi, bytes, offset, length);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        int[] chaining(Object spi) {
            return (int[]) state.get(spi);
        }

        byte[] buffer(Object spi) {
            return (byte[]) buffer.get(spi);
        }

        int partialLength(Object spi) {
            return (int) bufOfs.get(spi);
        }

        void setPartialLength(Object spi, int length) {
            bufOfs.set(spi, length);
        }

        long count(Object spi) {
            return (long) bytesProcessed.get(spi);
        }

        void setCount(Object spi, long count) {
            bytesProcessed.set(spi, count);
        }

        private static byte lastByte(byte[] bytes) {
            return bytes[bytes.length - 1];
        }
    }
}
