package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Moves and copies of objects and folders: content and digests kept, conflicts and preconditions honoured. */
abstract class MoveContract extends ContractCases {

    private static final StageOptions CSV = new StageOptions("text/csv");

    MoveContract(ObjectStoreContractTest fixture) {
        super(fixture);
    }

    @Test
    void aMovedObjectKeepsItsContentAndDigestsAndLeavesItsKey() {
        byte[] bytes = randomBytes(100_000, 7);
        ObjectInfo before = write("a.csv", bytes, CSV).info();

        StepVerifier.create(store().move(key("a.csv"), key("b/c.csv"), Precondition.NONE, Overwrite.NEVER))
                .assertNext(result -> {
                    assertThat(result.created()).isTrue();
                    assertThat(result.info().key()).isEqualTo(key("b/c.csv"));
                    assertThat(result.info().sha256()).isEqualTo(sha256Hex(bytes));
                    assertThat(result.info().size()).isEqualTo(bytes.length);
                })
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(readNow("b/c.csv")).isEqualTo(bytes);
        ObjectInfo after = store().stat(key("b/c.csv")).block(TIMEOUT);
        assertThat(after).isNotNull();
        assertThat(after.contentType()).isEqualTo("text/csv");
        assertThat(after.sha256()).isEqualTo(before.sha256());
        StepVerifier.create(store().stat(key("a.csv")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void aTakenDestinationIsRefusedUnlessReplaced() {
        write("s.txt", utf8("source"));
        write("t.txt", utf8("target"));

        StepVerifier.create(store().move(key("s.txt"), key("t.txt"), Precondition.NONE, Overwrite.NEVER))
                .expectError(TargetExistsException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().copy(key("s.txt"), key("t.txt"), Precondition.NONE, Overwrite.NEVER))
                .expectError(TargetExistsException.class)
                .verify(TIMEOUT);
        assertThat(readNow("s.txt")).isEqualTo(utf8("source"));
        assertThat(readNow("t.txt")).isEqualTo(utf8("target"));

        StepVerifier.create(store().move(key("s.txt"), key("t.txt"), Precondition.NONE, Overwrite.REPLACE))
                .assertNext(result -> assertThat(result.created()).isFalse())
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(readNow("t.txt")).isEqualTo(utf8("source"));
        StepVerifier.create(store().stat(key("s.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void theSourcePreconditionIsTestedAndAMissingSourceIsNotFound() {
        write("guarded.txt", utf8("v1"));

        StepVerifier.create(store().move(key("guarded.txt"), key("moved.txt"), current -> false, Overwrite.NEVER))
                .expectError(PreconditionFailedException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().copy(key("guarded.txt"), key("moved.txt"), current -> false, Overwrite.NEVER))
                .expectError(PreconditionFailedException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().move(key("missing.txt"), key("moved.txt"), Precondition.NONE, Overwrite.NEVER))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        assertThat(readNow("guarded.txt")).isEqualTo(utf8("v1"));
        StepVerifier.create(store().stat(key("moved.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void anObjectCannotBeMovedOntoAFolderNorBelowAnObject() {
        write("m.txt", utf8("m"));
        write("dir/x.txt", utf8("x"));

        StepVerifier.create(store().move(key("m.txt"), key("dir"), Precondition.NONE, Overwrite.REPLACE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().copy(key("m.txt"), key("dir/x.txt/y"), Precondition.NONE, Overwrite.REPLACE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        assertThat(readNow("m.txt")).isEqualTo(utf8("m"));
    }

    @Test
    void aCopyIsANewObjectWithTheSameContentAndTheSourceStays() {
        byte[] bytes = randomBytes(70_000, 3);
        write("orig.csv", bytes, CSV);

        StepVerifier.create(store().copy(key("orig.csv"), key("copies/one.csv"), Precondition.NONE, Overwrite.NEVER))
                .assertNext(result -> {
                    assertThat(result.created()).isTrue();
                    assertThat(result.info().sha256()).isEqualTo(sha256Hex(bytes));
                })
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(readNow("orig.csv")).isEqualTo(bytes);
        assertThat(readNow("copies/one.csv")).isEqualTo(bytes);
        ObjectInfo copy = store().stat(key("copies/one.csv")).block(TIMEOUT);
        assertThat(copy).isNotNull();
        assertThat(copy.contentType()).isEqualTo("text/csv");
        assertThat(copy.sha256()).isEqualTo(sha256Hex(bytes));
    }

    @Test
    void aFolderMovesWithEverythingInItEmptyFoldersToo() {
        write("src/a.txt", utf8("a"));
        write("src/deep/b.txt", utf8("bb"));
        store().createFolder(key("src/empty")).block(TIMEOUT);

        StepVerifier.create(store().moveFolder(key("src"), key("dst/in"), Overwrite.NEVER))
                .expectNext(new FolderSummary(2, 3))
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(readNow("dst/in/a.txt")).isEqualTo(utf8("a"));
        assertThat(readNow("dst/in/deep/b.txt")).isEqualTo(utf8("bb"));
        assertThat(listing("dst/in/")).containsExactly("dst/in/a.txt", "dst/in/deep/", "dst/in/empty/");
        assertThat(store().folderExists(key("src")).block(TIMEOUT)).isFalse();
        assertThat(listing("")).containsExactly("dst/");
    }

    @Test
    void aFolderIsNotMovedIntoItselfNorOntoAnExistingFolderWithoutReplace() {
        write("f/a.txt", utf8("new"));
        write("g/a.txt", utf8("old"));
        write("g/keep.txt", utf8("keep"));

        StepVerifier.create(store().moveFolder(key("f"), key("f/inner"), Overwrite.NEVER))
                .expectError(InvalidKeyException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().moveFolder(key("f"), key("g"), Overwrite.NEVER))
                .expectError(TargetExistsException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().moveFolder(key("nothing"), key("h"), Overwrite.NEVER))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        assertThat(readNow("f/a.txt")).isEqualTo(utf8("new"));

        StepVerifier.create(store().moveFolder(key("f"), key("g"), Overwrite.REPLACE))
                .expectNext(new FolderSummary(1, 3))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(readNow("g/a.txt")).isEqualTo(utf8("new"));
        assertThat(readNow("g/keep.txt")).isEqualTo(utf8("keep"));
        assertThat(store().folderExists(key("f")).block(TIMEOUT)).isFalse();
    }

    @Test
    void aFolderIsNotMovedOntoAnObject() {
        write("k/a.txt", utf8("a"));
        write("obj", utf8("o"));

        StepVerifier.create(store().moveFolder(key("k"), key("obj"), Overwrite.REPLACE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().copyFolder(key("k"), key("obj/below"), Overwrite.REPLACE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        assertThat(readNow("k/a.txt")).isEqualTo(utf8("a"));
    }

    @Test
    void aFolderCopyLeavesTheSourceAndCopiesEmptyFolders() {
        write("album/one.txt", utf8("1"));
        write("album/sub/two.txt", utf8("22"));
        store().createFolder(key("album/none")).block(TIMEOUT);

        StepVerifier.create(store().copyFolder(key("album"), key("backup/album"), Overwrite.NEVER))
                .expectNext(new FolderSummary(2, 3))
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(listing("album/")).containsExactly("album/none/", "album/one.txt", "album/sub/");
        assertThat(listing("backup/album/"))
                .containsExactly("backup/album/none/", "backup/album/one.txt", "backup/album/sub/");
        assertThat(readNow("backup/album/sub/two.txt")).isEqualTo(utf8("22"));
        ObjectInfo copy = store().stat(key("backup/album/sub/two.txt")).block(TIMEOUT);
        assertThat(copy).isNotNull();
        assertThat(copy.sha256()).isEqualTo(sha256Hex(utf8("22")));
        StepVerifier.create(store().copyFolder(key("album"), key("backup/album"), Overwrite.NEVER))
                .expectError(TargetExistsException.class)
                .verify(TIMEOUT);
    }

    /** Keys and folders directly in {@code prefix}, in order. */
    private List<String> listing(String prefix) {
        ListPage page = store().list(new ListQuery(prefix, true, null, 100)).block(TIMEOUT);
        assertThat(page).isNotNull();
        return java.util.stream.Stream.concat(
                        page.items().stream().map(item -> item.key().value()), page.prefixes().stream())
                .sorted(ObjectKey.UTF8_ORDER)
                .toList();
    }
}
