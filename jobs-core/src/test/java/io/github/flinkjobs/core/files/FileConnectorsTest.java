package io.github.flinkjobs.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConnectorsTest {

    @TempDir
    Path temp;

    @Test
    void anAbsentOrEmptyOutputDirectoryIsFine() throws Exception {
        Path empty = Files.createDirectory(temp.resolve("empty"));

        FileConnectors.checkOutputDirectory(temp.resolve("absent").toUri(), false);
        FileConnectors.checkOutputDirectory(empty.toUri(), false);
        FileConnectors.emptyDirectory(temp.resolve("absent").toUri());

        assertThat(empty).isEmptyDirectory();
    }

    @Test
    void aNonEmptyOutputDirectoryIsRefusedWithoutOverwrite() throws Exception {
        Path out = Files.createDirectory(temp.resolve("out"));
        Files.writeString(out.resolve("part-0"), "old");

        assertThatThrownBy(() -> FileConnectors.checkOutputDirectory(out.toUri(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessage("output directory " + out + " is not empty: choose another one, or give --overwrite to"
                        + " replace its contents");
        assertThat(out.resolve("part-0")).exists();
    }

    @Test
    void overwriteAcceptsTheDirectoryAndEmptyingItIsASeparateStep() throws Exception {
        Path out = Files.createDirectory(temp.resolve("out"));
        Files.writeString(out.resolve("part-0"), "old");
        Files.createDirectories(out.resolve("sub/dir"));
        Files.writeString(out.resolve(".part-1.inprogress"), "old");

        FileConnectors.checkOutputDirectory(out.toUri(), true);
        assertThat(out.resolve("part-0")).exists();

        FileConnectors.emptyDirectory(out.toUri());
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void separateDirectoriesAreFineAndNestedOnesAreNot() {
        FileConnectors.requireSeparate("--a", temp.resolve("out").toUri(), "--b", temp.resolve("out-dlq").toUri());

        assertThatThrownBy(() -> FileConnectors.requireSeparate("--a", temp.toUri(), "--b",
                        temp.resolve("x/y").toUri()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void anOutputThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "x");

        assertThatThrownBy(() -> FileConnectors.checkOutputDirectory(file.toUri(), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is a file");
    }

    @Test
    void aMissingInputIsRefused() {
        Path missing = temp.resolve("missing.txt");

        assertThatThrownBy(() -> FileConnectors.lineSource(missing.toUri(), "input"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("input " + missing + " does not exist");
    }

    @Test
    void anInputWithoutVisibleFilesIsRefused() throws Exception {
        Path input = Files.createDirectories(temp.resolve("in/_temporary"));
        Files.writeString(input.resolve("part-0"), "x\n");
        Files.writeString(temp.resolve("in/.hidden"), "x\n");

        assertThatThrownBy(() -> FileConnectors.lineSource(temp.resolve("in").toUri(), "input"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("input " + temp.resolve("in") + " holds no file to read (files whose names start with . or"
                        + " _ are hidden)");
    }
}
