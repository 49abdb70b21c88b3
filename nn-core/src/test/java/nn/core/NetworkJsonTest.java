package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import nn.io.NetworkFormatException;
import nn.io.NetworkJson;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.Sigmoid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkJsonTest {

    @TempDir
    Path dir;

    @Test
    void roundTripIsExactForRandomNetworks() {
        RandomCases.theory().forAll(integers().between(2, 4),
                integers().between(0, RandomCases.COMBINATIONS.length - 1), longs().all())
            .checkAssert((layers, combination, seed) -> {
                Network network = RandomCases.network(layers, combination, seed);
                Network back;
                try {
                    back = NetworkJson.fromJson(NetworkJson.toJson(network), "test");
                } catch (NetworkFormatException e) {
                    throw new AssertionError(e);
                }
                assertSame(network, back);
            });
    }

    @Test
    void savedFileLoadsBackIdenticallyAndHasNetwork2sShape() throws IOException {
        Network network = Network.builder(3, 4, 2).cost(QuadraticCost.INSTANCE).seed(5).build();
        Path file = dir.resolve("model.json");
        NetworkJson.save(network, file);
        assertSame(network, NetworkJson.load(file));

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("[3,4,2]", json.get("sizes").toString());
        assertEquals("QuadraticCost", json.get("cost").asText());
        assertEquals(4, json.get("weights").get(0).size(), "weights[0] is a list of 4 rows");
        assertEquals(3, json.get("weights").get(0).get(0).size(), "each of 3 numbers");
        assertEquals(1, json.get("biases").get(1).get(0).size(), "biases are one-element rows");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void refusesToSaveADivergedNetwork() throws IOException {
        Network network = Network.builder(2, 2).seed(1).build();
        Path file = dir.resolve("model.json");
        NetworkJson.save(network, file);
        byte[] good = Files.readAllBytes(file);
        network.weights[0].put(1, 0, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkJson.save(network, file));
        assertTrue(e.getMessage().contains("weights[0][1][0]"), e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(file), "the good file is kept");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                 | {\"sizes\": [2, 1],                                  | not valid JSON at line",
        "top level not an object  | [1, 2]                                               | the top level must be a JSON object",
        "sizes missing            | {\"weights\": [], \"biases\": [], \"cost\": \"QuadraticCost\"} | field \"sizes\" is missing",
        "one layer                | {\"sizes\": [2], \"weights\": [], \"biases\": [], \"cost\": \"QuadraticCost\"} | at least 2 layer sizes",
        "size zero                | {\"sizes\": [2, 0], \"weights\": [[]], \"biases\": [[]], \"cost\": \"QuadraticCost\"} | sizes[1] is 0",
        "fractional size          | {\"sizes\": [2.5, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"} | sizes[0] is 2.5",
        "unknown cost             | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"HingeCost\"} | unknown cost 'HingeCost'",
        "cost missing             | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]]} | field \"cost\" is missing",
        "too few weight matrices  | {\"sizes\": [2, 1], \"weights\": [], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"} | weights has 0 entries, expected 1",
        "wrong row count          | {\"sizes\": [2, 1], \"weights\": [[[1, 2], [3, 4]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"} | weights[0] must be a list of 1 rows",
        "wrong row length         | {\"sizes\": [2, 1], \"weights\": [[[1, 2, 3]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"} | weights[0][0] must be a list of 2 numbers",
        "bias not a one-element row | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0, 1]]], \"cost\": \"QuadraticCost\"} | biases[0][0] must be a list of 1 numbers",
        "string weight            | {\"sizes\": [2, 1], \"weights\": [[[1, \"x\"]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"} | weights[0][0][1] is string",
        "NaN weight               | {\"sizes\": [2, 1], \"weights\": [[[1, NaN]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"} | weights[0][0][1] is NaN",
        "infinite bias            | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[-Infinity]]], \"cost\": \"QuadraticCost\"} | biases[0][0][0] is -Infinity",
        "overflowing number       | {\"sizes\": [2, 1], \"weights\": [[[1, 1e999]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\"} | weights[0][0][1] is Infinity",
        "unknown activation       | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\", \"activations\": [\"swish\"]} | unknown activation 'swish'",
        "cost and output disagree | {\"sizes\": [2, 2], \"weights\": [[[1, 2], [3, 4]]], \"biases\": [[[0], [0]]], \"cost\": \"CrossEntropyCost\", \"activations\": [\"softmax\"]} | only for a sigmoid output layer",
        "newer format             | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\", \"nn_format\": 9} | nn_format is 9",
        "scaling not an object    | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\", \"input_scaling\": 3} | input_scaling must be an object",
        "unknown scaling method   | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\", \"input_scaling\": {\"method\": \"zscore\", \"offset\": [0, 0], \"scale\": [1, 1]}} | unknown scaling 'zscore'",
        "scaling of wrong length  | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\", \"input_scaling\": {\"method\": \"min_max\", \"offset\": [0], \"scale\": [1, 1]}} | input_scaling.offset must be a list of 2 numbers (one per input), found a list of 1",
        "zero scale               | {\"sizes\": [2, 1], \"weights\": [[[1, 2]]], \"biases\": [[[0]]], \"cost\": \"QuadraticCost\", \"input_scaling\": {\"method\": \"min_max\", \"offset\": [0, 0], \"scale\": [1, 0]}} | input_scaling: scale[1] is 0.0, expected a finite number above 0",
    })
    void malformedFilesAreRejectedWithASpecificMessage(String name, String json, String expected) {
        NetworkFormatException e = assertThrows(NetworkFormatException.class, () -> NetworkJson.fromJson(json, "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    void aFileWrittenByNetwork2WithoutOurFieldsLoadsAsSigmoid() throws IOException {
        Network network = NetworkJson.fromJson(Network2FixtureTest.resource("network2-4-5-2.json"), "fixture");
        for (int l = 0; l < network.numLayers() - 1; l++) {
            assertEquals(Sigmoid.INSTANCE, network.activation(l));
        }
        assertArrayEquals(new int[] {4, 5, 2}, network.sizes());
        assertFalse(NetworkJson.toJson(network).isEmpty());
    }

    private static void assertSame(Network expected, Network actual) {
        assertArrayEquals(expected.sizes(), actual.sizes());
        assertEquals(expected.cost(), actual.cost());
        for (int l = 0; l < expected.numLayers() - 1; l++) {
            assertEquals(expected.activation(l), actual.activation(l));
            assertArrayEquals(expected.weights[l].data, actual.weights[l].data, 0.0, "weights bit for bit");
            assertArrayEquals(expected.biases[l].data, actual.biases[l].data, 0.0, "biases bit for bit");
        }
    }

    @Test
    void extraFieldsGoIntoTheSameObjectAndReadersSkipThem() throws IOException {
        Network network = Network.builder(3, 4, 2).seed(5).build();
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new ObjectMapper().createGenerator(text)) {
            NetworkJson.write(network, g, fields -> fields.writeNumberField("epochs_done", 7));
        }
        assertEquals(NetworkJson.toJson(network).replaceFirst("}$", ",\"epochs_done\":7}"), text.toString());
        Network back = NetworkJson.fromJson(text.toString(), "extra.json");
        assertArrayEquals(network.weights(0).data, back.weights(0).data, 0.0);
        assertEquals(7, new ObjectMapper().readTree(text.toString()).get("epochs_done").asInt());
        network.weights[0].put(0, 0, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> NetworkJson.write(network,
                new ObjectMapper().createGenerator(new StringWriter()), null));
    }
}
