package dev.sluice.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Folders are real: created empty, listed, kept when emptied, deleted only when asked (recursively if need be). */
abstract class FolderContract extends ContractCases {

    FolderContract(ObjectStoreContractTest fixture) {
        super(fixture);
    }

    @Test
    void aCreatedFolderIsListedWhileEmptyAndCreatingItAgainIsNoChange() {
        StepVerifier.create(store().createFolder(key("docs/empty")))
                .expectNext(true)
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(store().createFolder(key("docs/empty")))
                .expectNext(false)
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(prefixes("")).containsExactly("docs/");
        assertThat(prefixes("docs/")).containsExactly("docs/empty/");
        assertThat(prefixes("docs/empty/")).isEmpty();
        assertThat(store().folderExists(key("docs/empty")).block(TIMEOUT)).isTrue();
        assertThat(store().folderExists(key("docs")).block(TIMEOUT)).isTrue();
        assertThat(store().folderExists(key("nothing")).block(TIMEOUT)).isFalse();
    }

    @Test
    void aFolderCannotTakeTheNameOfAnObjectNorLieBelowOne() {
        write("f", utf8("object"));

        StepVerifier.create(store().createFolder(key("f")))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().createFolder(key("f/sub")))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        assertThat(readNow("f")).isEqualTo(utf8("object"));
        assertThat(store().folderExists(key("f")).block(TIMEOUT)).isFalse();
    }

    @Test
    void anObjectCannotTakeTheNameOfAnEmptyFolder() {
        store().createFolder(key("x")).block(TIMEOUT);

        StepVerifier.create(store().write(key("x"), content(utf8("clash")), TEXT, Precondition.NONE))
                .expectError(KeyFolderConflictException.class)
                .verify(TIMEOUT);
        assertThat(prefixes("")).containsExactly("x/");
    }

    @Test
    void deletingTheLastObjectKeepsItsFolder() {
        write("p/q/only.txt", utf8("1"));
        delete("p/q/only.txt");

        assertThat(store().folderExists(key("p/q")).block(TIMEOUT)).isTrue();
        assertThat(prefixes("p/")).containsExactly("p/q/");
    }

    @Test
    void aFolderThatHoldsSomethingIsDeletedOnlyRecursively() {
        write("d/a.txt", utf8("abc"));
        write("d/e/b.txt", utf8("de"));
        store().createFolder(key("d/empty")).block(TIMEOUT);

        StepVerifier.create(store().deleteFolder(key("d"), false))
                .expectError(FolderNotEmptyException.class)
                .verify(TIMEOUT);
        assertThat(readNow("d/a.txt")).isEqualTo(utf8("abc"));

        StepVerifier.create(store().deleteFolder(key("d"), true))
                .expectNext(new FolderSummary(2, 5))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(store().folderExists(key("d")).block(TIMEOUT)).isFalse();
        assertThat(prefixes("")).isEmpty();
        StepVerifier.create(store().stat(key("d/e/b.txt")))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
        StepVerifier.create(store().deleteFolder(key("d"), true))
                .expectError(ObjectNotFoundException.class)
                .verify(TIMEOUT);
    }

    @Test
    void deletingAnEmptyFolderKeepsItsParent() {
        store().createFolder(key("top/inner")).block(TIMEOUT);

        StepVerifier.create(store().deleteFolder(key("top/inner"), false))
                .expectNext(FolderSummary.EMPTY)
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(prefixes("")).containsExactly("top/");
        assertThat(prefixes("top/")).isEmpty();
    }

    List<String> prefixes(String prefix) {
        ListPage page = store().list(new ListQuery(prefix, true, null, 100)).block(TIMEOUT);
        assertThat(page).isNotNull();
        return page.prefixes();
    }
}
