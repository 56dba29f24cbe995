package dev.sluice.load;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The requests of {@link TransferMixSimulation}, by the name Gatling reports them under, with the body bytes each
 * one moves: the summary turns Gatling's request counts into MiB/s with it.
 */
final class TransferMix {

    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;

    /** The object sizes of the mix, smallest to largest. */
    static final List<Integer> SIZES = List.of(4 * KIB, 64 * KIB, MIB, 16 * MIB, 64 * MIB);

    /** The small sizes every small-files user moves, and the large ones a large-files user picks one of. */
    static final List<Integer> SMALL = SIZES.subList(0, 2);

    static final List<Integer> LARGE = SIZES.subList(2, 5);

    /** What a ranged GET asks for: a quarter of the object, from its middle, at most 1 MiB. */
    static long rangeLength(int size) {
        return Math.min(size / 4, MIB);
    }

    static long rangeStart(int size) {
        return size / 2 - rangeLength(size) / 2;
    }

    static String label(int size) {
        return size >= MIB ? size / MIB + " MiB" : size / KIB + " KiB";
    }

    static String putRaw(int size) {
        return "PUT raw " + label(size);
    }

    static String postMultipart(int size) {
        return "POST multipart " + label(size);
    }

    static String getWhole(int size) {
        return "GET whole " + label(size);
    }

    static String getRange(int size) {
        return "GET range of " + label(size);
    }

    /** Every request name, with the body bytes one such request moves. */
    static Map<String, Long> bytesByRequest() {
        return SIZES.stream()
                .flatMap(size -> Map.of(
                        putRaw(size),
                        (long) size,
                        postMultipart(size),
                        (long) size,
                        getWhole(size),
                        (long) size,
                        getRange(size),
                        rangeLength(size),
                        "seed " + label(size),
                        (long) size)
                        .entrySet()
                        .stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private TransferMix() {}
}
