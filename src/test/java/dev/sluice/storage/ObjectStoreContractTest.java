package dev.sluice.storage;

import dev.sluice.testing.TrackingDataBufferFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour every {@link ObjectStore} backend must have, with error and cancel cases. A backend's test extends
 * this class, opens a fresh, empty store for each test in a {@code @BeforeEach} (which runs before the cases of the
 * nested classes too) and closes it in an {@code @AfterEach}. The cases live in one file per concern; each nested
 * class below runs one of them against the backend. After every case, every buffer the factory handed out must be
 * released.
 */
public abstract class ObjectStoreContractTest {

    /** The store under test: new and empty for each test. */
    protected abstract ObjectStore store();

    /**
     * The factory the store allocates read buffers from; the cases allocate the content they write from it too, so
     * that leaks on either side are caught.
     */
    protected abstract TrackingDataBufferFactory bufferFactory();

    /** Resources the store holds open now (file descriptors, connections), to find leaks; compared, not absolute. */
    protected abstract long openResourceCount();

    /** Whatever staged content is still kept by the store (temp files, unfinished multipart uploads). */
    protected abstract List<String> stagingLeftovers();

    /** The store's content of resumable uploads ({@code ResumableData}): every backend has one. */
    protected abstract ResumableData resumableData();

    @AfterEach
    void everyBufferIsReleased() {
        bufferFactory().assertAllReleased(Duration.ofSeconds(2));
    }

    @Nested
    class Lifecycle extends LifecycleContract {
        Lifecycle() {
            super(ObjectStoreContractTest.this);
        }
    }

    @Nested
    class Reads extends ReadContract {
        Reads() {
            super(ObjectStoreContractTest.this);
        }
    }

    @Nested
    class Conflicts extends ConflictContract {
        Conflicts() {
            super(ObjectStoreContractTest.this);
        }
    }

    @Nested
    class Staging extends StagingContract {
        Staging() {
            super(ObjectStoreContractTest.this);
        }
    }

    @Nested
    class Listing extends ListingContract {
        Listing() {
            super(ObjectStoreContractTest.this);
        }
    }

    @Nested
    class Folders extends FolderContract {
        Folders() {
            super(ObjectStoreContractTest.this);
        }
    }

    @Nested
    class Moves extends MoveContract {
        Moves() {
            super(ObjectStoreContractTest.this);
        }
    }

    @Nested
    class Resumable extends ResumableDataContract {
        Resumable() {
            super(ObjectStoreContractTest.this);
        }
    }
}
