package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import nn.io.NetworkJson;
import nn.network.Network;
import nn.training.EpochResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on a small generated IDX dataset through the command line, as a user would. */
class TrainEndToEndTest {

    @TempDir
    static Path temp;

    static Path data;

    @BeforeAll
    static void generateData() throws IOException {
        // 600 training images: Nielsen's split keeps the last sixth (100) for validation.
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 600, 200, 3);
    }

    static String[] train(String... extra) {
        return train(data, extra);
    }

    /** {@code train} on the IDX files in {@code data} with a small network, then {@code extra}. */
    static String[] train(Path data, String... extra) {
        String[] base = {"train", "--dataset", "idx", "--data", data.toString(), "--sizes", "784,20,10"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return args;
    }

    @Test
    void writesEpochLinesTestAccuracyModelAndReport() throws IOException {
        Path report = temp.resolve("report");
        Path model = temp.resolve("model.json");
        Cli cli = Cli.run(train("--epochs", "3", "--seed", "7", "--report", report.toString(), "--save",
                model.toString()));
        assertEquals(0, cli.exitCode, cli.toString());
        List<String> epochs = cli.out.lines().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(3, epochs.size(), cli.toString());
        Pattern line = Pattern.compile("epoch [1-3]/3 +[0-9.]+ s  training cost [0-9.]+  validation (\\d+) / 100"
                + " \\([0-9.]+%\\)");
        for (String epoch : epochs) {
            assertTrue(line.matcher(epoch).matches(), epoch);
        }
        Matcher test = Pattern.compile("test accuracy (\\d+) / 200").matcher(cli.out);
        assertTrue(test.find(), cli.toString());
        assertTrue(Integer.parseInt(test.group(1)) > 100, "the shapes are easy to tell apart: " + cli);

        Network saved = NetworkJson.load(model);
        assertEquals("[784,20,10]", TrainCommand.join(saved.sizes()));

        for (String png : new String[] {ReportWriter.LEARNING_CURVES, ReportWriter.CONFUSION_MATRIX,
                ReportWriter.MISCLASSIFIED}) {
            BufferedImage image = ImageIO.read(report.resolve(png).toFile());
            assertNotNull(image, png + " is not a readable image");
            assertTrue(image.getWidth() > 200 && image.getHeight() > 50, png);
        }
        List<String> csv = Files.readAllLines(report.resolve(ReportWriter.HISTORY_CSV));
        assertEquals(4, csv.size(), "header and three epochs: " + csv);
        assertTrue(csv.get(0).startsWith("epoch,seconds,training_cost,training_accuracy"), csv.get(0));
        for (int e = 1; e <= 3; e++) {
            String[] cells = csv.get(e).split(",");
            assertEquals(9, cells.length, csv.get(e));
            assertEquals(Integer.toString(e), cells[0]);
            Double.parseDouble(cells[2]);
            assertEquals("500", cells[4]);
            assertEquals("100", cells[7]);
        }
        JsonNode json = Checkpoint.MAPPER.readTree(report.resolve(ReportWriter.HISTORY_JSON).toFile());
        assertEquals(3, json.get("epochs").size());
        assertEquals(200, json.get("test").get("size").asInt());
        assertEquals(Integer.parseInt(test.group(1)), json.get("test").get("correct").asInt());
        int sum = 0;
        for (JsonNode row : json.get("test").get("confusion_matrix")) {
            for (JsonNode cell : row) {
                sum += cell.asInt();
            }
        }
        assertEquals(200, sum);
    }

    @Test
    void sameSeedGivesTheSameEpochLinesAndAnotherSeedDoesNot() {
        List<String> first = Cli.run(train("--epochs", "3", "--seed", "11")).epochLinesWithoutSeconds();
        List<String> second = Cli.run(train("--epochs", "3", "--seed", "11")).epochLinesWithoutSeconds();
        List<String> other = Cli.run(train("--epochs", "3", "--seed", "12")).epochLinesWithoutSeconds();
        assertEquals(3, first.size());
        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    /**
     * A plain run measures each epoch beside the next one's steps; a schedule that reads the history switches that
     * off (exponential decay by γ = 1 keeps η exactly). Both print the same figures and the same test accuracy.
     */
    @Test
    void overlappedMonitoringPrintsTheSameFiguresAsMonitoringInTurn() {
        Cli overlapped = Cli.run(train("--epochs", "4", "--seed", "13"));
        Cli inTurn = Cli.run(train("--epochs", "4", "--seed", "13", "--schedule", "exponential:1"));
        assertEquals(0, overlapped.exitCode, overlapped.toString());
        assertEquals(0, inTurn.exitCode, inTurn.toString());
        assertEquals(4, overlapped.epochLinesWithoutSeconds().size(), overlapped.toString());
        assertEquals(inTurn.epochLinesWithoutSeconds(), overlapped.epochLinesWithoutSeconds());
        assertEquals(testLine(inTurn), testLine(overlapped));
    }

    @Test
    void checkpointResumesExactlyWhereTheUninterruptedRunWouldBe() throws IOException {
        Path checkpoint = temp.resolve("checkpoint.json");
        Cli whole = Cli.run(train("--epochs", "4", "--seed", "5"));
        Cli firstHalf = Cli.run(train("--epochs", "2", "--seed", "5", "--checkpoint", checkpoint.toString()));
        assertEquals(0, firstHalf.exitCode, firstHalf.toString());
        Checkpoint.Loaded loaded = Checkpoint.read(checkpoint);
        assertEquals(2, loaded.state().orElseThrow().epochsDone());
        assertEquals(5L, loaded.state().orElseThrow().seed());
        NetworkJson.load(checkpoint); // a checkpoint is also a plain network2-format file

        // --epochs is the total; the seed comes from the checkpoint.
        Path report = temp.resolve("resumed-report");
        Cli secondHalf = Cli.run(train("--epochs", "4", "--load", checkpoint.toString(), "--checkpoint",
                checkpoint.toString(), "--report", report.toString()));
        assertEquals(0, secondHalf.exitCode, secondHalf.toString());
        assertTrue(secondHalf.out.contains("continuing " + checkpoint + " after epoch 2"), secondHalf.toString());
        assertEquals(whole.epochLinesWithoutSeconds().subList(2, 4), secondHalf.epochLinesWithoutSeconds());
        assertEquals(testLine(whole), testLine(secondHalf));

        // The history shows the continuation: the checkpoint and the report hold epochs 1-2 of the first run,
        // then 3-4 of the second.
        List<EpochResult> firstEpochs = loaded.state().orElseThrow().history();
        List<EpochResult> all = Checkpoint.read(checkpoint).state().orElseThrow().history();
        assertEquals(4, all.size());
        assertEquals(firstEpochs, all.subList(0, 2));
        for (int e = 0; e < 4; e++) {
            assertEquals(e, all.get(e).epoch());
        }
        List<String> csv = Files.readAllLines(report.resolve(ReportWriter.HISTORY_CSV));
        assertEquals(5, csv.size(), "header and four epochs: " + csv);
        for (int e = 0; e < 4; e++) {
            String[] cells = csv.get(e + 1).split(",");
            assertEquals(Integer.toString(e + 1), cells[0]);
            assertEquals(all.get(e).trainingCost(), Double.parseDouble(cells[2]));
        }
        JsonNode json = Checkpoint.MAPPER.readTree(report.resolve(ReportWriter.HISTORY_JSON).toFile());
        assertEquals(4, json.get("epochs").size());
        assertEquals(firstEpochs.get(0).evaluationAccuracy(),
                json.get("epochs").get(0).get("validation_accuracy").asInt());
    }

    /**
     * The trainer says which backend runs: OpenBLAS by default (nn-openblas is on the class path and loads here),
     * jblas when asked; both train the same network to within rounding, so the epoch lines agree.
     */
    @Test
    void printsTheBackendAndBothBackendsTrainAlike() {
        Cli fast = Cli.run(train("--epochs", "2", "--seed", "3"));
        Cli reference = Cli.run(train("--epochs", "2", "--seed", "3", "--blas", "jblas"));
        assertEquals(0, fast.exitCode, fast.toString());
        assertTrue(fast.out.lines().anyMatch(l -> l.startsWith("backend: OpenBLAS 0.3.31 (")), fast.toString());
        assertTrue(reference.out.lines().anyMatch(l -> l.startsWith("backend: jblas (OpenBLAS 2020")),
                reference.toString());
        assertEquals(reference.epochLinesWithoutSeconds(), fast.epochLinesWithoutSeconds());
        Cli wrong = Cli.run(train("--epochs", "1", "--blas", "cuda"));
        assertEquals(2, wrong.exitCode, wrong.toString());
        assertTrue(wrong.err.contains("--blas cuda: expected openblas or jblas"), wrong.toString());
    }

    /**
     * float32 says so on the backend line and learns as float64 does: on this tiny synthetic set the validation
     * accuracy after 3 epochs is within 3 points of float64's (the runs differ by float32 rounding, which changes
     * which examples end up on which side of the boundary, not how well it learns).
     */
    @Test
    void float32PrintsItsPrecisionAndLearnsAsFloat64Does() {
        Cli single = Cli.run(train("--epochs", "3", "--seed", "3", "--precision", "float32"));
        Cli reference = Cli.run(train("--epochs", "3", "--seed", "3"));
        assertEquals(0, single.exitCode, single.toString());
        assertTrue(single.out.lines().anyMatch(l -> l.startsWith("backend: OpenBLAS 0.3.31 (")
                && l.contains(", float32, ")), single.toString());
        assertTrue(reference.out.lines().anyMatch(l -> l.contains(", float64, ")), reference.toString());
        double singleAccuracy = single.lastValidationAccuracy();
        double doubleAccuracy = reference.lastValidationAccuracy();
        assertTrue(Math.abs(singleAccuracy - doubleAccuracy) <= 3.0,
                "float32 " + singleAccuracy + "%, float64 " + doubleAccuracy + "%\n" + single);
    }

    @Test
    void loadRejectsDisagreeingSizes() throws IOException {
        Path model = temp.resolve("small.json");
        assertEquals(0, Cli.run(train("--epochs", "1", "--seed", "1", "--save", model.toString())).exitCode);
        Cli cli = Cli.run("train", "--dataset", "idx", "--data", data.toString(), "--load", model.toString(),
                "--sizes", "784,30,10");
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("disagrees with the loaded network's [784,20,10]"), cli.toString());
    }

    @Test
    void everyCostActivationAndEngineTrains() {
        for (String[] variant : new String[][] {{"--cost", "cross-entropy"}, {"--cost", "log-likelihood"},
                {"--activation", "tanh", "--eta", "0.1"}, {"--activation", "relu", "--eta", "0.1"},
                {"--engine", "looped"}, {"--init", "large"}, {"--no-shuffle"}, {"--lambda", "1.0"},
                {"--batch", "7"}, {"--train-limit", "55"}}) {
            String[] args = new String[variant.length + 4];
            args[0] = "--epochs";
            args[1] = "1";
            args[2] = "--seed";
            args[3] = "3";
            System.arraycopy(variant, 0, args, 4, variant.length);
            Cli cli = Cli.run(train(args));
            assertEquals(0, cli.exitCode, String.join(" ", variant) + "\n" + cli);
            assertTrue(cli.out.contains("test accuracy"), cli.toString());
        }
    }

    @Test
    void evaluatePrintsAccuracyPerClassFiguresAndTheMatrix() throws IOException {
        Path model = temp.resolve("evaluated.json");
        Cli trained = Cli.run(train("--epochs", "2", "--seed", "2", "--save", model.toString()));
        Cli cli = Cli.run("evaluate", "--model", model.toString(), "--dataset", "idx", "--data", data.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals(testLine(trained), testLine(cli));
        assertTrue(cli.out.contains("class  precision  recall  examples"), cli.out);
        assertEquals(10, cli.out.lines().filter(l -> l.matches(" +\\d  +[0-9.]+%  +[0-9.]+%  +20")).count(), cli.out);
        assertTrue(cli.out.contains("true \\ predicted"), cli.out);
    }

    @Test
    void trainsOnKaggleCsvHoldingOutTheLastSixthForTesting() throws IOException {
        // Kaggle's train.csv layout: a header, then label,pixel0,…,pixel783 per line.
        nn.mnist.MnistData idx = nn.mnist.Mnist.load(data);
        StringBuilder csv = new StringBuilder("label");
        for (int p = 0; p < 784; p++) {
            csv.append(",pixel").append(p);
        }
        csv.append('\n');
        nn.mnist.ImageDataset images = idx.fullTraining();
        for (int i = 0; i < images.size(); i++) {
            csv.append(images.label(i));
            for (int p = 0; p < 784; p++) {
                csv.append(',').append(Math.round(255 * images.pixel(i, p)));
            }
            csv.append('\n');
        }
        Path file = Files.writeString(temp.resolve("train.csv"), csv);
        Cli cli = Cli.run("train", "--dataset", "csv", "--data", file.toString(), "--sizes", "784,20,10",
                "--epochs", "2", "--seed", "1");
        assertEquals(0, cli.exitCode, cli.toString());
        // 600 rows: 100 held out for testing, and of the other 500 the last sixth (83) for validation.
        assertTrue(cli.out.contains("data: 417 training, 83 validation, 100 test images"), cli.toString());
        assertTrue(cli.out.contains("test accuracy"), cli.toString());
    }

    static String testLine(Cli cli) {
        return cli.out.lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow(
                () -> new AssertionError("no test accuracy line in\n" + cli));
    }
}
