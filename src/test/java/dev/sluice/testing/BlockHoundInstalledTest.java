package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/** Proves that BlockHound runs in the test JVM and that a blocking file call on an event loop fails. */
class BlockHoundInstalledTest {

    @TempDir
    Path dir;

    @Test
    void aBlockingFileReadOnANettyEventLoopIsCaught() throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "data");
        LoopResources loops = LoopResources.create("blockhound-proof", 1, true);
        try {
            EventLoopGroup group = loops.onServer(false);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                var read = group.submit(() -> channel.read(ByteBuffer.allocate(16), 0));
                assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(BlockingOperationError.class)
                        .hasMessageContaining("sun.nio.ch.FileDispatcherImpl.pread0");
            }
            var open = group.submit(() -> readWithFileChannel(file));
            assertThatThrownBy(() -> open.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(BlockingOperationError.class)
                    .hasMessageContaining("sun.nio.fs.UnixNativeDispatcher.open0");
        } finally {
            loops.disposeLater().block(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void aBlockingStatOnAParallelSchedulerIsCaught() {
        Mono<Boolean> stat = Mono.fromCallable(() -> Files.isDirectory(dir)).subscribeOn(Schedulers.parallel());
        assertThatThrownBy(() -> stat.block(java.time.Duration.ofSeconds(10)))
                .hasCauseInstanceOf(BlockingOperationError.class);
    }

    @Test
    void theSameReadOnBoundedElasticIsAllowed() throws Exception {
        Path file = Files.writeString(dir.resolve("g.txt"), "data");
        Integer read = Mono.fromCallable(() -> readWithFileChannel(file))
                .subscribeOn(Schedulers.boundedElastic())
                .block(java.time.Duration.ofSeconds(10));
        assertThat(read).isEqualTo(4);
    }

    private static int readWithFileChannel(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.read(ByteBuffer.allocate(16));
        }
    }
}
