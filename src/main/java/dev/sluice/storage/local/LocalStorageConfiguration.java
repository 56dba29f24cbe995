package dev.sluice.storage.local;

import dev.sluice.storage.StorageProperties;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.scheduler.Schedulers;

/** Wires the local backend when {@code sluice.storage.type=local} (the default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sluice.storage.type", havingValue = "local", matchIfMissing = true)
class LocalStorageConfiguration {

    /**
     * The bounded pool behind every {@code AsynchronousFileChannel}: on Linux the JDK runs file I/O on a thread
     * pool, and its default one grows without bound. Reads and writes are submitted from event-loop threads, so the
     * queue is a lock-free {@link LinkedTransferQueue}: a {@code LinkedBlockingQueue} (what
     * {@code Executors.newFixedThreadPool} uses) takes a lock on every offer and parks the event loop when contended.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService sluiceFileIoExecutor(StorageProperties properties) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "sluice-file-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        int size = properties.ioThreads();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
                new LinkedTransferQueue<>(), threads);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Bean(destroyMethod = "close")
    LocalObjectStore localObjectStore(StorageProperties properties, ExecutorService sluiceFileIoExecutor) {
        // Pooled direct buffers: file reads land where the socket write takes them, with no copy in between.
        NettyDataBufferFactory buffers = new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
        return LocalObjectStore.open(properties.root(), sluiceFileIoExecutor, Schedulers.boundedElastic(), buffers,
                properties.fsync());
    }
}
