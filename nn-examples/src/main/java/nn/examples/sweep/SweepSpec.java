package nn.examples.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import nn.examples.TrainOptions;

/**
 * What a sweep tries: for each {@code nn train} option it varies, the values (or, for a random search, a range),
 * the seeds every configuration is trained with, and whether the configurations are the whole grid or a random
 * sample of it.
 *
 * <p>A spec is a small JSON file, for example
 * <pre>{@code
 * {
 *   "search": "grid",
 *   "seeds": [1, 2, 3],
 *   "options": {
 *     "eta": [0.1, 0.5, 3.0],
 *     "lambda": [0, 1, 5],
 *     "sizes": [[784, 30, 10], [784, 100, 10]],
 *     "epochs": 10
 *   }
 * }
 * }</pre>
 * or the same lists as command-line options ({@code --eta 0.1,0.5,3 --sizes 784,30,10:784,100,10 --seeds 1,2,3}).
 * A random search ({@code "search": "random", "samples": 20}) draws exactly that many distinct configurations
 * (or fails before any trial, if the lists and ranges cannot make that many), each value
 * from its list or from a range: {@code {"uniform": [0, 5]}}, {@code {"log-uniform": [0.01, 10]}} or
 * {@code {"int-uniform": [5, 50]}} (on the command line {@code 0..5}, {@code log:0.01..10}, {@code int:5..50}).
 *
 * <p>A spec is checked whole, and every configuration with {@code nn train}'s own rules, before any trial runs
 * ({@link #configurations()}): an unknown option, an empty list or a value the trainer refuses is an
 * {@link IllegalArgumentException} with a one-line message that names the source.
 */
public final class SweepSpec {

    /** How the configurations are chosen. */
    public enum Search {
        /** Every combination of the values. */
        GRID,
        /** {@code samples} distinct combinations drawn at random. */
        RANDOM
    }

    /** The values an option takes: a list, or a range a random search draws from. */
    sealed interface Domain permits Values, Range {
    }

    /** A list of values, each as it is written after the option on {@code nn train}'s command line. */
    record Values(List<String> values) implements Domain {
    }

    /**
     * A range for a random search.
     *
     * @param kind {@code uniform}, {@code log-uniform} or {@code int-uniform}
     */
    record Range(String kind, double from, double to) implements Domain {

        String draw(SplittableRandom random) {
            return switch (kind) {
                case "log-uniform" -> significant(Math.exp(Math.log(from) + random.nextDouble() * Math.log(to / from)));
                case "int-uniform" -> Long.toString((long) from + random.nextLong((long) to - (long) from + 1));
                default -> significant(from + random.nextDouble() * (to - from));
            };
        }

        /** Three significant digits: readable in a table, and a value that reads back as itself. */
        private static String significant(double x) {
            return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
    }

    private static final Map<String, TrainOptions.Kind> SWEEPABLE = TrainOptions.sweepable();
    private static final Set<String> FIELDS = Set.of("search", "samples", "search-seed", "seeds", "options");

    private final String source;
    private final Search search;
    private final int samples;
    private final long searchSeed;
    private final List<Long> seeds;
    private final Map<String, Domain> options;

    private SweepSpec(String source, Search search, int samples, long searchSeed, List<Long> seeds,
                      Map<String, Domain> options) {
        this.source = source;
        this.search = search;
        this.samples = samples;
        this.searchSeed = searchSeed;
        this.seeds = List.copyOf(seeds);
        this.options = options;
    }

    /** {@return an empty grid: one configuration, {@code train}'s defaults, seed 1} */
    public static SweepSpec empty() {
        return new SweepSpec("the command line", Search.GRID, 0, 1, List.of(1L), new LinkedHashMap<>());
    }

    /**
     * Reads a JSON spec.
     *
     * @param file the spec, a JSON object of at most 1 MiB
     * @return the spec, checked whole (its configurations are checked when asked for)
     * @throws IllegalArgumentException naming the file and the field, if it is missing or not a valid spec
     * @throws IOException              if it cannot be read
     */
    public static SweepSpec read(Path file) throws IOException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(name + ": no such file");
        }
        if (Files.size(file) > 1 << 20) {
            throw new IllegalArgumentException(name + ": " + Files.size(file) + " bytes is not a small spec (at"
                    + " most 1 MiB)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(name + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(name + ": expected a JSON object {\"options\": {...}, ...}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(name + ": unknown field \"" + field + "\"; expected " + String
                        .join(", ", List.of("search", "samples", "search-seed", "seeds", "options")));
            }
        }
        Search search = Search.GRID;
        if (root.has("search")) {
            String s = root.get("search").asText();
            if (!root.get("search").isTextual() || !(s.equals("grid") || s.equals("random"))) {
                throw new IllegalArgumentException(name + ": \"search\" must be \"grid\" or \"random\", got "
                        + root.get("search"));
            }
            search = s.equals("grid") ? Search.GRID : Search.RANDOM;
        }
        int samples = 0;
        if (root.has("samples")) {
            JsonNode n = root.get("samples");
            if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
                throw new IllegalArgumentException(name + ": \"samples\" must be a whole number ≥ 1, got " + n);
            }
            samples = n.asInt();
        }
        long searchSeed = 1;
        if (root.has("search-seed")) {
            JsonNode n = root.get("search-seed");
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                throw new IllegalArgumentException(name + ": \"search-seed\" must be a whole number, got " + n);
            }
            searchSeed = n.asLong();
        }
        List<Long> seeds = List.of(1L);
        if (root.has("seeds")) {
            seeds = seeds(name + ": \"seeds\"", root.get("seeds"));
        }
        Map<String, Domain> options = new LinkedHashMap<>();
        if (root.has("options")) {
            JsonNode o = root.get("options");
            if (!o.isObject()) {
                throw new IllegalArgumentException(name + ": \"options\" must be an object of train options, e.g."
                        + " {\"eta\": [0.1, 0.5]}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String option = optionName(name + ": options", e.getKey());
                options.put(option, domain(name + ": options." + e.getKey(), option, e.getValue()));
            }
        }
        return new SweepSpec(name, search, samples, searchSeed, seeds, options).checked();
    }

    /**
     * This spec with command-line lists added (replacing the file's list of the same option).
     *
     * @param lists         option (e.g. {@code --eta}) to its alternatives as typed, e.g. {@code 0.1,0.5,3}; for
     *                      an option whose value is itself a list, alternatives are separated by {@code :}; a range
     *                      is written {@code 0..5}, {@code log:0.01..10} or {@code int:5..50}
     * @param seeds         {@code 1,2,3}, or null to keep the spec's
     * @param randomSamples the number of random configurations, which makes the search random, or null to keep the
     *                      spec's search
     * @param searchSeed    the random search's seed, or null to keep the spec's
     * @return a new spec; this one is unchanged
     * @throws IllegalArgumentException with a one-line message, if an option cannot be swept, a list has an empty
     *                                  value, a seed is not a whole number or repeats, or {@code randomSamples} is
     *                                  less than 1
     */
    public SweepSpec with(Map<String, String> lists, String seeds, Integer randomSamples, Long searchSeed) {
        Map<String, Domain> merged = new LinkedHashMap<>(options);
        for (Map.Entry<String, String> e : lists.entrySet()) {
            String option = optionName("the command line", e.getKey());
            TrainOptions.Kind kind = SWEEPABLE.get(option);
            String text = e.getValue().trim();
            Domain domain;
            if (text.matches("(log:|int:)?[-+0-9.eE]+\\.\\.[-+0-9.eE]+")) {
                String kindName = text.startsWith("log:") ? "log-uniform" : text.startsWith("int:") ? "int-uniform"
                        : "uniform";
                String[] ends = text.replaceFirst("^(log|int):", "").split("\\.\\.", 2);
                domain = range(option + " " + text, kindName, number(option, ends[0]), number(option, ends[1]));
            } else {
                List<String> values = new ArrayList<>();
                for (String v : text.split(kind == TrainOptions.Kind.LIST ? ":" : ",", -1)) {
                    values.add(v.trim());
                }
                if (values.stream().anyMatch(String::isEmpty)) {
                    throw new IllegalArgumentException(option + " " + text + ": an empty value in the list"
                            + (kind == TrainOptions.Kind.LIST ? " (alternatives are separated by ':', e.g."
                            + " 784,30,10:784,100,10)" : ""));
                }
                domain = new Values(values);
            }
            merged.remove(option); // the command line's list takes the place, and the order, of the file's
            merged.put(option, domain);
        }
        List<Long> seedList = this.seeds;
        if (seeds != null) {
            seedList = new ArrayList<>();
            for (String s : seeds.split(",", -1)) {
                try {
                    seedList.add(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--seeds " + seeds + ": expected whole numbers separated by"
                            + " commas, e.g. 1,2,3");
                }
            }
        }
        Search s = randomSamples != null ? Search.RANDOM : search;
        int n = randomSamples != null ? randomSamples : samples;
        if (randomSamples != null && randomSamples < 1) {
            throw new IllegalArgumentException("--random must be at least 1, got " + randomSamples);
        }
        boolean changed = !lists.isEmpty() || seeds != null || randomSamples != null || searchSeed != null;
        String from = changed && !source.equals("the command line") ? source + " with the command line" : source;
        return new SweepSpec(from, s, n, searchSeed != null ? searchSeed : this.searchSeed, seedList, merged)
                .checked();
    }

    /** {@return the search: the grid or a random sample} */
    public Search search() {
        return search;
    }

    /** {@return the seeds every configuration is trained with, distinct, in the spec's order} */
    public List<Long> seeds() {
        return seeds;
    }

    /** {@return the options this spec sets, without their leading dashes (e.g. {@code eta}), in the spec's order} */
    public List<String> optionNames() {
        List<String> names = new ArrayList<>();
        for (String o : options.keySet()) {
            names.add(o.substring(2));
        }
        return names;
    }

    /**
     * The configurations, each a map from option (without dashes, e.g. {@code eta}) to its value as written on
     * {@code nn train}'s command line, in the spec's order; each is checked with the trainer's rules.
     *
     * @return for a grid every combination of the values, the last option varying fastest; for a random search
     *         exactly {@code samples} distinct configurations drawn with the search's seed, never fewer
     * @throws IllegalArgumentException with a one-line message naming the source, the option and the value, if
     *                                  the trainer refuses a configuration; or, for a random search, naming the
     *                                  number of samples asked for and the number of distinct configurations the
     *                                  lists and whole-number ranges make, when that is fewer, or the number
     *                                  1,000 draws per sample found, when they found fewer
     */
    public List<Map<String, String>> configurations() {
        List<Map<String, String>> configurations = search == Search.GRID ? grid() : randomSample();
        for (Map<String, String> c : configurations) {
            try {
                TrainOptions.parse(Trial.arguments(c));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage());
            }
        }
        return configurations;
    }

    /**
     * {@return every configuration with every seed: the sweep's trials, configuration by configuration}
     *
     * @throws IllegalArgumentException as {@link #configurations()} does, if the trainer refuses a configuration
     */
    public List<Trial> trials() {
        List<Trial> trials = new ArrayList<>();
        for (Map<String, String> c : configurations()) {
            for (long seed : seeds) {
                trials.add(new Trial(c, seed));
            }
        }
        return trials;
    }

    /**
     * {@return the options that take more than one value (a range always does), without their dashes: the ones a
     * table or a heat map shows}
     */
    public List<String> varied() {
        List<String> varied = new ArrayList<>();
        for (Map.Entry<String, Domain> e : options.entrySet()) {
            if (e.getValue() instanceof Range || ((Values) e.getValue()).values().stream().distinct().count() > 1) {
                varied.add(e.getKey().substring(2));
            }
        }
        return varied;
    }

    private List<Map<String, String>> grid() {
        List<Map<String, String>> grid = new ArrayList<>();
        grid.add(new LinkedHashMap<>());
        for (Map.Entry<String, Domain> e : options.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : grid) {
                for (String v : ((Values) e.getValue()).values()) {
                    Map<String, String> c = new LinkedHashMap<>(partial);
                    c.put(e.getKey().substring(2), v);
                    next.add(c);
                }
            }
            grid = next;
        }
        return grid;
    }

    private List<Map<String, String>> randomSample() {
        SplittableRandom random = new SplittableRandom(searchSeed);
        Set<Map<String, String>> drawn = new LinkedHashSet<>();
        long gridSize = 1;
        boolean finite = true;
        for (Domain d : options.values()) {
            long count;
            if (d instanceof Values v) {
                count = v.values().stream().distinct().count();
            } else if (d instanceof Range r && r.kind().equals("int-uniform")) {
                count = (long) r.to() - (long) r.from() + 1;
            } else {
                finite = false;
                continue;
            }
            // Saturates rather than overflows; any cap far above a sample count will do.
            gridSize = gridSize > Long.MAX_VALUE / 1024 / count ? Long.MAX_VALUE / 1024 : gridSize * count;
        }
        if (finite && gridSize < samples) {
            throw new IllegalArgumentException(source + ": " + samples + " random samples asked for, but the"
                    + " lists make only " + gridSize + " distinct configurations");
        }
        for (int attempt = 0; drawn.size() < samples && attempt < 1000 * samples; attempt++) {
            Map<String, String> c = new LinkedHashMap<>();
            for (Map.Entry<String, Domain> e : options.entrySet()) {
                String value = e.getValue() instanceof Values v ? v.values().get(random.nextInt(v.values().size()))
                        : ((Range) e.getValue()).draw(random);
                c.put(e.getKey().substring(2), value);
            }
            drawn.add(c);
        }
        if (drawn.size() < samples) { // ranges rounded to 3 significant digits hold finitely many values
            throw new IllegalArgumentException(source + ": " + samples + " random samples asked for, but "
                    + 1000L * samples + " draws found only " + drawn.size() + " distinct configurations; ask for"
                    + " fewer or widen the ranges");
        }
        return new ArrayList<>(drawn);
    }

    private SweepSpec checked() {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException(source + ": \"seeds\" is an empty list; give at least one seed");
        }
        if (seeds.stream().distinct().count() < seeds.size()) {
            throw new IllegalArgumentException(source + ": the seeds " + seeds + " repeat one");
        }
        if (search == Search.RANDOM && samples < 1) {
            throw new IllegalArgumentException(source + ": a random search needs \"samples\" (or --random N), the"
                    + " number of configurations to draw");
        }
        for (Map.Entry<String, Domain> e : options.entrySet()) {
            if (e.getValue() instanceof Range && search == Search.GRID) {
                throw new IllegalArgumentException(source + ": " + e.getKey() + " is a range, which only a random"
                        + " search can draw from (\"search\": \"random\" or --random N)");
            }
        }
        return this;
    }

    private static String optionName(String where, String key) {
        String option = key.startsWith("--") ? key : "--" + key;
        if (!SWEEPABLE.containsKey(option)) {
            String why = TrainOptions.NOT_SWEPT.contains(option) ? " is not swept (" + (option.equals("--seed")
                    ? "give seeds as \"seeds\" or --seeds" : "a trial uses the sweep's data and writes no files")
                    + ")" : " is not an option of nn train";
            throw new IllegalArgumentException(where + ": " + key + why + "; the options a sweep can vary: "
                    + String.join(", ", SWEEPABLE.keySet().stream().map(o -> o.substring(2)).toList()));
        }
        return option;
    }

    private static Domain domain(String where, String option, JsonNode node) {
        TrainOptions.Kind kind = SWEEPABLE.get(option);
        if (node.isObject()) {
            if (node.size() != 1) {
                throw new IllegalArgumentException(where + ": a range is one of {\"uniform\": [a, b]},"
                        + " {\"log-uniform\": [a, b]} or {\"int-uniform\": [a, b]}, got " + node);
            }
            String k = node.fieldNames().next();
            JsonNode ends = node.get(k);
            if (!List.of("uniform", "log-uniform", "int-uniform").contains(k) || !ends.isArray() || ends.size() != 2
                    || !ends.get(0).isNumber() || !ends.get(1).isNumber()) {
                throw new IllegalArgumentException(where + ": a range is one of {\"uniform\": [a, b]},"
                        + " {\"log-uniform\": [a, b]} or {\"int-uniform\": [a, b]} with two numbers, got " + node);
            }
            return range(where, k, ends.get(0).asDouble(), ends.get(1).asDouble());
        }
        List<JsonNode> items = new ArrayList<>();
        boolean oneValue = !node.isArray() || (kind == TrainOptions.Kind.LIST && node.size() > 0
                && !node.get(0).isArray());
        if (oneValue) {
            items.add(node);
        } else {
            node.forEach(items::add);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException(where + " is an empty list; give at least one value");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : items) {
            values.add(value(where, kind, item));
        }
        return new Values(values);
    }

    private static String value(String where, TrainOptions.Kind kind, JsonNode item) {
        if (kind == TrainOptions.Kind.LIST && item.isArray()) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException(where + ": an empty list as a value");
            }
            List<String> parts = new ArrayList<>();
            for (JsonNode p : item) {
                parts.add(scalar(where, p));
            }
            return String.join(",", parts);
        }
        if (kind == TrainOptions.Kind.FLAG && !item.isBoolean()) {
            throw new IllegalArgumentException(where + ": a flag takes true or false, got " + item);
        }
        return scalar(where, item);
    }

    private static String scalar(String where, JsonNode p) {
        if (p.isNumber()) {
            return p.isIntegralNumber() ? p.bigIntegerValue().toString() : Double.toString(p.doubleValue());
        }
        if (p.isTextual() || p.isBoolean()) {
            return p.asText();
        }
        throw new IllegalArgumentException(where + ": expected a number, a string or true/false, got " + p);
    }

    private static Range range(String where, String kind, double from, double to) {
        if (!Double.isFinite(from) || !Double.isFinite(to) || !(from < to)) {
            throw new IllegalArgumentException(where + ": a range needs two finite numbers a < b");
        }
        if (kind.equals("log-uniform") && !(from > 0)) {
            throw new IllegalArgumentException(where + ": a log-uniform range needs a > 0");
        }
        if (kind.equals("int-uniform") && (from != Math.rint(from) || to != Math.rint(to))) {
            throw new IllegalArgumentException(where + ": an int-uniform range needs whole numbers");
        }
        return new Range(kind, from, to);
    }

    private static double number(String option, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": " + text + " is not a number");
        }
    }

    private static List<Long> seeds(String where, JsonNode node) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(where + " must be a list of whole numbers, e.g. [1, 2, 3]");
        }
        List<Long> seeds = new ArrayList<>();
        for (JsonNode s : node) {
            if (!s.isIntegralNumber() || !s.canConvertToLong()) {
                throw new IllegalArgumentException(where + " must be a list of whole numbers, got " + s);
            }
            seeds.add(s.asLong());
        }
        return seeds;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s search over %s, seeds %s", search.name().toLowerCase(Locale.ROOT),
                options.keySet(), seeds);
    }
}
