package dev.sluice.resumable;

/**
 * Joins CRC-32s: the CRC-32 of {@code A + B} from those of {@code A} and {@code B} and the length of {@code B},
 * zlib's {@code crc32_combine} (GF(2) matrix powers, O(log n)). So an upload's CRC-32 is carried across chunks,
 * and across the partial uploads of a concatenation, as one number, while each chunk is summed by
 * {@link java.util.zip.CRC32} (an intrinsic), which cannot export its state.
 */
final class Crc32Combination {

    private static final int GF2_DIM = 32;
    private static final long POLYNOMIAL = 0xedb88320L;

    private Crc32Combination() {}

    /** The CRC-32 of the concatenation of a block with CRC {@code crc1} and a block of {@code length2} bytes with {@code crc2}. */
    static long combine(long crc1, long crc2, long length2) {
        if (length2 <= 0) {
            return crc1;
        }
        long[] even = new long[GF2_DIM];
        long[] odd = new long[GF2_DIM];
        odd[0] = POLYNOMIAL;
        long row = 1;
        for (int n = 1; n < GF2_DIM; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd); // two zero bits
        square(odd, even); // four zero bits
        long len = length2;
        long crc = crc1;
        do {
            square(even, odd);
            if ((len & 1) != 0) {
                crc = times(even, crc);
            }
            len >>= 1;
            if (len == 0) {
                break;
            }
            square(odd, even);
            if ((len & 1) != 0) {
                crc = times(odd, crc);
            }
            len >>= 1;
        } while (len != 0);
        return (crc ^ crc2) & 0xffffffffL;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        long v = vector;
        for (int i = 0; v != 0; i++, v >>>= 1) {
            if ((v & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(long[] square, long[] matrix) {
        for (int n = 0; n < GF2_DIM; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
