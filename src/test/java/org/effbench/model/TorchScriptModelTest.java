package org.effbench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What parseInputs accepts is what ACCEPTED_INPUTS, the commands' help, says; a damaged file is
 * named before libtorch loads it.
 */
class TorchScriptModelTest {

    @Test
    void inputsAreSeparatedByCommasOrSemicolonsAlike() {
        List<TorchScriptModel.Input> commas =
                TorchScriptModel.parseInputs("1x128:int64,1x128:int64, 2x3");
        assertThat(TorchScriptModel.parseInputs("1x128:int64;1x128:int64; 2x3")).isEqualTo(commas);
        assertThat(commas)
                .extracting(Object::toString)
                .containsExactly("1x128:int64", "1x128:int64", "2x3:float32");
        assertThat(TorchScriptModel.ACCEPTED_INPUTS).contains("separated by commas or semicolons");
    }

    @Test
    void theTypesNamedAreExactlyTheTypesAccepted() {
        String named =
                TorchScriptModel.ACCEPTED_INPUTS.replaceAll(".*TYPE one of ([^;]*);.*", "$1");
        assertThat(named.split(", "))
                .containsExactly("float32", "float64", "fp32", "int32", "int64");
        // every DJL type name and the usual short names: accepted exactly when named
        List<String> candidates =
                Stream.concat(
                                Arrays.stream(DataType.values())
                                        .map(t -> t.name().toLowerCase(Locale.ROOT)),
                                Stream.of(
                                        "fp16", "fp32", "fp64", "bf16", "int", "long", "float",
                                        "double"))
                        .distinct()
                        .toList();
        for (String type : candidates) {
            boolean accepted;
            try {
                TorchScriptModel.parseInputs("1x2:" + type);
                accepted = true;
            } catch (IllegalArgumentException e) {
                assertThat(e)
                        .hasMessage(
                                "input '1x2:"
                                        + type
                                        + "' is not accepted; accepted: "
                                        + TorchScriptModel.ACCEPTED_INPUTS);
                accepted = false;
            }
            assertThat(accepted).as(type).isEqualTo(List.of(named.split(", ")).contains(type));
        }
    }

    @Test
    void dimensionsAreWholeNumbersOfAtLeastOne() {
        assertThatThrownBy(() -> TorchScriptModel.parseInputs("1x0"))
                .hasMessageStartingWith("input '1x0' is not accepted");
        assertThatThrownBy(() -> TorchScriptModel.parseInputs("1x3,1xy"))
                .hasMessageStartingWith("input '1xy' is not accepted");
        assertThatThrownBy(() -> TorchScriptModel.parseInputs("1x3:int64:x"))
                .hasMessageStartingWith("input '1x3:int64:x' is not");
    }

    private static final Path CNN =
            Path.of("src/test/resources/torchscript/small_cnn_1x3x32x32.pt");

    /**
     * A weight damaged inside the archive: libtorch would load it and run on wrong weights. The
     * fixture is the committed small CNN with one byte of a stored weight (the 3x3 convolution's,
     * {@code data/7}) flipped, made here.
     */
    @Test
    void aDamagedWeightIsNamedByFileAndMember(@TempDir Path dir) throws Exception {
        String member = "small_cnn_1x3x32x32/data/7";
        Path damaged = dir.resolve("damaged.pt");
        byte[] bytes = Files.readAllBytes(CNN);
        bytes[dataOffset(bytes, member) + 100] ^= 0x01;
        Files.write(damaged, bytes);

        assertThatThrownBy(() -> TorchScriptModel.file("file:" + damaged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(
                        "model file "
                                + Pattern.quote(damaged.toString())
                                + " is damaged: member "
                                + member
                                + " fails its CRC-32 check \\(recorded 4ec9b323, read [0-9a-f]{8}\\)");
        assertThatThrownBy(() -> ModelRef.parse("file:" + damaged, "1x3x32x32"))
                .hasMessageContaining("is damaged: member " + member);
        assertThat(TorchScriptModel.file("file:" + CNN))
                .as("the file it was made from")
                .isEqualTo(CNN);
    }

    /** Checked once per version of a file: the same path damaged afterwards is checked again. */
    @Test
    void aFileChangedSinceItsCheckIsCheckedAgain(@TempDir Path dir) throws Exception {
        Path file = Files.copy(CNN, dir.resolve("model.pt"));
        assertThat(TorchScriptModel.file("file:" + file)).isEqualTo(file);

        byte[] bytes = Files.readAllBytes(CNN);
        bytes[dataOffset(bytes, "small_cnn_1x3x32x32/data/7") + 100] ^= 0x01;
        Files.write(file, bytes);
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1000));

        assertThatThrownBy(() -> TorchScriptModel.file("file:" + file))
                .hasMessageContaining("is damaged: member small_cnn_1x3x32x32/data/7");
    }

    @Test
    void aDamagedCompressedMemberIsNamedToo(@TempDir Path dir) throws Exception {
        String member = "small_cnn_1x3x32x32/code/__torch__.py";
        Path damaged = dir.resolve("damaged.pt");
        byte[] bytes = Files.readAllBytes(CNN);
        bytes[dataOffset(bytes, member) + 20] ^= 0x40;
        Files.write(damaged, bytes);

        assertThatThrownBy(() -> TorchScriptModel.checkArchive(damaged))
                .hasMessageStartingWith(
                        "model file " + damaged + " is damaged: member " + member + " ");
    }

    /** What is not a zip at all is libtorch's to reject, with its own reason. */
    @Test
    void aFileThatIsNotAZipIsLeftToLibtorch(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("model.pt"), "not a zip");
        TorchScriptModel.checkArchive(text);
        assertThat(TorchScriptModel.file("file:" + text)).isEqualTo(text);
    }

    /** Where a member's data starts: after its local header, its name and its extra field. */
    private static int dataOffset(byte[] zip, String member) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] name = member.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + 30 < zip.length; at++) {
            if (b.getInt(at) == 0x04034b50
                    && (b.getShort(at + 26) & 0xffff) == name.length
                    && Arrays.equals(
                            Arrays.copyOfRange(zip, at + 30, at + 30 + name.length), name)) {
                return at + 30 + name.length + (b.getShort(at + 28) & 0xffff);
            }
        }
        throw new IllegalStateException("no member " + member);
    }
}
