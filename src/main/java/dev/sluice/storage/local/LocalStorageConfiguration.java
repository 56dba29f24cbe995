package dev.sluice.storage.local;

import dev.sluice.storage.StorageProperties;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.ExecutorService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.scheduler.Schedulers;

/** Wires the local backend when {@code sluice.storage.type=local} (the default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sluice.storage.type", havingValue = "local", matchIfMissing = true)
class LocalStorageConfiguration {

    /** The bounded pool behind every {@code AsynchronousFileChannel} of the store. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService sluiceFileIoExecutor(StorageProperties properties) {
        return LocalObjectStore.fileIoExecutor(properties.ioThreads());
    }

    @Bean(destroyMethod = "close")
    LocalObjectStore localObjectStore(StorageProperties properties, ExecutorService sluiceFileIoExecutor) {
        // Pooled direct buffers: file reads land where the socket write takes them, with no copy in between.
        NettyDataBufferFactory buffers = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
        return LocalObjectStore.open(properties.root(), sluiceFileIoExecutor, Schedulers.boundedElastic(), buffers,
                properties.fsync(), properties.cache().capacity(), properties.cache().maxObjectSize().toBytes());
    }
}
