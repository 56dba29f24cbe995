package dev.sluice.storage.local;

import dev.sluice.storage.ResumableData;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.ExecutorService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Wires the local backend when {@code sluice.storage.type=local} (the default). The store is also the
 * application's {@code CapacityAware} bean (it has a disk); callers that need free space inject that capability,
 * decided here once, instead of testing the store's type.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sluice.storage.type", havingValue = "local", matchIfMissing = true)
class LocalStorageConfiguration {

    /** The bounded pool behind every {@code AsynchronousFileChannel} of the store. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService sluiceFileIoExecutor(LocalStorageProperties properties) {
        return LocalObjectStore.fileIoExecutor(properties.ioThreads());
    }

    /**
     * The store, opened before anything is served. A store of the previous (trailer) format is converted in place
     * first ({@link FormatUpgrade#trailerConversion}); start-up waits for it, so nothing is served half-converted.
     */
    @Bean(destroyMethod = "close")
    LocalObjectStore localObjectStore(LocalStorageProperties properties, ExecutorService sluiceFileIoExecutor) {
        // Pooled direct buffers: file reads land where the socket write takes them, with no copy in between.
        NettyDataBufferFactory buffers = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
        return LocalObjectStore.open(
                LocalObjectStore.Options.of(properties),
                sluiceFileIoExecutor,
                Schedulers.boundedElastic(),
                buffers,
                FormatUpgrade.trailerConversion(properties.fsync()));
    }

    /** The content of resumable uploads, held by the store. */
    @Bean
    ResumableData sluiceResumableData(LocalObjectStore localObjectStore) {
        return localObjectStore.resumableData();
    }
}
